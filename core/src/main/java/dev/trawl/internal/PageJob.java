package dev.trawl.internal;

/**
 * What the engine remembers about a page, kept in the state as its meta text: a page of open range
 * {@code range} with number {@code number} ({@code last} once it ended the range), a page whose
 * next links are followed ({@code follow}: a start page or a page reached by a link from another
 * page, or a pager page reached by a next link with {@code barren} pages without new images before
 * it), or a plain page; and for the pages of a tree level ({@code --follow-tree}), the {@code
 * depth} of tree links it was reached by (0 for start pages; a next page keeps its page's depth).
 *
 * <p>Only pager pages count towards the endless-pager guard: a page that holds no pictures and was
 * not reached by a next link (an index of albums, a year of albums) never ends a crawl. A page of a
 * deeper level (a work page) also keeps the title of the listing page it was reached from, after a
 * tab: {@link #withListingTitle}.
 */
record PageJob(
    int range, long number, boolean last, boolean follow, int barren, boolean pager, int depth) {
  static PageJob plain() {
    return new PageJob(-1, 0, false, false, 0, false, 0);
  }

  /** A page whose next links are followed, reached as a start page or by a link to its level. */
  static PageJob start() {
    return new PageJob(-1, 0, false, true, 0, false, 0);
  }

  /** A page reached by a next link, after {@code barren} pages without new images. */
  static PageJob follow(int barren) {
    return new PageJob(-1, 0, false, true, barren, true, 0);
  }

  static PageJob range(int range, long number) {
    return new PageJob(range, number, false, false, 0, true, 0);
  }

  PageJob withLast() {
    return new PageJob(range, number, true, follow, barren, pager, depth);
  }

  /** This job for a page {@code depth} tree links from a start page. */
  PageJob atDepth(int depth) {
    return new PageJob(range, number, last, follow, barren, pager, depth);
  }

  /**
   * "range:INDEX:NUMBER[:last]", "start", "follow:BARREN" or "plain", then " depth:N" below the
   * start pages of a tree.
   */
  String encode() {
    String kind;
    if (range >= 0) {
      kind = "range:" + range + ":" + number + (last ? ":last" : "");
    } else if (!follow) {
      kind = "plain";
    } else {
      kind = pager ? "follow:" + barren : "start";
    }
    return depth > 0 ? kind + " depth:" + depth : kind;
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
    if (meta == null) {
      return plain();
    }
    try {
      return parse(meta);
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("bad page meta: " + meta, e);
    }
  }

  private static PageJob parse(String meta) {
    int depth = 0;
    int space = meta.indexOf(' ');
    String kind = meta;
    if (space >= 0) {
      String rest = meta.substring(space + 1);
      if (!rest.startsWith("depth:")) {
        throw new IllegalArgumentException("bad page meta: " + meta);
      }
      depth = Integer.parseInt(rest.substring("depth:".length()));
      kind = meta.substring(0, space);
    }
    return kindOf(kind, meta).atDepth(depth);
  }

  private static PageJob kindOf(String kind, String meta) {
    if (kind.equals("plain")) {
      return plain();
    }
    if (kind.equals("start")) {
      return start();
    }
    String[] p = kind.split(":");
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
