package dev.trawl.extract;

import dev.trawl.extract.ItemGroup.Item;
import dev.trawl.extract.ItemGroup.Reach;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Selector;

/**
 * Finds a gallery on a page without being told where it is: pure functions of (url, bytes, content
 * type), no I/O, thread-safe.
 *
 * <p>{@link #detectListing} scores the page's repeated structures holding pictures the way
 * Readability scores candidate nodes: pictures are grouped by their path from {@code body} (tags
 * and stable ids), each group is scored by how many distinct pictures it holds, whether each item
 * links to a picture file or a page of its own, and by the words in its classes ({@code gallery},
 * {@code thumb}, {@code post} raise it; {@code logo}, {@code avatar}, {@code badge}, {@code ad},
 * header, footer and navigation lower it). Pictures declared at 48 pixels or less are icons and
 * never count. The page's pager is found too: {@code rel=next}, a link saying next (in the common
 * languages, or an arrow), the link after the current page's number, or a page number in the URL.
 *
 * <p>{@link #detectWork} ranks the candidates for a work page's main picture: a link saying
 * original or download, a declared file URL, a link to a picture file around the largest picture,
 * the largest picture, {@code og:image}.
 *
 * <pre>{@code
 * ListingDetection d = GalleryDetector.detectListing(url, body, contentType);
 * if (d.gallery() != null) { ... d.gallery().reach() ... d.pager() ... }
 * }</pre>
 */
public final class GalleryDetector {
  /** The least score of a confident gallery. */
  public static final double CONFIDENT = 4.5;

  /** The least number of distinct pictures in a gallery. */
  public static final int MIN_ITEMS = 3;

  /** Pictures declared this small or smaller (either side, in pixels) are icons. */
  static final int ICON_SIZE = 48;

  /** Attributes tried for a thumbnail's URL, in order (lazy-loading ones first). */
  public static final List<String> ATTRIBUTES =
      List.of(
          "data-original",
          "data-src",
          "data-lazy-src",
          "data-lazy",
          "data-echo",
          "data-srcset",
          "data-lazy-srcset",
          "srcset",
          "src");

  private static final Pattern NEGATIVE =
      Pattern.compile(
          "logo|avatar|gravatar|badge|banner|sponsor|advert|emoji|emoticon|smiley|smilie|spinner"
              + "|sprite|powered|captcha|userpic-|social|rank-?img|flag-");
  private static final Set<String> NEGATIVE_TOKENS =
      Set.of(
          "ad",
          "ads",
          "icon",
          "icons",
          "button",
          "btn",
          "share",
          "rating",
          "stars",
          "header",
          "footer",
          "nav",
          "navbar",
          "menu",
          "sidebar",
          "related",
          "signature",
          "postprofile",
          "profile",
          "author",
          "masthead",
          "branding");
  private static final Pattern POSITIVE =
      Pattern.compile("galler|thumb|preview|photo|picture|album|image|masonry|portfolio|work");
  private static final Set<String> POSITIVE_TOKENS =
      Set.of("post", "posts", "item", "items", "grid", "tile", "tiles", "media", "entry", "card");
  private static final Set<String> CHROME_TAGS = Set.of("header", "footer", "nav", "aside", "form");

  private static final Pattern ORIGINAL_WORDS =
      Pattern.compile(
          "(?i)original|full[ -]?size|full[ -]?resolution|full[ -]?image|highres|hi-res"
              + "|larger version|view larger|original image|originalbild|taille r[ée]elle"
              + "|原图|原圖|原始|オリジナル|元画像|원본");
  private static final Pattern DOWNLOAD_WORDS =
      Pattern.compile("(?i)download|herunterladen|t[ée]l[ée]charger|下载|下載|ダウンロード|다운로드");
  private static final List<String> DECLARED_ATTRIBUTES =
      List.of(
          "data-file-url",
          "data-orig-file",
          "data-full-url",
          "data-full",
          "data-zoom-image",
          "data-highres",
          "data-large-file");

  // On a link to a picture file, attributes naming a larger one than its href (sigal's a.gallery
  // links the resized copy and names the original in data-big).
  private static final List<String> LARGER_ON_LINK =
      List.of(
          "data-big",
          "data-full",
          "data-full-url",
          "data-orig-file",
          "data-large-file",
          "data-highres",
          "data-zoom-image",
          "data-file-url");

