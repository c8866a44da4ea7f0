package dev.trawl.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.trawl.frontier.PictureInfo;
import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a picture goes under the out dir: a template such as {@code {host}/{page_title}/{n:03}
 * {alt:.40}.{ext}}, where {@code /} makes folders. Immutable and thread-safe; parse once, render
 * per picture.
 *
 * <p>Fields: {@code name} (the URL's last segment without its extension), {@code ext} (from the
 * content), {@code sha256}, {@code host} (the picture's), {@code page_title}, {@code
 * listing_title}, {@code n} (the picture's position on its page, from 1), {@code page_n} (the
 * number of a templated listing page), {@code alt}, {@code date} (fetch date, YYYY-MM-DD, UTC) and
 * {@code json.FIELD} (a field of the JSON object a JSON page gave for the picture; {@code json.a.b}
 * for nested ones). Formats: {@code {n:03}} pads with zeros to 3 digits, {@code {sha256:.12}} keeps
 * the first 12 characters. {@code {{} and {@code }}} are literal braces.
 *
 * <p>Every path element is made safe as {@link ImageNamer} makes names (no separators, no {@code
 * ..}, no control characters, at most {@value ImageNamer#MAX_BYTES} bytes), a field without a value
 * gives {@code _}, and a rendered path never leaves the out dir. The default, {@value #DEFAULT},
 * gives exactly {@link ImageNamer#name}'s names.
 */
public final class FilenameTemplate {
  /** Today's names: the URL's last segment and an extension fitting the content. */
  public static final String DEFAULT = "{name}.{ext}";

  /** What a field without a value renders as. */
  public static final String MISSING = "_";

  /** The fields a template may use, besides {@code json.FIELD}. */
  public static final Set<String> FIELDS =
      Set.of(
          "name",
          "ext",
          "sha256",
          "host",
          "page_title",
          "listing_title",
          "n",
          "page_n",
          "alt",
          "date");

  private static final Pattern SPEC = Pattern.compile("(0[0-9]{1,2})|\\.([0-9]{1,4})");
  private static final JsonFactory JSON = new JsonFactory();

  private final String text;
  private final List<List<Part>> segments;
  private final boolean isDefault;

  /** A literal text, or a field with its format. */
  private record Part(String literal, String field, int pad, int max) {}

  /** What a template renders from: one saved picture. */
  public record Fields(
      String url, ImageType type, String sha256, LocalDate date, PictureInfo info) {
    public Fields {
      Objects.requireNonNull(url, "url == null");
      Objects.requireNonNull(type, "type == null");
      info = info == null ? PictureInfo.NONE : info;
    }
  }

  private FilenameTemplate(String text, List<List<Part>> segments) {
    this.text = text;
    this.segments = segments;
    this.isDefault = text.equals(DEFAULT);
  }

  /** The default template, {@value #DEFAULT}. */
  public static FilenameTemplate defaults() {
    return parse(DEFAULT);
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException naming the template and what is wrong: an unknown field, a bad
   *     format, an unclosed brace, an empty folder name or a leading {@code /}
   */
  public static FilenameTemplate parse(String template) {
    Objects.requireNonNull(template, "template == null");
    if (template.isBlank()) {
      throw bad(template, "it is empty");
    }
    if (template.startsWith("/") || template.startsWith("\\")) {
      throw bad(template, "it must be relative to the out dir");
    }
    List<List<Part>> segments = new ArrayList<>();
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '{' && template.startsWith("{{", i) || c == '}' && template.startsWith("}}", i)) {
        literal.append(c);
        i++;
      } else if (c == '}') {
        throw bad(template, "'}' without '{' at " + (i + 1) + " (write }} for a brace)");
      } else if (c == '{') {
        int close = template.indexOf('}', i);
        int reopen = template.indexOf('{', i + 1);
        if (close < 0 || (reopen >= 0 && reopen < close)) {
          throw bad(template, "'{' at " + (i + 1) + " is not closed");
        }
        flush(literal, parts);
        parts.add(field(template, template.substring(i + 1, close)));
        i = close;
      } else if (c == '/') {
        flush(literal, parts);
        if (parts.isEmpty()) {
          throw bad(template, "an empty folder name ('//')");
        }
        segments.add(List.copyOf(parts));
        parts = new ArrayList<>();
      } else {
        literal.append(c);
      }
    }
    flush(literal, parts);
    if (parts.isEmpty()) {
      throw bad(template, "it ends with '/' (no file name)");
    }
    segments.add(List.copyOf(parts));
    return new FilenameTemplate(template, List.copyOf(segments));
  }

  private static void flush(StringBuilder literal, List<Part> parts) {
    if (literal.length() > 0) {
      parts.add(new Part(literal.toString(), null, 0, 0));
      literal.setLength(0);
    }
  }

  private static Part field(String template, String inside) {
    int colon = inside.indexOf(':');
    String name = (colon < 0 ? inside : inside.substring(0, colon)).strip();
    if (!FIELDS.contains(name) && !(name.startsWith("json.") && name.length() > 5)) {
      throw bad(
          template,
          "unknown field {"
              + inside
              + "} (known: "
              + String.join(", ", new java.util.TreeSet<>(FIELDS))
              + ", json.FIELD)");
    }
    int pad = 0;
    int max = 0;
    if (colon >= 0) {
      Matcher m = SPEC.matcher(inside.substring(colon + 1));
      if (!m.matches()) {
        throw bad(
            template, "bad format in {" + inside + "} (want e.g. {n:03} or {" + name + ":.12})");
      }
      if (m.group(1) != null) {
        pad = Integer.parseInt(m.group(1));
      } else {
        max = Integer.parseInt(m.group(2));
        if (max < 1) {
          throw bad(template, "bad format in {" + inside + "} (keep at least 1 character)");
        }
      }
    }
    return new Part(null, name, pad, max);
  }

  private static IllegalArgumentException bad(String template, String why) {
    return new IllegalArgumentException("bad --filename '" + template + "': " + why);
  }

  /** The template as written. */
  public String text() {
    return text;
  }

  /**
   * The path of one picture relative to the out dir, path elements joined by {@code /}; every
   * element is a safe name, none is {@code .} or {@code ..}.
   */
  public String render(Fields f) {
    if (isDefault) {
      return ImageNamer.name(f.url(), f.type());
    }
    StringBuilder path = new StringBuilder(64);
    for (int s = 0; s < segments.size(); s++) {
      boolean last = s == segments.size() - 1;
      StringBuilder raw = new StringBuilder(64);
      for (Part p : segments.get(s)) {
        raw.append(p.literal != null ? p.literal : value(p, f));
      }
      String keep = last ? "." + f.type().extension() : "";
      if (s > 0) {
        path.append('/');
      }
      path.append(ImageNamer.segment(raw.toString(), keep, MISSING));
    }
    return path.toString();
  }

  private static String value(Part p, Fields f) {
    String v = lookup(p.field, f);
    if (v == null || v.isBlank()) {
      return MISSING;
    }
    v = v.strip();
    if (p.max > 0 && v.codePointCount(0, v.length()) > p.max) {
      v = v.substring(0, v.offsetByCodePoints(0, p.max));
    }
    if (p.pad > 0 && v.length() < p.pad) {
      v = "0".repeat(p.pad - v.length()) + v;
    }
    return v;
  }

  private static String lookup(String field, Fields f) {
    PictureInfo i = f.info();
    return switch (field) {
      case "name" -> ImageNamer.stem(f.url(), f.type());
      case "ext" -> f.type().extension();
      case "sha256" -> f.sha256();
      case "host" -> host(f.url());
      case "page_title" -> i.pageTitle();
      case "listing_title" -> i.listingTitle();
      case "n" -> i.n() > 0 ? Integer.toString(i.n()) : null;
      case "page_n" -> i.pageNumber() == null ? null : Long.toString(i.pageNumber());
      case "alt" -> i.alt();
      case "date" -> f.date() == null ? null : f.date().toString();
      default -> jsonField(i.json(), field.substring("json.".length()));
    };
  }

  private static String host(String url) {
    try {
      String h = URI.create(url).getHost();
      return h == null ? null : h.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * A field of a JSON object by its dotted path: a string, number or boolean as its text, an array
   * of them joined by spaces; null for anything else or when absent.
   */
  static String jsonField(String json, String path) {
    if (json == null) {
      return null;
    }
    String[] names = path.split("\\.", -1);
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      int depth = 0;
      while (true) {
        JsonToken t = p.nextToken();
        if (t != JsonToken.FIELD_NAME) {
          return null;
        }
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (!name.equals(names[depth])) {
          p.skipChildren();
          continue;
        }
        if (depth == names.length - 1) {
          return scalarText(p, v);
        }
        if (v != JsonToken.START_OBJECT) {
          return null;
        }
        depth++;
      }
    } catch (IOException e) {
      return null;
    }
  }

  private static String scalarText(JsonParser p, JsonToken v) throws IOException {
    if (v.isScalarValue()) {
      return v == JsonToken.VALUE_NULL ? null : p.getValueAsString(p.getText());
    }
    if (v != JsonToken.START_ARRAY) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (!t.isScalarValue() || t == JsonToken.VALUE_NULL) {
        return null;
      }
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(p.getText());
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return text;
  }
}
