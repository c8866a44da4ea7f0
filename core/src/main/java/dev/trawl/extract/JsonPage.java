package dev.trawl.extract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One JSON page, parsed once with Jackson and queried with Jayway JSONPath. Each selected value
 * gives URLs with the JSON object they came from: a string is a URL and its source is the object
 * holding it ({@code $[*].file_url} gives each post), an object is tried field by field ({@code
 * $[*]} with attributes {@code file_url}) and is its own source, an array gives its strings.
 */
final class JsonPage {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Configuration PATHS =
      Configuration.builder()
          .jsonProvider(new JacksonJsonNodeJsonProvider(MAPPER))
          .mappingProvider(new JacksonMappingProvider(MAPPER))
          .options(Option.AS_PATH_LIST, Option.SUPPRESS_EXCEPTIONS, Option.ALWAYS_RETURN_LIST)
          .build();

  /** A value found: its text (a URL to resolve) and the JSON object it came from. */
  record Found(String text, ObjectNode source) {}

  private final JsonNode root;

  private JsonPage(JsonNode root) {
    this.root = root;
  }

  static JsonPage parse(String pageUrl, byte[] body) {
    try {
      JsonNode root = MAPPER.readTree(body);
      if (root == null) {
        throw new ExtractException(pageUrl, "bad JSON: empty");
      }
      return new JsonPage(root);
    } catch (IOException e) {
      String msg = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      throw new ExtractException(pageUrl, "bad JSON: " + msg);
    }
  }

  /**
   * True for a JSON content type ({@code application/json}, {@code text/json}, {@code +json}), or
   * for a body starting with {@code {} or {@code [} served as text/plain or without a type.
   */
  static boolean isJson(String contentType, byte[] body) {
    String type =
        contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (type.equals("application/json") || type.equals("text/json") || type.endsWith("+json")) {
      return true;
    }
    if (!type.isEmpty() && !type.equals("text/plain")) {
      return false;
    }
    int i = 0;
    if (body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb) {
      i = 3; // UTF-8 BOM
    }
    while (i < body.length && Character.isWhitespace(body[i])) {
      i++;
    }
    return i < body.length && (body[i] == '{' || body[i] == '[');
  }

  /** What {@code path} selects; objects are read through {@code fields}, first usable one wins. */
  List<Found> select(JsonPath path, List<String> fields) {
    Object result = JsonPath.using(PATHS).parse(root).read(path);
    List<Found> found = new ArrayList<>();
    if (!(result instanceof JsonNode paths) || !paths.isArray()) {
      return found;
    }
    for (JsonNode p : paths) {
      walk(p.asText(), fields, found);
    }
    return found;
  }

  /** Follows a normalised path ({@code $['data'][0]['url']}) from the root, keeping the object. */
  private void walk(String normalised, List<String> fields, List<Found> found) {
    JsonNode node = root;
    ObjectNode holder = root.isObject() ? (ObjectNode) root : null;
    int i = 1; // after '$'
    while (i < normalised.length() && node != null) {
      if (normalised.startsWith("['", i)) {
        StringBuilder name = new StringBuilder();
        int j = i + 2;
        while (j < normalised.length() && normalised.charAt(j) != '\'') {
          if (normalised.charAt(j) == '\\' && j + 1 < normalised.length()) {
            j++;
          }
          name.append(normalised.charAt(j++));
        }
        node = node.get(name.toString());
        i = j + 2; // past "']"
      } else if (normalised.charAt(i) == '[') {
        int close = normalised.indexOf(']', i);
        if (close < 0) {
          return;
        }
        node = node.get(Integer.parseInt(normalised.substring(i + 1, close)));
        i = close + 1;
      } else {
        return; // not a normalised path
      }
      if (node != null && node.isObject() && i < normalised.length()) {
        holder = (ObjectNode) node;
      }
    }
    if (node == null) {
      return;
    }
    if (node.isTextual()) {
      found.add(new Found(node.asText(), holder));
    } else if (node.isObject()) {
      for (String field : fields) {
        JsonNode v = node.get(field);
        if (v != null && v.isTextual() && !v.asText().isBlank()) {
          found.add(new Found(v.asText(), (ObjectNode) node));
          return;
        }
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        if (item.isTextual()) {
          found.add(new Found(item.asText(), holder));
        }
      }
    }
  }

  /** The object as compact JSON text. */
  static String text(ObjectNode source) {
    try {
      return source == null ? null : MAPPER.writeValueAsString(source);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // a parsed tree always writes
    }
  }
}
