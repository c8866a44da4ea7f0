package dev.trawl.internal;

/**
 * What the engine remembers about a listing page, kept in the state as its meta text: a page of
 * open range {@code range} with number {@code number} ({@code last} once it ended the range), a
 * page whose next links are followed ({@code follow}: a start page, or a pager page reached by a
 * next link with {@code barren} pages without new images before it), or a plain page.
 *
 * <p>Only pager pages count towards the endless-pager guard: a start page that holds no pictures
 * (an index of albums) never ends a crawl. A page of a deeper level (a work page) also keeps the
 * title of the listing page it was reached from, after a tab: {@link #withListingTitle}.
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

  /** The meta of a deeper level's page: {@code encoded}, then the listing's title after a tab. */
  static String withListingTitle(String encoded, String listingTitle) {
    if (listingTitle == null || listingTitle.isBlank()) {
      return encoded;
    }
    return encoded + "\t" + listingTitle.replace('\t', ' ').replace('\n', ' ');
  }

  /** The listing title a page's meta keeps, or null. */
  static String listingTitle(String meta) {
    int tab = meta == null ? -1 : meta.indexOf('\t');
    return tab < 0 ? null : meta.substring(tab + 1);
  }

  static PageJob decode(String meta) {
    int tab = meta == null ? -1 : meta.indexOf('\t');
    if (tab >= 0) {
      meta = meta.substring(0, tab);
    }
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
