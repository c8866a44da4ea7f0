package dev.trawl.extract;

import crawlercommons.sitemaps.AbstractSiteMap;
import crawlercommons.sitemaps.SiteMap;
import crawlercommons.sitemaps.SiteMapIndex;
import crawlercommons.sitemaps.SiteMapParser;
import crawlercommons.sitemaps.SiteMapURL;
import crawlercommons.sitemaps.UnknownFormatException;
import crawlercommons.sitemaps.extension.Extension;
import crawlercommons.sitemaps.extension.ExtensionMetadata;
import crawlercommons.sitemaps.extension.ImageAttributes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads sitemaps with crawler-commons' parser: a sitemap index gives the sitemaps it lists, a
 * sitemap gives its pages and, from the image extension ({@code <image:loc>}), its pictures. Plain
 * XML or gzipped ({@code .xml.gz}). Pure: no I/O beyond the bytes given; thread-safe.
 */
public final class SitemapReader {
  /** The most bytes a gzipped sitemap may inflate to (the protocol's limit is 50 MB). */
  public static final int MAX_INFLATED = 50 << 20;

  private static final int SNIFF = 2048;

  private SitemapReader() {}

  /**
   * True when the body is a sitemap or sitemap index: its XML root is {@code urlset} or {@code
   * sitemapindex}, gzipped or not. HTML pages and other XML are not.
   */
  public static boolean isSitemap(byte[] body) {
    byte[] head = body;
    if (isGzip(body)) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
        head = in.readNBytes(SNIFF);
      } catch (IOException e) {
        return false;
      }
    }
    String text =
        new String(head, 0, Math.min(head.length, SNIFF), StandardCharsets.ISO_8859_1)
            .toLowerCase(Locale.ROOT);
    int root = firstElement(text);
    return root >= 0 && (text.startsWith("urlset", root) || text.startsWith("sitemapindex", root));
  }

  /** Where the first element's name starts (after the prolog, comments and a doctype), or -1. */
  private static int firstElement(String text) {
    int i = 0;
    while (true) {
      i = text.indexOf('<', i);
      if (i < 0 || i + 1 >= text.length()) {
        return -1;
      }
      char c = text.charAt(i + 1);
      if (c == '?' || c == '!') {
        i++;
        continue;
      }
      return i + 1;
    }
  }

  /**
   * Reads a sitemap page.
   *
   * @return for an index, its sitemaps as {@link Extraction#nextPages()}; for a sitemap, its pages
   *     as {@link Extraction#followed()} and its {@code <image:loc>} pictures as {@link
   *     Extraction#images()}; only http(s) URLs, in document order, without duplicates
   * @throws ExtractException when the sitemap does not parse or inflates past {@link #MAX_INFLATED}
   */
  public static Extraction read(String pageUrl, byte[] body) {
    byte[] xml = isGzip(body) ? inflate(pageUrl, body) : body;
    SiteMapParser parser = new SiteMapParser(false); // not strict: pages may live anywhere
    parser.enableExtension(Extension.IMAGE);
    AbstractSiteMap map;
    try {
      map = parser.parseSiteMap("application/xml", xml, URI.create(pageUrl).toURL());
    } catch (UnknownFormatException | IOException | IllegalArgumentException e) {
      throw new ExtractException(pageUrl, "bad sitemap: " + firstLine(e.getMessage()));
    }
    Set<String> images = new LinkedHashSet<>();
    Set<String> pages = new LinkedHashSet<>();
    Set<String> sitemaps = new LinkedHashSet<>();
    if (map instanceof SiteMapIndex index) {
      for (AbstractSiteMap s : index.getSitemaps()) {
        add(sitemaps, pageUrl, s.getUrl().toString());
      }
    } else if (map instanceof SiteMap sitemap) {
      for (SiteMapURL u : sitemap.getSiteMapUrls()) {
        add(pages, pageUrl, u.getUrl().toString());
        ExtensionMetadata[] found = u.getAttributesForExtension(Extension.IMAGE);
        if (found != null) {
          for (ExtensionMetadata m : found) {
            if (m instanceof ImageAttributes image && image.getLoc() != null) {
              add(images, pageUrl, image.getLoc().toString());
            }
          }
        }
      }
    }
    return new Extraction(
        new ArrayList<>(images), new ArrayList<>(sitemaps), new ArrayList<>(pages));
  }

  private static void add(Set<String> to, String base, String url) {
    String resolved = PageExtractor.resolve(base, url);
    if (resolved != null) {
      to.add(resolved);
    }
  }

  private static boolean isGzip(byte[] body) {
    return body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
  }

  private static byte[] inflate(String pageUrl, byte[] body) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      byte[] xml = in.readNBytes(MAX_INFLATED + 1);
      if (xml.length > MAX_INFLATED) {
        throw new ExtractException(
            pageUrl, "sitemap inflates past " + (MAX_INFLATED >> 20) + " MiB");
      }
      return xml;
    } catch (IOException e) {
      throw new ExtractException(pageUrl, "bad gzip: " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
