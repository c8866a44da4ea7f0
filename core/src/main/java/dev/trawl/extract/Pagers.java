package dev.trawl.extract;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.jsoup.select.Selector;

/** Finds how a listing page leads to the next one. Pure; no state. */
final class Pagers {
  private static final Pattern NEXT_WORDS =
      Pattern.compile(
          "next(?: page| pictures| images| photos| posts| entries| results)?"
              + "|older(?: posts| entries)?|more posts"
              + "|weiter|nächste(?: seite)?|vorwärts|suivant|suivante|page suivante|siguiente"
              + "|próxima|proxima|successiva|successivo|avanti|volgende|następna|следующая|далее"
              + "|次|次へ|次のページ|次ページ|下一页|下一頁|下页|下頁|后页|다음");
  private static final String ARROWS = "›»>→⟩❯▶►";
  private static final Pattern NEXT_CLASS = Pattern.compile("(?:^|[-_])next");
  private static final Pattern INTEGER = Pattern.compile("[0-9]{1,6}");
  private static final Pattern CURRENT_CLASS = Pattern.compile("current|active|selected|this");
  private static final Pattern PAGE_IN_URL =
      Pattern.compile(
          "(?:[?&](?:page|p|pg|paged|pagenum|pageno|pagina|seite)=|/page/|/p/|/pages?-?)([0-9]{1,6})"
              + "(?=$|[&/#.])");

  private Pagers() {}

  static Pager find(Document doc, String pageUrl) {
    String here = PageExtractor.withoutFragment(pageUrl);
    Pager p = relNext(doc, here);
    if (p == null) {
      p = nextLink(doc, here);
    }
    if (p == null) {
      p = pageNumber(doc, here);
    }
    if (p == null) {
      p = template(doc, here);
    }
    return p;
  }

  private static Pager relNext(Document doc, String here) {
    List<Element> found = new ArrayList<>();
    boolean exact = true;
    for (Element e : doc.select("link[rel][href], a[rel][href]")) {
      String rel = e.attr("rel").toLowerCase(Locale.ROOT);
      if (Set.of(rel.split("\\s+")).contains("next")) {
        found.add(e);
        exact &= rel.equals("next");
      }
    }
    String next = firstOther(found, here);
    if (next == null) {
      return null;
    }
    String css =
        exact
            ? "link[rel=next], a[rel=next]"
            : "link[rel~=(?i)(^|\\s)next(\\s|$)], a[rel~=(?i)(^|\\s)next(\\s|$)]";
    return new Pager(Pager.Kind.REL_NEXT, css, null, next, "rel=next");
  }

  private static Pager nextLink(Document doc, String here) {
    Element body = doc.body();
    if (body == null) {
      return null;
    }
    for (Element a : body.select("a[href]")) {
      String url = PageExtractor.href(a);
      if (url == null || url.equals(here)) {
        continue;
      }
      String label = nextLabel(a);
      boolean byClass = false;
      for (String c : a.classNames()) {
        byClass |= NEXT_CLASS.matcher(c.toLowerCase(Locale.ROOT)).find() && CssPaths.stable(c);
      }
      if (label == null && !byClass) {
        continue;
      }
      List<String> candidates = new ArrayList<>();
      for (String c : a.classNames()) {
        if (CssPaths.stable(c) && NEXT_CLASS.matcher(c.toLowerCase(Locale.ROOT)).find()) {
          candidates.add("a." + c);
        }
      }
      if (CssPaths.stable(a.id())) {
        candidates.add("a#" + a.id());
      }
      for (String attr : List.of("alt", "aria-label", "title")) {
        String v = a.attr(attr);
        if (!v.isBlank() && isNextText(v) && v.indexOf('"') < 0) {
          candidates.add("a[" + attr + "=\"" + v + "\"]");
        }
      }
      String own = a.ownText().strip();
      if (!own.isEmpty() && isNextText(own)) {
        candidates.add("a:matchesOwn((?i)^\\s*" + quote(own) + "\\s*$)");
      }
      for (String css : candidates) {
        if (selectsOnly(doc, css, url)) {
          String why =
              label != null
                  ? "a '" + label + "' link"
                  : "a link of class " + css.substring(2) + " (" + a.text().strip() + ")";
          return new Pager(Pager.Kind.NEXT_LINK, css, null, url, why);
        }
      }
    }
    return null;
  }

  /** The text, label, title or alt saying next, or null. */
  private static String nextLabel(Element a) {
    List<String> texts = new ArrayList<>();
    texts.add(a.text());
    texts.add(a.attr("aria-label"));
    texts.add(a.attr("title"));
    texts.add(a.attr("alt"));
    Element img = a.selectFirst("img[alt]");
    if (img != null) {
      texts.add(img.attr("alt"));
    }
    for (String t : texts) {
      if (!t.isBlank() && isNextText(t)) {
        return t.strip();
      }
    }
    return null;
  }