  private GalleryDetector() {}

  // ---------------------------------------------------------------- listing pages

  /**
   * Scores the page's picture structures and finds its pager.
   *
   * @param pageUrl the URL the body came from (after redirects)
   * @param body the page's bytes (HTML); an empty body finds nothing
   * @param contentType the Content-Type header or null
   */
  public static ListingDetection detectListing(String pageUrl, byte[] body, String contentType) {
    Objects.requireNonNull(pageUrl, "pageUrl == null");
    Objects.requireNonNull(body, "body == null");
    if (body.length == 0) {
      return new ListingDetection(List.of(), null, null);
    }
    Document doc = PageExtractor.parse(pageUrl, body, contentType);
    List<ItemGroup> groups = groups(doc, pageUrl);
    return new ListingDetection(groups, Pagers.find(doc, pageUrl), albumCards(doc, pageUrl));
  }

  /**
   * {@code selector} and narrower forms of it selecting the same elements on the page, general
   * first: prefixed by each ancestor holding them all, the deepest first; just {@code selector}
   * when it selects nothing there.
   *
   * <pre>{@code
   * scopes("li a", albumUrl, body, type) // [li a, ul#media li a, ...]
   * }</pre>
   */
  public static List<String> scopes(
      String selector, String pageUrl, byte[] body, String contentType) {
    Document doc = PageExtractor.parse(pageUrl, body, contentType);
    List<String> out = new ArrayList<>(List.of(selector));
    List<Element> found;
    try {
      found = Selector.select(selector, doc);
    } catch (Selector.SelectorParseException e) {
      return out;
    }
    if (found.isEmpty()) {
      return out;
    }
    for (Element x = found.get(0).parent(); x != null && !x.nameIs("body"); x = x.parent()) {
      String css = CssPaths.simple(x) + " " + selector;
      if (holdsAll(x, found)
          && !out.contains(css)
          && CssPaths.firstExact(doc, found, List.of(css)) != null) {
        out.add(css);
      }
    }
    return out;
  }

  /**
   * The cards a page below a page of album cards shows (a year of albums): the links to pages the
   * first of {@code selectors} finding any selects, with the pictures inside them; null when none
   * finds one.
   */
  public static AlbumCards cardsAt(
      String pageUrl, byte[] body, String contentType, List<String> selectors) {
    Document doc = PageExtractor.parse(pageUrl, body, contentType);
    for (String css : selectors) {
      Set<String> links = new LinkedHashSet<>();
      Map<String, Set<String>> covers = new HashMap<>();
      try {
        for (Element a : Selector.select(css, doc)) {
          String href = a.hasAttr("href") ? PageExtractor.href(a) : null;
          if (href != null && !ThumbnailNames.isPictureFile(href)) {
            links.add(href);
            covers.computeIfAbsent(href, k -> new HashSet<>()).addAll(covers(a));
          }
        }
      } catch (Selector.SelectorParseException e) {
        continue;
      }
      if (!links.isEmpty()) {
        return new AlbumCards(List.of(css), List.copyOf(links), covers);
      }
    }
    return null;
  }

  /** The URLs of the pictures inside a card, icons and logos left out. */
  private static List<String> covers(Element a) {
    List<String> urls = new ArrayList<>();
    for (Element img : a.select("img")) {
      Member m = isIcon(img) ? null : member(img);
      if (m != null && negativeCue(img, m.url()) == null) {
        urls.add(m.url());
      }
    }
    return urls;
  }

