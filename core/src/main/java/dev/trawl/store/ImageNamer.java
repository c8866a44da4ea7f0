package dev.trawl.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Safe file names for downloaded images, derived from the URL. Pure and thread-safe. A name is a
 * single path element that cannot escape the directory it is resolved against on any common file
 * system: no separators, no control characters, no {@code .}/{@code ..}, no Windows-reserved
 * characters or device names, at most {@value #MAX_BYTES} bytes in UTF-8.
 */
public final class ImageNamer {
  /** The longest name returned, in UTF-8 bytes (file systems allow 255). */
  public static final int MAX_BYTES = 200;

  private static final String FALLBACK = "image";
  private static final String RESERVED = "/\\<>:\"|?*";
  private static final Set<String> DEVICES =
      Set.of(
          "CON", "PRN", "AUX", "NUL", "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6",
          "COM7", "COM8", "COM9", "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7",
          "LPT8", "LPT9");

  private ImageNamer() {}

  /**
   * The file name for an image: the URL's last path segment (query and fragment ignored),
   * percent-decoded as UTF-8 (malformed escapes kept as they are), then sanitised. Unsafe
   * characters become {@code _}; leading dots and spaces and trailing dots and spaces are removed;
   * an empty result becomes {@code image}; Windows device names get a {@code _} prefix. The
   * extension is kept when it fits {@code type}, otherwise {@code .} + {@code type.extension()} is
   * appended ({@code view.php} becomes {@code view.php.jpg}). Long names lose the end of their
   * stem, never the extension.
   */
  public static String name(String url, ImageType type) {
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(type, "type == null");
    String name = sanitise(decode(lastSegment(url)));
    int dot = name.lastIndexOf('.');
    String stem = name;
    String ext = "";
    if (dot > 0 && type.matchesExtension(name.substring(dot + 1))) {
      stem = name.substring(0, dot);
      ext = name.substring(dot);
    } else {
      ext = "." + type.extension();
    }
    return fit(stem, ext, "");
  }

  /**
   * A deterministic alternative for a name already taken by different bytes: {@code stem-<first 12
   * hex digits>.ext}, still at most {@value #MAX_BYTES} bytes.
   *
   * @param name a name returned by {@link #name}
   * @param sha256Hex the content's SHA-256 in hex (at least 12 digits)
   */
  public static String withHashSuffix(String name, String sha256Hex) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(sha256Hex, "sha256Hex == null");
    if (sha256Hex.length() < 12 || !sha256Hex.substring(0, 12).matches("[0-9a-fA-F]{12}")) {
      throw new IllegalArgumentException("not a SHA-256 hex digest: " + sha256Hex);
    }
    int slash = name.lastIndexOf('/');
    String dir = name.substring(0, slash + 1);
    String file = name.substring(slash + 1);
    int dot = file.lastIndexOf('.');
    String stem = dot > 0 ? file.substring(0, dot) : file;
    String ext = dot > 0 ? file.substring(dot) : "";
    return dir + fit(stem, ext, "-" + sha256Hex.substring(0, 12).toLowerCase(Locale.ROOT));
  }

  /**
   * The URL's last path segment as {@link #name} sees it, without the extension when that fits
   * {@code type}: {@code thumbMid_42} for {@code .../thumbMid_42.jpg}, {@code view.php} for a JPEG
   * from {@code .../view.php?id=1}.
   */
  static String stem(String url, ImageType type) {
    String name = sanitise(decode(lastSegment(url)));
    int dot = name.lastIndexOf('.');
    if (dot > 0 && type.matchesExtension(name.substring(dot + 1))) {
      name = name.substring(0, dot);
    }
    return strip(name, false).isEmpty() ? FALLBACK : name;
  }

  /**
   * One path element made safe, as names are: unsafe characters become {@code _}, leading and
   * trailing dots and spaces go, device names get a {@code _} prefix, at most {@value #MAX_BYTES}
   * bytes, cut before {@code keepSuffix} when the text ends with it; {@code empty} stands for
   * whatever is left empty.
   */
  static String segment(String text, String keepSuffix, String empty) {
    String safe = clean(text);
    String stem = safe;
    String ext = "";
    if (!keepSuffix.isEmpty() && safe.endsWith(keepSuffix) && safe.length() > keepSuffix.length()) {
      stem = safe.substring(0, safe.length() - keepSuffix.length());
      ext = keepSuffix;
    }
    String cut = cut(stem, MAX_BYTES - utf8Length(ext));
    return (cut.isEmpty() ? empty : cut) + ext;
  }

  private static String lastSegment(String url) {
    int end = url.length();
    int query = url.indexOf('?');
    int hash = url.indexOf('#');
    if (query >= 0) {
      end = query;
    }
    if (hash >= 0 && hash < end) {
      end = hash;
    }
    String path = url.substring(0, end);
    int scheme = path.indexOf("://");
    if (scheme >= 0) {
      int slash = path.indexOf('/', scheme + 3);
      path = slash < 0 ? "" : path.substring(slash);
    }
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Percent-decodes as UTF-8; a '%' not followed by two hex digits stays as it is. */
  static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); ) {
      char c = s.charAt(i);
      int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
      int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
      if (c == '%' && hi >= 0 && lo >= 0) {
        bytes.write(hi << 4 | lo);
        i += 3;
      } else {
        int cp = s.codePointAt(i);
        bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String sanitise(String s) {
    String name = clean(s);
    return name.isEmpty() ? FALLBACK : name;
  }

  /** Unsafe characters replaced, dots and spaces stripped, devices prefixed; maybe empty. */
  private static String clean(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> sb.appendCodePoint(isUnsafe(cp) ? '_' : cp));
    String name = strip(sb.toString(), true);
    if (name.isEmpty()) {
      return name;
    }
    int dot = name.indexOf('.');
    String base = (dot < 0 ? name : name.substring(0, dot)).strip().toUpperCase(Locale.ROOT);
    return DEVICES.contains(base) ? "_" + name : name;
  }

  /** Controls (C0, DEL, C1), format characters like bidi overrides, separators, reserved. */
  private static boolean isUnsafe(int cp) {
    return Character.isISOControl(cp)
        || Character.getType(cp) == Character.FORMAT
        || Character.getType(cp) == Character.SURROGATE
        || cp == 0xFFFD
        || (cp < 0x80 && RESERVED.indexOf(cp) >= 0);
  }

  /** Removes trailing dots and spaces, and leading ones when {@code leading}. */
  private static String strip(String s, boolean leading) {
    int start = 0;
    int end = s.length();
    while (leading && start < end && (s.charAt(start) == '.' || s.charAt(start) == ' ')) {
      start++;
    }
    while (end > start && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == ' ')) {
      end--;
    }
    return s.substring(start, end);
  }

  /** stem + suffix + ext within MAX_BYTES, cutting the stem at a code point boundary. */
  private static String fit(String stem, String ext, String suffix) {
    String cut = cut(stem, MAX_BYTES - utf8Length(ext) - utf8Length(suffix));
    if (cut.isEmpty()) {
      cut = FALLBACK;
    }
    return cut + suffix + ext;
  }

  /** The longest start of {@code s} within {@code budget} UTF-8 bytes, trailing dots stripped. */
  private static String cut(String s, int budget) {
    int used = 0;
    int end = 0;
    while (end < s.length()) {
      int cp = s.codePointAt(end);
      int size = utf8Length(new String(Character.toChars(cp)));
      if (used + size > budget) {
        break;
      }
      used += size;
      end += Character.charCount(cp);
    }
    return end < s.length() ? strip(s.substring(0, end), false) : s;
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
