package dev.trawl.store;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Image formats trawl saves, recognised by their magic bytes (SVG by its content), never by the URL
 * or the Content-Type header, so an HTML error page served as {@code image/jpeg} is rejected.
 */
public enum ImageType {
  JPEG("jpg", "image/jpeg", "jpeg", "jpe", "jfif"),
  PNG("png", "image/png"),
  GIF("gif", "image/gif"),
  WEBP("webp", "image/webp"),
  AVIF("avif", "image/avif"),
  BMP("bmp", "image/bmp", "dib"),
  SVG("svg", "image/svg+xml");

  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private final String extension;
  private final String mimeType;
  private final List<String> otherExtensions;

  ImageType(String extension, String mimeType, String... otherExtensions) {
    this.extension = extension;
    this.mimeType = mimeType;
    this.otherExtensions = List.of(otherExtensions);
  }

  /** The usual file extension, lower case, without the dot: {@code "jpg"}, {@code "png"}... */
  public String extension() {
    return extension;
  }

  /** The MIME type, e.g. {@code "image/jpeg"} or {@code "image/svg+xml"}. */
  public String mimeType() {
    return mimeType;
  }

  /**
   * True when {@code ext} (without the dot, any case) is an extension of this format, e.g. {@code
   * jpg}, {@code jpeg}, {@code jpe} for JPEG.
   */
  public boolean matchesExtension(String ext) {
    if (ext == null) {
      return false;
    }
    String lower = ext.toLowerCase(Locale.ROOT);
    return lower.equals(extension) || otherExtensions.contains(lower);
  }

  /**
   * The format of a body from its first bytes; 512 are enough for every format. Empty for anything
   * else: HTML, text, truncated or empty input.
   *
   * @param head the first bytes of the body
   * @param length how many bytes of {@code head} are valid
   */
  public static Optional<ImageType> sniff(byte[] head, int length) {
    Objects.requireNonNull(head, "head == null");
    if (length < 0 || length > head.length) {
      throw new IllegalArgumentException("length out of range 0.." + head.length + ": " + length);
    }
    if (startsWith(head, length, 0, (byte) 0xff, (byte) 0xd8, (byte) 0xff)) {
      return Optional.of(JPEG);
    }
    if (startsWith(head, length, 0, PNG_MAGIC)) {
      return Optional.of(PNG);
    }
    if (startsWithAscii(head, length, 0, "GIF87a") || startsWithAscii(head, length, 0, "GIF89a")) {
      return Optional.of(GIF);
    }
    if (startsWithAscii(head, length, 0, "RIFF") && startsWithAscii(head, length, 8, "WEBP")) {
      return Optional.of(WEBP);
    }
    if (isAvif(head, length)) {
      return Optional.of(AVIF);
    }
    if (isBmp(head, length)) {
      return Optional.of(BMP);
    }
    if (isSvg(head, length)) {
      return Optional.of(SVG);
    }
    return Optional.empty();
  }

  /** An ISO-BMFF {@code ftyp} box naming avif/avis as major or compatible brand. */
  private static boolean isAvif(byte[] b, int length) {
    if (!startsWithAscii(b, length, 4, "ftyp") || length < 12) {
      return false;
    }
    long boxSize =
        ((b[0] & 0xffL) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    if (boxSize < 16) {
      return false;
    }
    int end = (int) Math.min(boxSize, length);
    for (int brand = 8; brand + 4 <= end; brand += brand == 8 ? 8 : 4) { // 12..16 is a version
      if (startsWithAscii(b, length, brand, "avif") || startsWithAscii(b, length, brand, "avis")) {
        return true;
      }
    }
    return false;
  }

  /** "BM" alone is common in text, so the DIB header size must be a known one too. */
  private static boolean isBmp(byte[] b, int length) {
    if (!startsWithAscii(b, length, 0, "BM") || length < 18) {
      return false;
    }
    int dib =
        (b[14] & 0xff) | ((b[15] & 0xff) << 8) | ((b[16] & 0xff) << 16) | ((b[17] & 0xff) << 24);
    return dib == 12
        || dib == 40
        || dib == 52
        || dib == 56
        || dib == 64
        || dib == 108
        || dib == 124;
  }

  /** BOM, whitespace, XML declaration, comments, processing instructions, DOCTYPE svg, then svg. */
  private static boolean isSvg(byte[] b, int length) {
    String s = new String(b, 0, length, StandardCharsets.UTF_8);
    int i = s.startsWith("\uFEFF") ? 1 : 0;
    while (true) {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (s.startsWith("<?", i)) {
        i = after(s, i, "?>");
      } else if (s.startsWith("<!--", i)) {
        i = after(s, i + 4, "-->");
      } else if (s.regionMatches(true, i, "<!DOCTYPE", 0, 9)) {
        int name = i + 9;
        while (name < s.length() && Character.isWhitespace(s.charAt(name))) {
          name++;
        }
        if (!s.startsWith("svg", name)) {
          return false;
        }
        int subset = s.indexOf('[', name);
        int close = s.indexOf('>', name);
        i = subset >= 0 && subset < close ? after(s, subset, "]>") : after(s, name, ">");
      } else {
        return startsSvgElement(s, i);
      }
      if (i < 0) {
        return false;
      }
    }
  }

  private static boolean startsSvgElement(String s, int i) {
    int name = i + 1;
    if (!s.startsWith("<", i)) {
      return false;
    }
    if (s.startsWith("svg:", name)) {
      name += 4;
    }
    if (!s.startsWith("svg", name) || name + 3 >= s.length()) {
      return false;
    }
    char next = s.charAt(name + 3);
    return next == '>' || next == '/' || Character.isWhitespace(next);
  }

  /** The index after {@code end} found from {@code from}, or -1. */
  private static int after(String s, int from, String end) {
    int at = s.indexOf(end, from);
    return at < 0 ? -1 : at + end.length();
  }

  private static boolean startsWith(byte[] b, int length, int offset, byte... magic) {
    if (offset + magic.length > length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (b[offset + i] != magic[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWithAscii(byte[] b, int length, int offset, String magic) {
    return startsWith(b, length, offset, magic.getBytes(StandardCharsets.US_ASCII));
  }
}