  /**
   * The largest group of page links holding a picture each (by their path in the page, as pictures
   * are grouped), leading to at least 2 distinct pages of this host; null when there is none.
   */
  private static AlbumCards albumCards(Document doc, String pageUrl) {
    String here = PageExtractor.withoutFragment(pageUrl);
    Map<String, List<Element>> bySignature = new LinkedHashMap<>();
    Map<Element, List<String>> pictures = new IdentityHashMap<>();
    for (Element a : doc.body() == null ? List.<Element>of() : doc.body().select("a[href]")) {
      String href = PageExtractor.href(a);
      if (href == null || href.equals(here) || ThumbnailNames.isPictureFile(href)) {
        continue;
      }
      List<String> urls = covers(a);
      if (!urls.isEmpty()) {
        pictures.put(a, urls);
        bySignature.computeIfAbsent(signature(a), k -> new ArrayList<>()).add(a);
      }
    }
    List<Element> best = List.of();
    int most = 1;
    for (List<Element> links : bySignature.values()) {
      // a card to another site may sit among them (the crawl stays on this one)
      int distinct =
          (int)
              links.stream()
                  .map(PageExtractor::href)
                  .filter(h -> Objects.equals(host(h), host(pageUrl)))
                  .distinct()
                  .count();
      if (distinct > most) {
        best = links;
        most = distinct;
      }
    }
    if (best.isEmpty()) {
      return null;
    }
    Element lca = best.get(0).parent();
    // the deepest element holding every card
    while (lca != null && !holdsAll(lca, best)) {
      lca = lca.parent();
    }
    String scope = lca == null || lca.nameIs("body") ? "body" : CssPaths.simple(lca);
    String linkCss = scope + " " + CssPaths.common(best);
    List<Element> firstImages = new ArrayList<>();
    best.forEach(a -> firstImages.add(a.selectFirst("img")));
    List<String> selectors = new ArrayList<>();
    for (String css :
        List.of(
            linkCss,
            linkCss + ":has(" + CssPaths.common(firstImages) + ")",
            linkCss + ":has(img)")) {
      if (!selectors.contains(css) && CssPaths.firstExact(doc, best, List.of(css)) != null) {
        selectors.add(css);
      }
    }
    if (selectors.isEmpty()) {
      return null;
    }
    Set<String> links = new LinkedHashSet<>();
    Map<String, Set<String>> covers = new HashMap<>();
    for (Element a : best) {
      String href = PageExtractor.href(a);
      if (Objects.equals(host(href), host(pageUrl))) {
        links.add(href);
      }
      covers.computeIfAbsent(href, k -> new HashSet<>()).addAll(pictures.get(a));
    }
    return new AlbumCards(selectors, List.copyOf(links), covers);
  }

  private static boolean holdsAll(Element ancestor, List<Element> elements) {
    for (Element e : elements) {
      if (!e.parents().contains(ancestor)) {
        return false;
      }
    }
    return true;
  }

  private record Member(Element img, String url, String attribute) {}

  private static List<ItemGroup> groups(Document doc, String pageUrl) {
    Map<String, List<Member>> bySignature = new LinkedHashMap<>();
    for (Element img : doc.body() == null ? List.<Element>of() : doc.body().select("img")) {
      if (img.closest("noscript") != null || isIcon(img)) {
        continue;
      }
      Member m = member(img);
      if (m == null) {
        continue;
      }
      bySignature.computeIfAbsent(signature(img), k -> new ArrayList<>()).add(m);
    }
    List<ItemGroup> out = new ArrayList<>();
    for (List<Member> members : bySignature.values()) {
      ItemGroup g = group(doc, pageUrl, members);
      if (g != null) {
        out.add(g);
      }
    }
    out.sort(Comparator.comparingDouble(ItemGroup::score).reversed());
    return out;
  }

  /** The picture with the first attribute of {@link #ATTRIBUTES} giving a URL; null if none. */
  private static Member member(Element img) {
    for (String name : ATTRIBUTES) {
      String url = PageExtractor.urlFrom(img, List.of(name));
      if (url != null) {
        return new Member(img, url, name);
      }
    }
    return null;
  }

  private static boolean isIcon(Element img) {
    return declared(img, "width") <= ICON_SIZE && declared(img, "width") > 0
        || declared(img, "height") <= ICON_SIZE && declared(img, "height") > 0;
  }

  /** A declared pixel size, or 0 when absent or not a plain number. */
  static int declared(Element e, String name) {
    String v = e.attr(name).strip();
    if (v.endsWith("px")) {
      v = v.substring(0, v.length() - 2);
    }
    if (v.isEmpty() || v.length() > 6 || !v.chars().allMatch(Character::isDigit)) {
      return 0;
    }
    return Integer.parseInt(v);
  }

