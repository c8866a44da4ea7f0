package dev.trawl.extract;

import dev.trawl.rewrite.RewriteRule;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How the common gallery software names its thumbnails, as rewrites from a thumbnail's URL to the
 * URL its original most likely has. A guess is only a candidate: the caller must confirm it by
 * fetching it (an image answering 200) before using it. Pure and thread-safe.
 *
 * <table>
 *   <caption>Known names</caption>
 *   <tr><th>software</th><th>thumbnail</th><th>original</th></tr>
 *   <tr><td>WordPress</td><td>{@code photo-300x200.jpg}</td><td>{@code photo.jpg}</td></tr>
 *   <tr><td>MediaWiki</td><td>{@code /images/thumb/a/ab/P.jpg/120px-P.jpg}</td>
 *       <td>{@code /images/a/ab/P.jpg}</td></tr>
 *   <tr><td>Piwigo</td><td>{@code /_data/i/upload/2020/01/01/p-th.jpg}</td>
 *       <td>{@code /upload/2020/01/01/p.jpg}</td></tr>
 *   <tr><td>Coppermine and others</td><td>{@code thumb_p.jpg}, {@code normal_p.jpg}</td>
 *       <td>{@code p.jpg}</td></tr>
 *   <tr><td>many</td><td>{@code p_thumb.jpg}, {@code /thumbs/p.jpg}, {@code p.jpg?w=200}</td>
 *       <td>{@code p.jpg}, {@code /p.jpg}, {@code p.jpg}</td></tr>
 * </table>
 */
public final class ThumbnailNames {
  private static final Set<String> PICTURE_EXTENSIONS =
      Set.of(
          "jpg", "jpeg", "jpe", "png", "gif", "webp", "avif", "bmp", "jxl", "tif", "tiff", "svg",
          "heic");

  /**
   * One way to turn a thumbnail's URL into its original's.
   *
   * @param software who names thumbnails this way (for evidence lines)
   * @param rewrite the rewrite, usable as {@code --rewrite}
   * @param original the guessed original of the URL it was made for
   */
  public record Guess(String software, RewriteRule rewrite, String original) {}

  private record Rule(String software, RewriteRule rewrite) {}

  private static final List<Rule> RULES =
      List.of(
          rule("MediaWiki", "/thumb/([0-9a-f]/[0-9a-f]{2}/[^/]+)/[^/]+$=>/$1"),
          rule(
              "Piwigo",
              "/_data/i/(upload/.+)-(?:sq|th|2s|xs|sm|me|la|xl|xx|cu_[a-z0-9_]+)"
                  + "(\\.[A-Za-z0-9]+)$=>/$1$2"),
          rule("WordPress", "-[0-9]{2,5}x[0-9]{2,5}(\\.(?i:jpe?g|png|gif|webp|avif))(?=$|\\?)=>$1"),
          rule("a thumb_ prefix", "/thumb_([^/?]+)$=>/$1"),
          rule("a normal_ prefix", "/normal_([^/?]+)$=>/$1"),
          rule("a _thumb suffix", "[-_.]thumb(?:nail)?(\\.[A-Za-z0-9]+)$=>$1"),
          rule("a /thumbs/ folder", "/thumbs?/([^/]+)$=>/$1"),
          rule("a /thumbnails/ folder", "/thumbnails/([^/]+)$=>/$1"),
          rule(
              "size parameters",
              "\\?(?:(?:w|h|width|height|resize|fit|size|crop|quality|q|dpr|zoom|ssl)=[^&]*&?)+$=>"));

  private ThumbnailNames() {}

  private static Rule rule(String software, String spec) {
    return new Rule(software, RewriteRule.parse(spec));
  }

  /**
   * The guesses that change {@code url}, most specific first. Empty when no known naming applies.
   */
  public static List<Guess> guesses(String url) {
    List<Guess> out = new ArrayList<>();
    for (Rule r : RULES) {
      String original = r.rewrite().apply(url);
      if (!original.equals(url) && PageExtractor.resolve(url, original) != null) {
        out.add(new Guess(r.software(), r.rewrite(), original));
      }
    }
    return out;
  }

  /**
   * Whether the URL's path ends in a picture file extension ({@code .jpg}, {@code .png}...) and is
   * not a wiki page named after a file ({@code /wiki/File:Photo.jpg}).
   */
  public static boolean isPictureFile(String url) {
    String path;
    try {
      path = URI.create(url).getRawPath();
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (path == null) {
      return false;
    }
    if (path.indexOf(':') >= 0) {
      return false; // a wiki page named after its file: /wiki/File:Photo.jpg
    }
    int dot = path.lastIndexOf('.');
    if (dot < 0 || dot < path.lastIndexOf('/')) {
      return false;
    }
    return PICTURE_EXTENSIONS.contains(path.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}
