package dev.trawl.extract;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.jsoup.select.Selector;

/** Writes CSS selectors that select exactly a given set of elements. Pure; no state. */
final class CssPaths {
  /** Names that are plain CSS identifiers and do not look generated per item ({@code post_123}). */
  private static final Pattern STABLE = Pattern.compile("-?[A-Za-z_][A-Za-z0-9_-]*");

  private static final Pattern NUMBERED = Pattern.compile(".*[0-9]{3,}.*|.*[_-][0-9]+$");

  private CssPaths() {}

  static boolean stable(String name) {
    return !name.isEmpty() && STABLE.matcher(name).matches() && !NUMBERED.matcher(name).matches();
  }

  /** tag#id.class1.class2 with only stable names. */
  static String simple(Element e) {
    StringBuilder s = new StringBuilder(e.normalName());
    if (stable(e.id())) {
      s.append('#').append(e.id());
    }
    for (String c : e.classNames()) {
      if (stable(c)) {
        s.append('.').append(c);
      }
    }
    return s.toString();
  }

  /** tag#id.classes where the id and classes are those every element shares (same tag assumed). */
  static String common(List<Element> elements) {
    Element first = elements.get(0);
    StringBuilder s = new StringBuilder(first.normalName());
    String id = first.id();
    boolean sameId = stable(id);
    Set<String> classes = new LinkedHashSet<>();
    for (String c : first.classNames()) {
      if (stable(c)) {
        classes.add(c);
      }
    }
    for (Element e : elements) {
      sameId &= id.equals(e.id());
      classes.retainAll(e.classNames());
    }
    if (sameId) {
      s.append('#').append(id);
    }
    for (String c : classes) {
      s.append('.').append(c);
    }
    return s.toString();
  }

  /** The selector with at most two classes per compound, for evidence lines. */
  static String brief(String css) {
    StringBuilder out = new StringBuilder();
    for (String part : css.split(" ", -1)) {
      String[] classes = part.split("\\.", -1);
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(String.join(".", java.util.Arrays.copyOf(classes, Math.min(3, classes.length))));
    }
    return out.toString();
  }

  /** The first candidate that selects exactly the targets (no more, no fewer), or null. */
  static String firstExact(Element root, List<Element> targets, List<String> candidates) {
    Map<Element, Boolean> wanted = new IdentityHashMap<>();
    for (Element t : targets) {
      wanted.put(t, Boolean.TRUE);
    }
    for (String css : candidates) {
      Elements found;
      try {
        found = Selector.select(css, root);
      } catch (Selector.SelectorParseException e) {
        continue;
      }
      if (found.size() != wanted.size()) {
        continue;
      }
      boolean all = true;
      for (Element f : found) {
        all &= wanted.containsKey(f);
      }
      if (all) {
        return css;
      }
    }
    return null;
  }

  /**
   * A selector for one element: its id, an id above it, its classes, its classes under its parents'
   * (up to four levels), or as a last resort its full path from the root.
   */
  static String single(Element root, Element e) {
    List<String> candidates = new ArrayList<>();
    String self = simple(e);
    if (stable(e.id())) {
      candidates.add(self);
    }
    List<String> chain = new ArrayList<>();
    String suffix = self;
    Element p = e.parent();
    String idAnchor = null;
    for (int depth = 0; p != null && depth < 6; depth++, p = p.parent()) {
      if (idAnchor == null && stable(p.id())) {
        idAnchor = "#" + p.id();
        candidates.add(idAnchor + " " + self);
      }
      if (depth < 4) {
        suffix = simple(p) + " > " + suffix;
        chain.add(suffix);
      }
    }
    boolean bare = self.equals(e.normalName());
    if (!bare) {
      candidates.add(self);
    }
    candidates.addAll(chain);
    if (bare) {
      candidates.add(self); // a bare tag last: it finds more on the next page than on this one
    }
    if (idAnchor != null) {
      for (String c : chain) {
        candidates.add(idAnchor + " " + c);
      }
    }
    candidates.add(fullPath(e));
    return firstExact(root, List.of(e), candidates);
  }

  /** html > body > ... > e with :nth-child where needed; always exact. */
  static String fullPath(Element e) {
    List<String> parts = new ArrayList<>();
    for (Element x = e; x != null && x.parent() != null; x = x.parent()) {
      boolean root = x.parent() instanceof org.jsoup.nodes.Document; // nth-child never matches it
      parts.add(
          0,
          root
              ? x.normalName()
              : x.normalName() + ":nth-child(" + (x.elementSiblingIndex() + 1) + ")");
    }
    return String.join(" > ", parts);
  }
}
