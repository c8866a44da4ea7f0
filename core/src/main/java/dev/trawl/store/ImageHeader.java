package dev.trawl.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a picture's width and height from the first bytes of its body, without decoding it: JPEG
 * (the first SOF segment), PNG (IHDR), GIF (logical screen), WebP (VP8, VP8L, VP8X), AVIF (the
 * {@code ispe} property of the primary item in its HEIF container), BMP (the DIB header). Pure and
 * thread-safe.
 *
 * <p>{@link #read} answers with the size, with null when the bytes seen so far end before it (call
 * again with more), or throws {@link BadHeaderException} when they cannot be a header of the
 * format.
 */
public final class ImageHeader {
  private ImageHeader() {}

  /** A header that is not one of its format, or that ended before it showed a size. */
  public static final class BadHeaderException extends java.io.IOException {
    private final String reason;

    public BadHeaderException(String reason) {
      super(reason);
      this.reason = reason;
    }

    /** What is wrong, for the manifest: "truncated PNG header", "bad JPEG header (...)". */
    public String reason() {
      return reason;
    }
  }

  /**
   * The size stated by the first {@code length} bytes of {@code head}, a body of format {@code
   * type}; {@link Dimensions#UNKNOWN} for SVG.
   *
   * @return the size, or null when more bytes are needed
   * @throws BadHeaderException when the bytes are not a header of {@code type}
   */
  public static Dimensions read(ImageType type, byte[] head, int length) throws BadHeaderException {
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(head, "head == null");
    if (length < 0 || length > head.length) {
      throw new IllegalArgumentException("length out of range 0.." + head.length + ": " + length);
    }
    Bytes b = new Bytes(head, length);
    return switch (type) {
      case JPEG -> jpeg(b);
      case PNG -> png(b);
      case GIF -> b.has(0, 10) ? size(type, b.u16le(6), b.u16le(8)) : null;
      case WEBP -> webp(b);
      case AVIF -> isoBmff(type, b);
      case BMP -> bmp(b);
      case SVG -> Dimensions.UNKNOWN;
    };
  }

  /**
   * What {@link #read} says once the body has ended after {@code length} bytes: a size, or a
   * failure naming the format ("truncated JPEG header").
   */
  public static Dimensions readComplete(ImageType type, byte[] body, int length)
      throws BadHeaderException {
    Dimensions d = read(type, body, length);
    if (d == null) {
      throw new BadHeaderException("truncated " + name(type) + " header");
    }
    return d;
  }

  private static Dimensions png(Bytes b) throws BadHeaderException {
    if (!b.has(0, 24)) {
      return null;
    }
    if (!b.ascii(12, "IHDR")) {
      throw bad(ImageType.PNG, "no IHDR chunk first");
    }
    return size(ImageType.PNG, b.u32be(16), b.u32be(20));
  }

  private static Dimensions bmp(Bytes b) throws BadHeaderException {
    if (!b.has(0, 18)) {
      return null;
    }
    long dib = b.u32le(14);
    if (dib == 12) {
      return b.has(0, 22) ? size(ImageType.BMP, b.u16le(18), b.u16le(20)) : null;
    }
    if (!b.has(0, 26)) {
      return null;
    }
    // a negative height means rows stored top-down
    return size(ImageType.BMP, Math.abs((int) b.u32le(18)), Math.abs((int) b.u32le(22)));
  }

  private static Dimensions webp(Bytes b) throws BadHeaderException {
    if (!b.has(0, 16)) {
      return null;
    }
    if (b.ascii(12, "VP8 ")) {
      if (!b.has(0, 30)) {
        return null;
      }
      if (b.u8(23) != 0x9d || b.u8(24) != 0x01 || b.u8(25) != 0x2a) {
        throw bad(ImageType.WEBP, "no VP8 start code");
      }
      return size(ImageType.WEBP, b.u16le(26) & 0x3fff, b.u16le(28) & 0x3fff);
    }
    if (b.ascii(12, "VP8L")) {
      if (!b.has(0, 25)) {
        return null;
      }
      if (b.u8(20) != 0x2f) {
        throw bad(ImageType.WEBP, "no VP8L signature");
      }
      long bits = b.u32le(21);
      return size(ImageType.WEBP, (int) (bits & 0x3fff) + 1, (int) ((bits >> 14) & 0x3fff) + 1);
    }
    if (b.ascii(12, "VP8X")) {
      if (!b.has(0, 30)) {
        return null;
      }
      return size(ImageType.WEBP, b.u24le(24) + 1, b.u24le(27) + 1);
    }
    throw bad(ImageType.WEBP, "unknown chunk " + b.text(12, 4));
  }

