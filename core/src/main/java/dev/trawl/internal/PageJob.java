package dev.trawl.internal;

/**
 * What the engine remembers about a listing page, kept in the state as its meta text: a page of
 * open range {@code range} with number {@code number} ({@code last} once it ended the range), a
 * page whose next links are followed ({@code follow}, with {@code barren} pages without new images
 * before it), or a plain page.
 */
record PageJob(int range, long number, boolean last, boolean follow, int barren) {
  static PageJob plain() {
    return new PageJob(-1, 0, false, false, 0);
  }

  static PageJob follow(int barren) {
    return new PageJob(-1, 0, false, true, barren);
  }

  static PageJob range(int range, long number) {
    return new PageJob(range, number, false, false, 0);
  }

  PageJob withLast() {
    return new PageJob(range, number, true, follow, barren);
  }

  /** "range:INDEX:NUMBER[:last]", "follow:BARREN" or "plain". */
  String encode() {
    if (range >= 0) {
      return "range:" + range + ":" + number + (last ? ":last" : "");
    }
    return follow ? "follow:" + barren : "plain";
  }

  static PageJob decode(String meta) {
    if (meta == null || meta.equals("plain")) {
      return plain();
    }
    String[] p = meta.split(":");
    if (p[0].equals("follow")) {
      return follow(Integer.parseInt(p[1]));
    }
    if (p[0].equals("range")) {
      PageJob j = range(Integer.parseInt(p[1]), Long.parseLong(p[2]));
      return p.length > 3 ? j.withLast() : j;
    }
    throw new IllegalArgumentException("bad page meta: " + meta);
  }
}
