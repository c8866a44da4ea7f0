package dev.trawl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A recipe file: the same options as the command line, as TOML keys named after the long flags
 * ({@code select = "div.workimage img"}, {@code rewrite = ["thumb_=>thumbMid_"]}, {@code urls =
 * [...]}). Flags override the recipe; the recipe overrides the built-in defaults. The levels of
 * pages may also be written out in full, one {@code [[level]]} table per level (keys {@link
 * #LEVEL_KEYS}), start pages first.
 */
record Recipe(String name, Map<String, JsonNode> values) {
  static final Set<String> KEYS =
      Set.of(
          "urls",
          "follow",
          "follow-tree",
          "max-depth",
          "level",
          "select",
          "attr",
          "rewrite",
          "fallback",
          "next",
          "max-pages",
          "sitemaps",
          "span-hosts",
          "out",
          "concurrency",
          "per-host",
          "user-agent",
          "max-file-size",
          "timeout",
          "ignore-robots",
          "delay",
          "retries",
          "max-retry-after",
          "max-crawl-delay",
          "archive",
          "refresh",
          "limit-rate",
          "referer",
          "header",
          "cookies",
          "cookies-from-browser",
          "proxy",
          "no-check-certificate",
          "ca-certificate",
          "filename",
          "write-metadata",
          "min-width",
          "min-height",
          "min-file-size",
          "accept-regex",
          "reject-regex",
          "type",
          "no-index");

  /** The keys of a {@code [[level]]} table. */
  static final Set<String> LEVEL_KEYS =
      Set.of(
          "name",
          "follow",
          "follow-tree",
          "max-depth",
          "next",
          "select",
          "attr",
          "rewrite",
          "fallback");

  static Recipe empty() {
    return new Recipe("", Map.of());
  }

  /** Reads a recipe; a missing file, bad TOML or an unknown key is an IllegalArgumentException. */
  static Recipe read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(file.toString(), in);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("recipe not found: " + file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read recipe " + file + ": " + e.getMessage());
    }
  }

  static Recipe parse(String name, InputStream in) {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(in);
    } catch (IOException e) {
      String msg = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      throw new IllegalArgumentException("bad recipe " + name + ": " + msg);
    }
    Map<String, JsonNode> values = new java.util.LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!KEYS.contains(e.getKey())) {
        throw new IllegalArgumentException(
            "unknown key '" + e.getKey() + "' in recipe " + name + " (known: " + known() + ")");
      }
      values.put(e.getKey(), e.getValue());
    }
    return new Recipe(name, values);
  }

  private static String known() {
    return String.join(", ", new java.util.TreeSet<>(KEYS));
  }

  /**
   * The {@code [[level]]} tables as recipes of their own (keys {@link #LEVEL_KEYS}); null when the
   * recipe has none.
   */
  List<Recipe> levels() {
    JsonNode v = values.get("level");
    if (v == null) {
      return null;
    }
    if (!v.isArray() || v.isEmpty()) {
      throw bad("level", v, "[[level]] tables");
    }
    List<Recipe> levels = new ArrayList<>();
    for (JsonNode table : v) {
      if (!table.isObject()) {
        throw bad("level", v, "[[level]] tables");
      }
      String where = name + " [[level]] " + (levels.size() + 1);
      Map<String, JsonNode> keys = new java.util.LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!LEVEL_KEYS.contains(e.getKey())) {
          throw new IllegalArgumentException(
              "unknown key '"
                  + e.getKey()
                  + "' in recipe "
                  + where
                  + " (known: "
                  + String.join(", ", new java.util.TreeSet<>(LEVEL_KEYS))
                  + ")");
        }
        keys.put(e.getKey(), e.getValue());
      }
      levels.add(new Recipe(where, keys));
    }
    return levels;
  }

  String string(String key) {
    JsonNode v = values.get(key);
    if (v == null) {
      return null;
    }
    if (!v.isValueNode()) {
      throw bad(key, v, "a string");
    }
    return v.asText();
  }

  List<String> strings(String key) {
    JsonNode v = values.get(key);
    if (v == null) {
      return null;
    }
    List<String> list = new ArrayList<>();
    if (v.isArray()) {
      for (JsonNode item : v) {
        if (!item.isTextual()) {
          throw bad(key, v, "a list of strings");
        }
        list.add(item.asText());
      }
    } else if (v.isTextual()) {
      list.add(v.asText());
    } else {
      throw bad(key, v, "a string or a list of strings");
    }
    return list;
  }

  Boolean bool(String key) {
    JsonNode v = values.get(key);
    if (v == null) {
      return null;
    }
    if (!v.isBoolean()) {
      throw bad(key, v, "true or false");
    }
    return v.asBoolean();
  }

  Long number(String key) {
    JsonNode v = values.get(key);
    if (v == null) {
      return null;
    }
    if (!v.canConvertToLong() || !v.isIntegralNumber()) {
      throw bad(key, v, "a whole number");
    }
    return v.asLong();
  }

  private IllegalArgumentException bad(String key, JsonNode v, String want) {
    return new IllegalArgumentException(
        "bad value for '" + key + "' in recipe " + name + ": " + v + " (want " + want + ")");
  }
}
