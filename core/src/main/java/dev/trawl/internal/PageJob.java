package dev.trawl.internal;

/**
 * What the engine remembers about a listing page, kept in the state as its meta text: a page of
 * open range {@code range} with number {@code number} ({@code last} once it ended the range), a
 * page whose next links are followed ({@code follow}: a start page, or a pager page reached by a
 * next link with {@code barren} pages without new images before it), or a plain page.
 *
 * <p>Only pager pages count towards the endless-pager guard: a start page that holds no pictures
 * (an index of albums) never ends a crawl.
 */
record PageJob(int range, long number, boolean last, boolean follow, int barren, boolean pager) {
  static PageJob plain() {
    return new PageJob(-1, 0, false, false, 0, false);
  }

  /** A page whose next links are followed, reached as a start page or by a link to its level. */
  static PageJob start() {
    return new PageJob(-1, 0, false, true, 0, false);
  }

  /** A page reached by a next link, after {@code barren} pages without new images. */
  static PageJob follow(int barren) {
    return new PageJob(-1, 0, false, true, barren, true);
  }

  static PageJob range(int range, long number) {
    return new PageJob(range, number, false, false, 0, true);
  }

  PageJob withLast() {
    return new PageJob(range, number, true, follow, barren, pager);
  }

  /** "range:INDEX:NUMBER[:last]", "start", "follow:BARREN" or "plain". */
  String encode() {
    if (range >= 0) {
      return "range:" + range + ":" + number + (last ? ":last" : "");
    }
    if (!follow) {
      return "plain";
    }
    return pager ? "follow:" + barren : "start";
  }

  static PageJob decode(String meta) {
    if (meta == null || meta.equals("plain")) {
      return plain();
    }
    if (meta.equals("start")) {
      return start();
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
