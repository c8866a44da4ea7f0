package dev.trawl.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/**
 * Small real pictures of every format trawl reads sizes from: JPEG, PNG, GIF and BMP written by
 * ImageIO, WebP (VP8, VP8L, VP8X) and AVIF headers laid out as their specifications say.
 */
public final class Pictures {
  private Pictures() {}

  /** A picture of {@code format} ("jpg", "png", "gif", "bmp") drawn by ImageIO. */
  public static byte[] drawn(String format, int width, int height, int seed) {
    BufferedImage img =
        new BufferedImage(
            width,
            height,
            format.equals("jpg") || format.equals("bmp")
                ? BufferedImage.TYPE_INT_RGB
                : BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(Color.HSBtoRGB((seed % 37) / 37f, 0.55f, 0.9f)));
    g.fillRect(0, 0, width, height);
    g.setColor(new Color(Color.HSBtoRGB((seed % 11) / 11f, 0.7f, 0.5f)));
    g.fillOval(width / 4, height / 4, Math.max(1, width / 2), Math.max(1, height / 2));
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format.equals("jpg") ? "jpeg" : format, out)) {
        throw new IllegalArgumentException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A lossy WebP header (RIFF, VP8 chunk with its key frame header). */
  public static byte[] webpLossy(int width, int height) {
    ByteBuffer b = riff("VP8 ", 10);
    b.put(new byte[] {0x30, 0x01, 0x00, (byte) 0x9d, 0x01, 0x2a});
    b.putShort((short) width).putShort((short) height);
    return b.array();
  }

  /** A lossless WebP header (VP8L: signature 0x2f, 14-bit width - 1 and height - 1). */
  public static byte[] webpLossless(int width, int height) {
    ByteBuffer b = riff("VP8L", 5);
    b.put((byte) 0x2f);
    b.putInt((width - 1) | (height - 1) << 14);
    return b.array();
  }

  /** An extended WebP header (VP8X: 24-bit canvas width - 1 and height - 1). */
  public static byte[] webpExtended(int width, int height) {
    ByteBuffer b = riff("VP8X", 10);
    b.putInt(0);
    put24(b, width - 1);
    put24(b, height - 1);
    return b.array();
  }

  private static ByteBuffer riff(String chunk, int payload) {
    ByteBuffer b = ByteBuffer.allocate(20 + payload).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii("RIFF")).putInt(12 + payload).put(ascii("WEBP")).put(ascii(chunk)).putInt(payload);
    return b;
  }

  private static void put24(ByteBuffer b, int v) {
    b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
  }

  /**
   * An AVIF file's boxes up to its size: ftyp, then meta with pitm (primary item 1), iprp (ipco
   * with an ispe of 64x64 for item 2, the primary's {@code width x height}) and ipma.
   */
  public static byte[] avif(int width, int height) {
    byte[] ftyp = box("ftyp", concat(ascii("avif"), new byte[4], ascii("avifmif1miaf")));
    byte[] hdlr = fullBox("hdlr", concat(new byte[4], ascii("pict"), new byte[13]));
    byte[] pitm = fullBox("pitm", new byte[] {0, 1});
    byte[] tile = fullBox("ispe", concat(int32(64), int32(64)));
    byte[] main = fullBox("ispe", concat(int32(width), int32(height)));
    byte[] ipco = box("ipco", concat(tile, main));
    // two entries: item 2 -> property 1, item 1 -> property 2
    byte[] ipma =
        fullBox("ipma", concat(int32(2), new byte[] {0, 2, 1, 1}, new byte[] {0, 1, 1, 2}));
    byte[] iprp = box("iprp", concat(ipco, ipma));
    byte[] meta = fullBox("meta", concat(hdlr, pitm, iprp));
    byte[] mdat = box("mdat", new byte[32]);
    return concat(ftyp, meta, mdat);
  }

  private static byte[] box(String type, byte[] payload) {
    return concat(int32(8 + payload.length), ascii(type), payload);
  }

  private static byte[] fullBox(String type, byte[] payload) {
    return box(type, concat(new byte[4], payload));
  }

  private static byte[] int32(int v) {
    return ByteBuffer.allocate(4).putInt(v).array();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** The arrays one after another. */
  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