  private static Dimensions jpeg(Bytes b) throws BadHeaderException {
    int i = 2;
    while (true) {
      if (!b.has(i, 2)) {
        return null;
      }
      if (b.u8(i) != 0xff) {
        throw bad(ImageType.JPEG, "no marker at byte " + i);
      }
      int marker = b.u8(i + 1);
      if (marker == 0xff) {
        i++; // fill byte
        continue;
      }
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
        i += 2; // markers without a length
        continue;
      }
      if (marker == 0xd9 || marker == 0xda) {
        throw bad(ImageType.JPEG, "no frame header before the image data");
      }
      if (!b.has(i + 2, 2)) {
        return null;
      }
      int length = b.u16be(i + 2);
      if (length < 2) {
        throw bad(ImageType.JPEG, "segment length " + length + " at byte " + i);
      }
      boolean frame =
          marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
      if (frame) {
        if (!b.has(i + 4, 5)) {
          return null;
        }
        return size(ImageType.JPEG, b.u16be(i + 7), b.u16be(i + 5));
      }
      i += 2 + length;
    }
  }

  /**
   * AVIF (a HEIF container): the {@code ispe} of the primary item, inside the top-level {@code
   * meta}.
   */
  private static Dimensions isoBmff(ImageType type, Bytes b) throws BadHeaderException {
    long at = 0;
    while (true) {
      if (!b.has(at, 8)) {
        return null;
      }
      long size = box(type, b, at);
      if (b.ascii(at + 4, "meta")) {
        if (!b.has(at, size)) {
          return null;
        }
        return meta(type, b, at + 12, at + size);
      }
      if (size == 0) {
        throw bad(type, "no meta box");
      }
      at += size;
    }
  }

  private static Dimensions meta(ImageType type, Bytes b, long from, long end)
      throws BadHeaderException {
    long primary = -1;
    long ipco = -1;
    long ipcoEnd = -1;
    long ipma = -1;
    long ipmaEnd = -1;
    for (long at = from; at + 8 <= end; ) {
      long size = box(type, b, at);
      if (size == 0 || at + size > end) {
        throw bad(type, "box overruns the meta box");
      }
      if (b.ascii(at + 4, "pitm")) {
        primary = b.u8(at + 8) == 0 ? b.u16be(at + 12) : b.u32be(at + 12);
      } else if (b.ascii(at + 4, "iprp")) {
        for (long in = at + 8; in + 8 <= at + size; ) {
          long s = box(type, b, in);
          if (s == 0 || in + s > at + size) {
            throw bad(type, "box overruns the iprp box");
          }
          if (b.ascii(in + 4, "ipco")) {
            ipco = in + 8;
            ipcoEnd = in + s;
          } else if (b.ascii(in + 4, "ipma") && ipma < 0) {
            ipma = in;
            ipmaEnd = in + s;
          }
          in += s;
        }
      }
      at += size;
    }
    if (ipco < 0) {
      throw bad(type, "no item properties");
    }
    List<long[]> properties = new ArrayList<>(); // {offset, is ispe}
    for (long at = ipco; at + 8 <= ipcoEnd; ) {
      long size = box(type, b, at);
      if (size == 0 || at + size > ipcoEnd) {
        throw bad(type, "box overruns the ipco box");
      }
      properties.add(new long[] {at, b.ascii(at + 4, "ispe") ? 1 : 0});
      at += size;
    }
    if (ipma >= 0 && primary >= 0) {
      long[] ispe = primaryIspe(b, ipma, ipmaEnd, primary, properties);
      if (ispe != null) {
        return size(type, (int) b.u32be(ispe[0] + 12), (int) b.u32be(ispe[0] + 16));
      }
    }
    // no association found: the largest size any item declares
    Dimensions best = null;
    for (long[] p : properties) {
      if (p[1] == 1) {
        Dimensions d = size(type, (int) b.u32be(p[0] + 12), (int) b.u32be(p[0] + 16));
        if (best == null || (long) d.width() * d.height() > (long) best.width() * best.height()) {
          best = d;
        }
      }
    }
    if (best == null) {
      throw bad(type, "no ispe property");
    }
    return best;
  }

  private static long[] primaryIspe(
      Bytes b, long ipma, long end, long primary, List<long[]> properties) {
    int version = b.u8(ipma + 8);
    boolean wide = (b.u8(ipma + 11) & 1) != 0;
    long count = b.u32be(ipma + 12);
    long at = ipma + 16;
    for (long e = 0; e < count && at < end; e++) {
      long item = version < 1 ? b.u16be(at) : b.u32be(at);
      at += version < 1 ? 2 : 4;
      int n = b.u8(at++);
      for (int k = 0; k < n && at < end; k++) {
        int index = wide ? b.u16be(at) & 0x7fff : b.u8(at) & 0x7f;
        at += wide ? 2 : 1;
        if (item == primary && index >= 1 && index <= properties.size()) {
          long[] p = properties.get(index - 1);
          if (p[1] == 1) {
            return p;
          }
        }
      }
    }
    return null;
  }

  /** The size of the box at {@code at} (0 for "to the end"); needs 8 (or 16) bytes there. */
  private static long box(ImageType type, Bytes b, long at) throws BadHeaderException {
    long size = b.u32be(at);
    if (size == 1) {
      if (!b.has(at, 16)) {
        return Long.MAX_VALUE / 2; // a huge box: the caller waits for more bytes
      }
      size = b.u32be(at + 8) << 32 | b.u32be(at + 12);
    }
    if (size != 0 && size < 8) {
      throw bad(type, "box size " + size + " at byte " + at);
    }
    return size;
  }

  private static Dimensions size(ImageType type, long width, long height)
      throws BadHeaderException {
    if (width <= 0 || height <= 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      throw bad(type, "size " + width + "x" + height);
    }
    return new Dimensions((int) width, (int) height);
  }

  private static BadHeaderException bad(ImageType type, String what) {
    return new BadHeaderException("bad " + name(type) + " header (" + what + ")");
  }

  private static String name(ImageType type) {
    return type == ImageType.JPEG ? "JPEG" : type.extension().toUpperCase(java.util.Locale.ROOT);
  }

  /** Bounds-checked big- and little-endian reads; reading past the end is a bug of the caller. */
  private record Bytes(byte[] a, int length) {
    boolean has(long at, long n) {
      return at >= 0 && n >= 0 && at + n <= length;
    }

    int u8(long at) {
      if (at >= length) {
        return 0; // only ever beyond a checked length inside a box that claims more than it holds
      }
      return a[(int) at] & 0xff;
    }

    int u16be(long at) {
      return u8(at) << 8 | u8(at + 1);
    }

    int u16le(long at) {
      return u8(at) | u8(at + 1) << 8;
    }

    int u24le(long at) {
      return u8(at) | u8(at + 1) << 8 | u8(at + 2) << 16;
    }

    long u32be(long at) {
      return (long) u8(at) << 24 | u8(at + 1) << 16 | u8(at + 2) << 8 | u8(at + 3);
    }

    long u32le(long at) {
      return u8(at) | u8(at + 1) << 8 | u8(at + 2) << 16 | (long) u8(at + 3) << 24;
    }

    boolean ascii(long at, String s) {
      return has(at, s.length()) && text(at, s.length()).equals(s);
    }

    String text(long at, int n) {
      int end = (int) Math.min(length, at + n);
      return new String(a, (int) at, Math.max(0, end - (int) at), StandardCharsets.ISO_8859_1);
    }
  }
}