  /** Tags and stable ids from body down to the element. */
  private static String signature(Element e) {
    StringBuilder s = new StringBuilder();
    for (Element x = e; x != null && !x.nameIs("body"); x = x.parent()) {
      s.insert(0, '/');
      if (CssPaths.stable(x.id())) {
        s.insert(0, "#" + x.id());
      }
      s.insert(0, x.normalName());
    }
    return s.toString();
  }

  private static List<Element> pathFromBody(Element e) {
    List<Element> path = new ArrayList<>();
    for (Element x = e; x != null && !x.nameIs("body"); x = x.parent()) {
      path.add(0, x);
    }
    return path;
  }

  private static ItemGroup group(Document doc, String pageUrl, List<Member> members) {
    int n = members.size();
    List<List<Element>> paths = new ArrayList<>();
    for (Member m : members) {
      paths.add(pathFromBody(m.img()));
    }
    int depth = paths.get(0).size();
    // the deepest level where every member shares one element
    int lca = -1;
    for (int i = 0; i < depth; i++) {
      Element first = paths.get(0).get(i);
      boolean same = true;
      for (List<Element> p : paths) {
        same &= p.get(i) == first;
      }
      if (!same) {
        break;
      }
      lca = i;
    }
    if (n > 1 && lca == depth - 1) {
      return null; // one element matched twice cannot happen; defensive
    }
    // the item: the highest element under the common ancestor holding one member only
    int itemLevel = lca + 1;
    if (n > 1) {
      Map<Element, Integer> perElement = new IdentityHashMap<>();
      for (List<Element> p : paths) {
        for (int i = lca + 1; i < depth; i++) {
          perElement.merge(p.get(i), 1, Integer::sum);
        }
      }
      for (List<Element> p : paths) {
        int highestSingle = depth - 1;
        for (int i = lca + 1; i < depth; i++) {
          if (perElement.get(p.get(i)) == 1) {
            highestSingle = i;
            break;
          }
        }
        itemLevel = Math.max(itemLevel, highestSingle);
      }
    } else {
      itemLevel = Math.max(0, depth - 2);
    }
    List<Element> itemRoots = new ArrayList<>();
    for (List<Element> p : paths) {
      itemRoots.add(p.get(itemLevel));
    }
    List<Element> imgs = new ArrayList<>();
    for (Member m : members) {
      imgs.add(m.img());
    }

    Set<String> distinct = new HashSet<>();
    Map<String, Integer> attributes = new HashMap<>();
    for (Member m : members) {
      distinct.add(m.url());
      attributes.merge(m.attribute(), 1, Integer::sum);
    }
    String attribute =
        attributes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    List<String> reasons = new ArrayList<>();
    double score = distinct.size();
    reasons.add(distinct.size() + " distinct pictures");

    String itemCss = CssPaths.common(itemRoots);
    String lcaCss =
        lca >= 0 ? CssPaths.simple(paths.get(0).get(lca)) : "body"; // body when they share none
    String imgCss = CssPaths.common(imgs);
    String imageSelector =
        CssPaths.firstExact(
            doc,
            imgs,
            itemRoots.get(0) == imgs.get(0)
                ? List.of(imgCss, lcaCss + " " + imgCss, lcaCss + " > " + imgCss)
                : List.of(
                    itemCss + " " + imgCss,
                    lcaCss + " " + itemCss + " " + imgCss,
                    lcaCss + " > " + itemCss + " " + imgCss,
                    levelsPath(paths, 0, depth)));
    if (imageSelector == null) {
      return null;
    }
    String itemSelector = CssPaths.brief(lcaCss + " > " + itemCss);

    // links
    List<Element> pictureLinks = new ArrayList<>();
    List<Element> pageLinks = new ArrayList<>();
    List<Item> pictureItems = new ArrayList<>();
    List<Item> pageItems = new ArrayList<>();
    Set<String> distinctPages = new HashSet<>();
    String pageHost = host(pageUrl);
    int offSite = 0;
    for (int i = 0; i < n; i++) {
      Element item = itemRoots.get(i);
      Element img = members.get(i).img();
      Element pictureLink = null;
      Element pageLink = null;
      List<Element> links = new ArrayList<>();
      Element around = img.closest("a[href]");
      if (around != null) {
        links.add(around);
      }
      links.addAll(item.select("a[href]"));
      for (Element a : links) {
        String href = PageExtractor.resolve(a.baseUri(), a.attr("href"));
        if (href == null || href.equals(PageExtractor.withoutFragment(pageUrl))) {
          continue;
        }
        if (ThumbnailNames.isPictureFile(href)) {
          if (pictureLink == null) {
            pictureLink = a;
          }
        } else if (pageLink == null) {
          pageLink = a;
        }
      }
      if (pictureLink != null) {
        pictureLinks.add(pictureLink);
        pictureItems.add(new Item(members.get(i).url(), PageExtractor.href(pictureLink)));
      }
      if (pageLink != null) {
        pageLinks.add(pageLink);
        String href = PageExtractor.href(pageLink);
        pageItems.add(new Item(members.get(i).url(), href));
        distinctPages.add(href);
        if (!Objects.equals(host(href), pageHost)) {
          offSite++;
        }
      }
    }
    Reach reach = Reach.THUMBNAIL;
    String linkSelector = null;
    String linkAttribute = "href";
    List<Item> items = new ArrayList<>();
    if (pictureLinks.size() * 5 >= n * 4) {
      linkSelector = linkSelector(doc, pictureLinks, itemCss, lcaCss);
      if (linkSelector != null) {
        reach = Reach.PICTURE_LINK;
        linkAttribute = largerOnLinks(pictureLinks);
        items = pictureItems;
        if (!linkAttribute.equals("href")) {
          items = new ArrayList<>();
          for (int i = 0; i < pictureItems.size(); i++) {
            String larger = PageExtractor.urlFrom(pictureLinks.get(i), List.of(linkAttribute));
            items.add(new Item(pictureItems.get(i).thumbnail(), larger));
          }
        }
        score *= 2;
        reasons.add("x2: each links a picture file");
      }
    }
    if (reach == Reach.THUMBNAIL
        && pageLinks.size() * 5 >= n * 4
        && distinctPages.size() * 5 >= n * 4) {
      linkSelector = linkSelector(doc, pageLinks, itemCss, lcaCss);
      if (linkSelector != null) {
        reach = Reach.WORK_PAGE;
        items = pageItems;
        if (offSite * 2 > pageLinks.size()) {
          score *= 0.3;
          reasons.add("x0.3: links lead to other sites");
        } else {
          score *= 1.5;
          reasons.add("x1.5: each links a page of its own");
        }
      }
    }
    if (reach == Reach.THUMBNAIL) {
      for (Member m : members) {
        items.add(new Item(m.url(), null));
      }
    }

    int negative = 0;
    int positive = 0;
    String negativeWhy = null;
    for (int i = 0; i < n; i++) {
      String why = negativeCue(members.get(i).img(), members.get(i).url());
      if (why != null) {
        negative++;
        negativeWhy = why;
      }
      if (positiveCue(paths.get(i), lca)) {
        positive++;
      }
    }
    if (negative * 2 > n) {
      score *= 0.1;
      reasons.add("x0.1: " + negativeWhy);
    } else if (positive * 2 > n) {
      score *= 1.5;
      reasons.add("x1.5: gallery-like class names");
    }
    return new ItemGroup(
        imageSelector,
        itemSelector,
        score,
        attribute,
        items,
        reach,
        linkSelector,
        linkAttribute,
        reasons);
  }

