package dev.trawl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trawl.DetectedGallery;
import dev.trawl.DetectedGallery.Decision;
import dev.trawl.DetectedGallery.LevelSpec;
import dev.trawl.Level;
import java.util.List;

/** A detected gallery written as a recipe (TOML, read back by {@link Recipe}) or as JSON. */
final class RecipeText {
  private RecipeText() {}

  /**
   * The recipe: {@code urls} and one {@code [[level]]} table per level, each decision's evidence as
   * a comment above the keys it decided.
   */
  static String toml(DetectedGallery g) {
    StringBuilder s = new StringBuilder();
    s.append("# trawl inspect ")
        .append(g.url())
        .append(" (")
        .append(g.requests())
        .append(" requests)\n")
        .append("# crawl it with: trawl get --recipe FILE\n");
    s.append("urls = ").append(array(g.urls())).append('\n');
    List<LevelSpec> levels = g.levels();
    for (int i = 0; i < levels.size(); i++) {
      LevelSpec l = levels.get(i);
      boolean first = i == 0;
      boolean last = i == levels.size() - 1;
      s.append("\n[[level]]\nname = ")
          .append(string(Level.defaultName(i, levels.size())))
          .append('\n');
      if (first && g.tree() != null) {
        comment(s, g, "albums");
        s.append("follow-tree = ").append(string(g.tree())).append('\n');
      }
      if (first) {
        comment(s, g, "items");
      }
      if (l.follow() != null) {
        s.append("follow = ").append(string(l.follow())).append('\n');
      }
      if (first) {
        comment(s, g, "pager");
        if (g.next() != null) {
          s.append("next = ").append(string(g.next())).append('\n');
        }
      }
      if (last) {
        comment(s, g, "originals");
        s.append("select = ").append(string(l.select())).append('\n');
        s.append("attr = ").append(array(l.attr())).append('\n');
        if (!l.rewrite().isEmpty()) {
          s.append("rewrite = ").append(array(l.rewrite())).append('\n');
          s.append("fallback = ").append(l.fallback()).append('\n');
        }
      }
    }
    return s.toString();
  }

  private static void comment(StringBuilder s, DetectedGallery g, String topic) {
    for (Decision d : g.decisions()) {
      if (d.topic().equals(topic)) {
        s.append("# ").append(TerminalText.safe(d)).append('\n');
      }
    }
  }

  private static String array(List<String> values) {
    StringBuilder s = new StringBuilder("[");
    for (String v : values) {
      s.append(s.length() > 1 ? ", " : "").append(string(v));
    }
    return s.append(']').toString();
  }

  /**
   * A TOML string: literal ('...') when it can be, so selectors and regexes keep backslashes; else
   * basic, with control characters (terminal escapes, bidi controls) as {@code \\uXXXX}.
   */
  static String string(String v) {
    boolean literal =
        v.indexOf('\'') < 0 && v.chars().noneMatch(c -> TerminalText.isControl((char) c));
    if (literal) {
      return "'" + v + "'";
    }
    StringBuilder s = new StringBuilder("\"");
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        case '\n' -> s.append("\\n");
        case '\t' -> s.append("\\t");
        case '\r' -> s.append("\\r");
        default -> {
          if (TerminalText.isControl(c)) {
            s.append(String.format("\\u%04x", (int) c));
          } else {
            s.append(c);
          }
        }
      }
    }
    return s.append('"').toString();
  }

  /** The detection as JSON: url, urls, next, follow_tree, levels, decisions, requests. */
  static String json(DetectedGallery g) {
    ObjectMapper m = TerminalText.json().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = m.createObjectNode();
    root.put("url", g.url());
    ArrayNode urls = root.putArray("urls");
    g.urls().forEach(urls::add);
    if (g.next() == null) {
      root.putNull("next");
    } else {
      root.put("next", g.next());
    }
    root.put("follow_tree", g.tree());
    ArrayNode levels = root.putArray("levels");
    for (int i = 0; i < g.levels().size(); i++) {
      LevelSpec l = g.levels().get(i);
      ObjectNode level = levels.addObject();
      level.put("name", Level.defaultName(i, g.levels().size()));
      level.put("follow", l.follow());
      level.put("select", l.select());
      ArrayNode attr = level.putArray("attr");
      l.attr().forEach(attr::add);
      ArrayNode rewrite = level.putArray("rewrite");
      l.rewrite().forEach(rewrite::add);
      level.put("fallback", l.fallback());
    }
    ArrayNode decisions = root.putArray("decisions");
    for (Decision d : g.decisions()) {
      decisions.addObject().put("topic", d.topic()).put("text", d.text());
    }
    root.put("requests", g.requests());
    try {
      return m.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
