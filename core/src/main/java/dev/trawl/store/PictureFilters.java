package dev.trawl.store;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which pictures a crawl keeps: by URL (after rewrites, as wget2's {@code --accept-regex} and
 * {@code --reject-regex}: found anywhere in the URL), by format (by content), by size in pixels
 * (from the header, before the rest of the body is read) and by size in bytes. Each check returns
 * null to keep the picture or the reason it is skipped, naming the flag ("640x480 is narrower than
 * --min-width 900"). Immutable and thread-safe.
 *
 * @param minWidth the least width in pixels, 0 for any
 * @param minHeight the least height in pixels, 0 for any
 * @param minBytes the least body size, 0 for any
 * @param accept a URL must contain a match, or null
 * @param reject a URL must not contain a match, or null
 * @param types the formats kept; empty for all
 */
public record PictureFilters(
    int minWidth,
    int minHeight,
    long minBytes,
    Pattern accept,
    Pattern reject,
    Set<ImageType> types) {
  /** Keeps every picture. */
  public static final PictureFilters NONE = new PictureFilters(0, 0, 0, null, null, Set.of());

  private static final String[] FLAGS = {
    "--min-width", "--min-height", "--min-file-size", "--accept-regex", "--reject-regex", "--type"
  };

  public PictureFilters {
    if (minWidth < 0) {
      throw new IllegalArgumentException("min width < 0: " + minWidth);
    }
    if (minHeight < 0) {
      throw new IllegalArgumentException("min height < 0: " + minHeight);
    }
    if (minBytes < 0) {
      throw new IllegalArgumentException("min file size < 0: " + minBytes);
    }
    types = types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
  }

  /** True when the size in pixels matters, so headers must be read before the body. */
  public boolean needsSize() {
    return minWidth > 0 || minHeight > 0;
  }

  /**
   * The formats named in {@code --type}: extensions such as {@code jpg,png,webp} (also {@code
   * jpeg}, {@code svg}...), any case.
   *
   * @throws IllegalArgumentException naming a name that is no format trawl saves
   */
  public static Set<ImageType> types(Iterable<String> names) {
    Set<ImageType> types = EnumSet.noneOf(ImageType.class);
    for (String raw : names) {
      String name = raw.strip().toLowerCase(Locale.ROOT);
      ImageType found = null;
      for (ImageType t : ImageType.values()) {
        if (t.matchesExtension(name)) {
          found = t;
        }
      }
      if (found == null) {
        throw new IllegalArgumentException(
            "unknown --type '"
                + raw
                + "' (known: "
                + EnumSet.allOf(ImageType.class).stream()
                    .map(ImageType::extension)
                    .collect(Collectors.joining(","))
                + ")");
      }
      types.add(found);
    }
    return types;
  }

  /** Why a picture URL (after rewrites) is not wanted, or null. */
  public String refusalOfUrl(String url) {
    if (accept != null && !accept.matcher(url).find()) {
      return "URL does not match --accept-regex " + accept.pattern();
    }
    if (reject != null && reject.matcher(url).find()) {
      return "URL matches --reject-regex " + reject.pattern();
    }
    return null;
  }

  /** Why a body of this format is not wanted, or null. */
  public String refusalOfType(ImageType type) {
    if (types.isEmpty() || types.contains(type)) {
      return null;
    }
    return type.extension()
        + " is not among --type "
        + types.stream().sorted().map(ImageType::extension).collect(Collectors.joining(","));
  }

  /** Why a picture of this size is not wanted, or null; an unknown size passes. */
  public String refusalOfSize(Dimensions size) {
    if (!size.known()) {
      return null;
    }
    if (size.width() < minWidth) {
      return size + " is narrower than --min-width " + minWidth;
    }
    if (size.height() < minHeight) {
      return size + " is lower than --min-height " + minHeight;
    }
    return null;
  }

  /** Why a body of this many bytes is not wanted, or null. */
  public String refusalOfBytes(long bytes) {
    if (bytes < minBytes) {
      return bytes + " bytes is less than --min-file-size " + minBytes;
    }
    return null;
  }

  /** True when {@code reason} is a skip these filters give (whatever their values). */
  public static boolean isFilterReason(String reason) {
    if (reason == null) {
      return false;
    }
    for (String flag : FLAGS) {
      if (reason.contains(flag + " ")) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when a picture skipped by a filter earlier would be kept by these filters, judged by what
   * was learned of it then (what was not learned passes): such pictures are fetched again.
   *
   * @param url the picture URL after rewrites
   * @param contentType its MIME type by content, or null when not known
   * @param size its size, or {@link Dimensions#UNKNOWN}
   * @param bytes its body size, or 0 when not known
   */
  public boolean wouldKeep(String url, String contentType, Dimensions size, long bytes) {
    ImageType type = null;
    for (ImageType t : ImageType.values()) {
      if (t.mimeType().equals(contentType)) {
        type = t;
      }
    }
    return refusalOfUrl(url) == null
        && (type == null || refusalOfType(type) == null)
        && refusalOfSize(size) == null
        && (bytes <= 0 || refusalOfBytes(bytes) == null);
  }

  /** A picture skipped while it was being read: the reason and what was learned of it. */
  public static final class RefusedException extends java.io.IOException {
    private final String reason;
    private final ImageType type;
    private final Dimensions size;
    private final long bytes;

    public RefusedException(String reason, ImageType type, Dimensions size, long bytes) {
      super(reason);
      this.reason = reason;
      this.type = type;
      this.size = size == null ? Dimensions.UNKNOWN : size;
      this.bytes = bytes;
    }

    public String reason() {
      return reason;
    }

    /** The format, or null when the refusal came before the body. */
    public ImageType type() {
      return type;
    }

    public Dimensions size() {
      return size;
    }

    /** The body's size when it was read to its end, else 0. */
    public long bytes() {
      return bytes;
    }
  }
}