  /** The attribute every link names a larger picture file in; {@code href} when there is none. */
  private static String largerOnLinks(List<Element> links) {
    for (String name : LARGER_ON_LINK) {
      boolean all = true;
      for (Element a : links) {
        String url = PageExtractor.urlFrom(a, List.of(name));
        if (url == null || !ThumbnailNames.isPictureFile(url)) {
          all = false;
          break;
        }
      }
      if (all) {
        return name;
      }
    }
    return "href";
  }

  private static String levelsPath(List<List<Element>> paths, int from, int to) {
    StringBuilder s = new StringBuilder("body");
    for (int i = from; i < to; i++) {
      List<Element> level = new ArrayList<>();
      for (List<Element> p : paths) {
        level.add(p.get(i));
      }
      s.append(" > ").append(CssPaths.common(level));
    }
    return s.toString();
  }

  private static String linkSelector(
      Document doc, List<Element> links, String itemCss, String lcaCss) {
    String linkCss = CssPaths.common(links);
    return CssPaths.firstExact(
        doc,
        links,
        List.of(
            itemCss + " " + linkCss,
            lcaCss + " " + itemCss + " " + linkCss,
            lcaCss + " > " + itemCss + " " + linkCss,
            itemCss + " > " + linkCss,
            itemCss + " " + linkCss + ":has(img)",
            lcaCss + " > " + itemCss + " " + linkCss + ":has(img)"));
  }

