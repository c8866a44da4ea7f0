package dev.trawl.demo;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Draws a work's picture (a gradient, coloured shapes and a little grain; no text) and encodes it
 * as JPEG. The scene depends only on the scene seed, so the thumbnail looks like the full picture.
 * Stateless and thread-safe.
 */
final class PictureRenderer {
  private static final float QUALITY = 0.85f;

  private PictureRenderer() {}

  static byte[] render(long sceneSeed, int width, int height, boolean grain) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.scale(width, height); // the scene lives in the unit square
      SplittableRandom random = new SplittableRandom(sceneSeed);
      g.setPaint(
          new GradientPaint(
              (float) random.nextDouble(),
              0f,
              color(random, 255),
              (float) random.nextDouble(),
              1f,
              color(random, 255)));
      g.fill(new Rectangle2D.Double(0, 0, 1, 1));
      int shapes = 6 + random.nextInt(10);
      for (int i = 0; i < shapes; i++) {
        g.setComposite(AlphaComposite.SrcOver);
        g.setColor(color(random, 90 + random.nextInt(150)));
        g.fill(shape(random));
      }
    } finally {
      g.dispose();
    }
    if (grain) {
      addGrain(image, new SplittableRandom(~sceneSeed));
    }
    return encode(image);
  }

  private static Color color(SplittableRandom random, int alpha) {
    return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), alpha);
  }

  private static Shape shape(SplittableRandom random) {
    double x = random.nextDouble(-0.1, 0.9);
    double y = random.nextDouble(-0.1, 0.9);
    double w = random.nextDouble(0.05, 0.5);
    double h = random.nextDouble(0.05, 0.5);
    switch (random.nextInt(4)) {
      case 0:
        return new Ellipse2D.Double(x, y, w, h);
      case 1:
        return new Rectangle2D.Double(x, y, w, h);
      case 2:
        return new RoundRectangle2D.Double(x, y, w, h, w / 3, h / 3);
      default:
        Path2D.Double triangle = new Path2D.Double();
        triangle.moveTo(x, y + h);
        triangle.lineTo(x + w / 2, y);
        triangle.lineTo(x + w, y + h);
        triangle.closePath();
        return triangle;
    }
  }

  // Grain makes the JPEG weigh what a photo of this size would (tens of KB), not a few KB.
  private static void addGrain(BufferedImage image, SplittableRandom random) {
    int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    long bits = 0;
    for (int i = 0; i < pixels.length; i++) {
      if ((i & 7) == 0) {
        bits = random.nextLong();
      }
      int noise = (int) ((bits >>> ((i & 7) << 3)) & 0xf) - 8; // one byte of randomness per pixel
      int rgb = pixels[i];
      pixels[i] =
          clamp(((rgb >> 16) & 0xff) + noise) << 16
              | clamp(((rgb >> 8) & 0xff) + noise) << 8
              | clamp((rgb & 0xff) + noise);
    }
  }

  private static int clamp(int channel) {
    return Math.max(0, Math.min(255, channel));
  }

  private static byte[] encode(BufferedImage image) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 * 1024);
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(QUALITY);
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
