package dev.trawl.store;

/**
 * A picture's size in pixels as its header states it (before any EXIF rotation), or {@link
 * #UNKNOWN} for formats without one (SVG).
 */
public record Dimensions(int width, int height) {
  /** The size of a picture whose format has none in its header. */
  public static final Dimensions UNKNOWN = new Dimensions(-1, -1);

  public Dimensions {
    if ((width < 0 || height < 0) && (width != -1 || height != -1)) {
      throw new IllegalArgumentException("bad size: " + width + "x" + height);
    }
  }

  public boolean known() {
    return width >= 0;
  }

  @Override
  public String toString() {
    return known() ? width + "x" + height : "unknown size";
  }
}