  static String host(String url) {
    try {
      String h = URI.create(url).getHost();
      return h == null ? null : h.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Why the picture looks like a logo, icon, avatar, badge, ad or page chrome; null if not. */
  static String negativeCue(Element img, String url) {
    String own = img.className() + " " + img.id() + " " + lastSegment(url);
    String word = negativeWord(own.toLowerCase(Locale.ROOT));
    if (word == null) { // alt is prose: only the unmistakable words count there
      var m = NEGATIVE.matcher(img.attr("alt").toLowerCase(Locale.ROOT));
      word = m.find() ? m.group() : null;
    }
    if (word != null) {
      return "'" + word + "' on the pictures";
    }
    for (Element x = img.parent(); x != null && !x.nameIs("body"); x = x.parent()) {
      if (CHROME_TAGS.contains(x.normalName())) {
        return "inside " + x.normalName();
      }
      for (String name : names(x)) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (POSITIVE.matcher(lower).find()) {
          continue; // gallery-icon, thumb-banner: the gallery word wins
        }
        word = negativeWord(lower);
        if (word != null) {
          return "'" + word + "' around the pictures";
        }
      }
    }
    return null;
  }

  private static List<String> names(Element x) {
    List<String> out = new ArrayList<>(x.classNames());
    if (!x.id().isEmpty()) {
      out.add(x.id());
    }
    return out;
  }

  private static String negativeWord(String text) {
    var m = NEGATIVE.matcher(text);
    if (m.find()) {
      return m.group();
    }
    for (String token : text.split("[^a-z0-9]+")) {
      if (NEGATIVE_TOKENS.contains(token)) {
        return token;
      }
    }
    return null;
  }

  private static boolean positiveCue(List<Element> path, int lca) {
    for (int i = Math.max(0, lca - 2); i < path.size(); i++) {
      for (String name : names(path.get(i))) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (POSITIVE.matcher(lower).find()) {
          return true;
        }
        for (String token : lower.split("[^a-z0-9]+")) {
          if (POSITIVE_TOKENS.contains(token)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static String lastSegment(String url) {
    String path = url;
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    return path.substring(path.lastIndexOf('/') + 1);
  }

  // ---------------------------------------------------------------- work pages

  /**
   * Ranks the candidates for a work page's main picture, strongest first; each URL appears once
   * (under its strongest reason). Empty when the page shows no picture.
   */
  public static List<MainPicture> detectWork(String pageUrl, byte[] body, String contentType) {
    Objects.requireNonNull(pageUrl, "pageUrl == null");
    Objects.requireNonNull(body, "body == null");
    if (body.length == 0) {
      return List.of();
    }
    Document doc = PageExtractor.parse(pageUrl, body, contentType);
    Map<String, MainPicture> byUrl = new LinkedHashMap<>();
    List<MainPicture> found = new ArrayList<>();
    Element root = doc.body() == null ? doc : doc.body();

    // links saying original / full size / download
    List<Element> originals = new ArrayList<>();
    List<Element> downloads = new ArrayList<>();
    for (Element a : root.select("a[href]")) {
      if (chrome(a)) {
        continue;
      }
      String label = a.text() + " " + a.attr("title") + " " + a.id() + " " + a.className();
      boolean original = ORIGINAL_WORDS.matcher(label).find();
      boolean download = a.hasAttr("download") || DOWNLOAD_WORDS.matcher(label).find();
      if (original) {
        originals.add(a);
      } else if (download) {
        downloads.add(a);
      }
    }
    List<Element> labelled = new ArrayList<>(originals);
    labelled.addAll(downloads);
    for (Element a : labelled) {
      String url = PageExtractor.href(a);
      if (url == null || url.equals(PageExtractor.withoutFragment(pageUrl))) {
        continue;
      }
      String css = labelledLinkSelector(doc, a);
      String what = "the '" + shortText(a) + "' link";
      if (ThumbnailNames.isPictureFile(url)) {
        found.add(new MainPicture(MainPicture.Source.ORIGINAL_LINK, css, "href", url, what));
      } else if (!a.attr("href").startsWith("#") && sameSite(url, pageUrl)) {
        found.add(new MainPicture(MainPicture.Source.DOWNLOAD_LINK, css, "href", url, what));
      }
    }

    // declared file URLs
    for (String name : DECLARED_ATTRIBUTES) {
      for (Element e : root.select("[" + name + "]")) {
        String url = PageExtractor.urlFrom(e, List.of(name));
        if (url != null && ThumbnailNames.isPictureFile(url) && !chrome(e)) {
          found.add(
              new MainPicture(
                  MainPicture.Source.DECLARED_FILE,
                  CssPaths.single(doc, e),
                  name,
                  url,
                  "a " + name + " attribute"));
        }
      }
    }

    // pictures by size, and links to picture files around them
    List<Element> imgs = new ArrayList<>();
    for (Element img : root.select("img")) {
      String url = PageExtractor.urlFrom(img, ATTRIBUTES);
      if (url != null
          && img.closest("noscript") == null
          && !isIcon(img)
          && negativeCue(img, url) == null) {
        imgs.add(img);
      }
    }
    imgs.sort(Comparator.comparingLong(GalleryDetector::area).reversed()); // stable: page order
    for (Element img : imgs) {
      Element a = img.closest("a[href]");
      String url = a == null ? null : PageExtractor.href(a);
      if (url != null && ThumbnailNames.isPictureFile(url)) {
        found.add(
            new MainPicture(
                MainPicture.Source.LINKED_PICTURE,
                CssPaths.single(doc, a),
                "href",
                url,
                "a link to a picture file around the largest picture"));
      }
    }
    if (!imgs.isEmpty()) {
      Element img = imgs.get(0);
      Member largest = member(img);
      found.add(
          new MainPicture(
              MainPicture.Source.LARGEST_IMAGE,
              CssPaths.single(doc, img),
              largest.attribute(),
              largest.url(),
              area(img) > 0 ? "the largest picture" : "the first picture"));
    }
    Element og = doc.selectFirst("meta[property=og:image][content]");
    if (og != null) {
      String url = PageExtractor.urlFrom(og, List.of("content"));
      if (url != null) {
        found.add(
            new MainPicture(
                MainPicture.Source.OG_IMAGE,
                "meta[property=og:image]",
                "content",
                url,
                "the page's og:image"));
      }
    }
    found.sort(Comparator.comparing(MainPicture::source)); // stable: keeps page order per source
    for (MainPicture p : found) {
      if (p.selector() != null) {
        byUrl.putIfAbsent(p.url(), p);
      }
    }
    return List.copyOf(byUrl.values());
  }

  /**
   * A selector for a link saying original or download: by id or class when they find it alone, else
   * by its text (positions change from one work page to the next; the words do not).
   */
  private static String labelledLinkSelector(Document doc, Element a) {
    String css = CssPaths.single(doc, a);
    if (css != null && !css.contains(":nth-child")) {
      return css;
    }
    String text = a.ownText().strip();
    if (!text.isEmpty() && text.length() <= 60) {
      String byText = "a:matchesOwn((?i)^\\s*" + Pagers.quote(text) + "\\s*$)";
      String exact = CssPaths.firstExact(doc, List.of(a), List.of(byText));
      if (exact != null) {
        return exact;
      }
    }
    return css;
  }

  private static boolean chrome(Element e) {
    for (Element x = e; x != null && !x.nameIs("body"); x = x.parent()) {
      if (x.nameIs("header") || x.nameIs("footer") || x.nameIs("nav")) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameSite(String a, String b) {
    return Objects.equals(host(a), host(b));
  }

  private static long area(Element img) {
    return (long) declared(img, "width") * declared(img, "height");
  }

  private static String shortText(Element a) {
    String t = a.text().strip();
    if (t.isEmpty()) {
      t = a.attr("title").strip();
    }
    if (t.isEmpty()) {
      t = a.hasAttr("download") ? "download" : a.id();
    }
    return t.length() > 40 ? t.substring(0, 40) + "..." : t;
  }
}