  static boolean isNextText(String text) {
    String t = text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    int arrows = 0;
    StringBuilder words = new StringBuilder();
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (ARROWS.indexOf(c) >= 0) {
        arrows++;
      } else {
        words.append(c);
      }
    }
    String w = words.toString().strip();
    if (w.isEmpty()) {
      return arrows == 1; // '>>' and '»»' are usually the last page
    }
    return arrows <= 1 && NEXT_WORDS.matcher(w).matches();
  }

  private static Pager pageNumber(Document doc, String here) {
    Element body = doc.body();
    if (body == null) {
      return null;
    }
    for (Element marker : body.getAllElements()) {
      // a linked number marks the current page only when it says so or links the page itself
      if (marker.nameIs("a")
          && marker.hasAttr("href")
          && !marker.hasAttr("aria-current")
          && !here.equals(PageExtractor.href(marker))) {
        continue;
      }
      String text = marker.ownText().strip();
      if (!INTEGER.matcher(text).matches() || !isCurrent(marker)) {
        continue;
      }
      String want = Long.toString(Long.parseLong(text) + 1);
      // the marker, or its wrapper when the numbers sit one per wrapper (li > a)
      for (Element m = marker; m != null && m != body; m = m.parent()) {
        Element sibling = m.nextElementSibling();
        if (sibling == null) {
          if (m.parent() != null && m.parent().children().size() > 1) {
            break;
          }
          continue;
        }
        Element link = sibling.nameIs("a") ? sibling : sibling.selectFirst("a[href]");
        if (link == null || !want.equals(link.text().strip()) || PageExtractor.href(link) == null) {
          break;
        }
        String css =
            sibling.nameIs("a")
                ? CssPaths.simple(m) + " + a"
                : CssPaths.simple(m) + " + " + CssPaths.simple(sibling) + " > a";
        if (selectsOnly(doc, css, PageExtractor.href(link))) {
          return new Pager(
              Pager.Kind.PAGE_NUMBER,
              css,
              null,
              PageExtractor.href(link),
              "the link after the current page number (" + text + " -> " + want + ")");
        }
        break;
      }
    }
    return null;
  }

  private static boolean isCurrent(Element e) {
    for (Element x = e; x != null && x.parent() != null; x = x.parent()) {
      if (x.hasAttr("aria-current")
          || CURRENT_CLASS.matcher(x.className().toLowerCase(Locale.ROOT)).find()) {
        return true;
      }
      if (x != e && x.ownText().strip().length() > 0) {
        return false;
      }
      if (x != e && x.parent() != null && x.parent().children().size() > 1) {
        break;
      }
    }
    // an unlinked number among linked numbers: <b>1</b> <a>2</a>
    return !e.nameIs("a")
        && (e.nameIs("b")
            || e.nameIs("strong")
            || e.nameIs("em")
            || e.nameIs("span")
            || e.nameIs("li"))
        && e.parent() != null
        && e.parent().select("a[href]").stream()
                .filter(a -> INTEGER.matcher(a.text().strip()).matches())
                .count()
            >= 1;
  }

  private static Pager template(Document doc, String here) {
    Element body = doc.body();
    if (body != null) {
      for (Element a : body.select("a[href]")) {
        String text = a.text().strip();
        String url = PageExtractor.href(a);
        if (!INTEGER.matcher(text).matches() || url == null) {
          continue;
        }
        long k = Long.parseLong(text);
        if (k < 2) {
          continue;
        }
        Matcher m = PAGE_IN_URL.matcher(url);
        while (m.find()) {
          if (Long.parseLong(m.group(1)) == k && url.indexOf('{') < 0 && url.indexOf('}') < 0) {
            String t = url.substring(0, m.start(1)) + "{" + k + "..}" + url.substring(m.end(1));
            return new Pager(
                Pager.Kind.PAGE_TEMPLATE, null, t, url, "page numbers in the URL (" + url + ")");
          }
        }
      }
    }
    Matcher m = PAGE_IN_URL.matcher(here);
    while (m.find()) {
      if (here.indexOf('{') < 0 && here.indexOf('}') < 0) {
        long k = Long.parseLong(m.group(1)) + 1;
        String t = here.substring(0, m.start(1)) + "{" + k + "..}" + here.substring(m.end(1));
        String next = here.substring(0, m.start(1)) + k + here.substring(m.end(1));
        return new Pager(Pager.Kind.PAGE_TEMPLATE, null, t, next, "a page number in the URL");
      }
    }
    return null;
  }

  /** Whether the selector finds at least one link and all of them lead to {@code url}. */
  private static boolean selectsOnly(Document doc, String css, String url) {
    Elements found;
    try {
      found = Selector.select(css, doc);
    } catch (Selector.SelectorParseException e) {
      return false;
    }
    if (found.isEmpty()) {
      return false;
    }
    Set<String> urls = new HashSet<>();
    for (Element e : found) {
      urls.add(PageExtractor.href(e));
    }
    return urls.size() == 1 && urls.contains(url);
  }

  private static String firstOther(List<Element> links, String here) {
    for (Element e : links) {
      String url = PageExtractor.href(e);
      if (url != null && !url.equals(here)) {
        return url;
      }
    }
    return null;
  }

  static String quote(String text) {
    StringBuilder s = new StringBuilder();
    for (char c : text.toCharArray()) {
      if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
        s.append('\\');
      }
      s.append(c);
    }
    return s.toString().replaceAll("\\s+", "\\\\s+");
  }
}
