package dev.trawl.demo;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Work ids shaped like PHP's {@code uniqid()} (as on the seed's site, e.g. {@code 5ae3e05fd3945}):
 * 8 hex digits of upload seconds then 5 of microseconds. Page 1 holds the newest works; seconds
 * strictly decrease along the gallery, so ids are unique without a lookup.
 */
final class WorkIds {
  private static final long OLDEST_BASE = 0x5a000000L;

  private WorkIds() {}

  static List<String> generate(long seed, int pages, int worksPerPage) {
    SplittableRandom random = new SplittableRandom(mix(seed));
    long seconds = OLDEST_BASE + (mix(~seed) >>> 40);
    List<String> ids = new ArrayList<>(pages * worksPerPage);
    HexFormat hex = HexFormat.of();
    for (int i = 0; i < pages * worksPerPage; i++) {
      long micros = random.nextInt(0x100000);
      ids.add(hex.toHexDigits((seconds << 20) | micros).substring(3));
      seconds -= 1 + random.nextInt(90);
    }
    return List.copyOf(ids);
  }

  /** Upload time of a work, in epoch seconds. */
  static long uploadedAt(String id) {
    return Long.parseLong(id.substring(0, 8), 16);
  }

  /** SplitMix64's finaliser: spreads nearby seeds far apart. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
