package dev.trawl.internal;

/**
 * What the engine remembers about a listing page, kept in the state as its meta text: a page of
 * open range {@code range} with number {@code number} ({@code last} once it ended the range), a
 * page whose next links are followed ({@code follow}, with {@code barren} pages without new images
 * before it), or a plain page. A page of a deeper level (a work page) also keeps the title of the
 * listing page it was reached from, after a tab: {@link #withListingTitle}.
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
