package dev.trawl.frontier;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * What is known of one picture besides its URL and its bytes: where it sat on the page it was found
 * on, that page's title, and its size once its header was read. Kept in the crawl state as the
 * image entry's meta text (a JSON object, {@link #encode()}), read by file name templates,
 * sidecars, the manifest and the contact sheet. Immutable.
 *
 * @param n the picture's position on its page, from 1; 0 when not known
 * @param alt the element's alt or title text, or null
 * @param pageTitle the title of the page it was found on, or null
 * @param pageNumber the number of the templated listing page ({@code 7} for {@code {1..16}}), or
 *     null
 * @param listing the listing page, when the picture was found on a work page; else null
 * @param listingTitle that listing page's title, or null
 * @param json the JSON object a JSON page gave for the picture, as JSON text; or null
 * @param width the width in pixels from the header, or null when not known
 * @param height the height in pixels from the header, or null when not known
 */
public record PictureInfo(
    int n,
    String alt,
    String pageTitle,
    Long pageNumber,
    String listing,
    String listingTitle,
    String json,
    Integer width,
    Integer height) {
  /** Nothing known. */
  public static final PictureInfo NONE =
      new PictureInfo(0, null, null, null, null, null, null, null, null);

  private static final JsonFactory JSON = new JsonFactory();

  /** Where the picture was found: position, alt text, page title and page number. */
  public static PictureInfo found(int n, String alt, String pageTitle, Long pageNumber) {
    return new PictureInfo(
        n, blankToNull(alt), blankToNull(pageTitle), pageNumber, null, null, null, null, null);
  }

  /** The same with the size its header showed; negative values (not known) change nothing. */
  public PictureInfo withSize(int width, int height) {
    if (width < 0 || height < 0) {
      return this;
    }
    return new PictureInfo(
        n, alt, pageTitle, pageNumber, listing, listingTitle, json, width, height);
  }

  /** The same, found through the listing page {@code listing} titled {@code listingTitle}. */
  public PictureInfo withListing(String listing, String listingTitle) {
    return new PictureInfo(
        n, alt, pageTitle, pageNumber, listing, blankToNull(listingTitle), json, width, height);
  }

  /** The same with the JSON object (as JSON text) a JSON page gave for the picture. */
  public PictureInfo withJson(String json) {
    return new PictureInfo(
        n, alt, pageTitle, pageNumber, listing, listingTitle, json, width, height);
  }

  /** As the state keeps it: a JSON object with the known fields only. */
  public String encode() {
    StringWriter out = new StringWriter(128);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      if (n > 0) {
        g.writeNumberField("n", n);
      }
      string(g, "alt", alt);
      string(g, "page_title", pageTitle);
      if (pageNumber != null) {
        g.writeNumberField("page_n", pageNumber);
      }
      string(g, "listing", listing);
      string(g, "listing_title", listingTitle);
      if (json != null) {
        g.writeFieldName("json");
        g.writeRawValue(json);
      }
      if (width != null && height != null) {
        g.writeNumberField("width", width);
        g.writeNumberField("height", height);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  /**
   * Reads what {@link #encode()} wrote; null, blank or other text (an entry of an older trawl)
   * gives {@link #NONE}, unknown fields are passed over.
   */
  public static PictureInfo decode(String meta) {
    if (meta == null || !meta.startsWith("{")) {
      return NONE;
    }
    int n = 0;
    String alt = null;
    String pageTitle = null;
    Long pageNumber = null;
    String listing = null;
    String listingTitle = null;
    String json = null;
    Integer width = null;
    Integer height = null;
    try (JsonParser p = JSON.createParser(meta)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return NONE;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "n" -> n = p.getIntValue();
          case "alt" -> alt = p.getValueAsString();
          case "page_title" -> pageTitle = p.getValueAsString();
          case "page_n" -> pageNumber = p.getLongValue();
          case "listing" -> listing = p.getValueAsString();
          case "listing_title" -> listingTitle = p.getValueAsString();
          case "json" -> json = raw(p);
          case "width" -> width = p.getIntValue();
          case "height" -> height = p.getIntValue();
          default -> {
            if (t.isStructStart()) {
              p.skipChildren();
            }
          }
        }
      }
    } catch (IOException e) {
      return NONE;
    }
    return new PictureInfo(
        n, alt, pageTitle, pageNumber, listing, listingTitle, json, width, height);
  }

  /** The value the parser is on, as JSON text. */
  private static String raw(JsonParser p) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.copyCurrentStructure(p);
    }
    return out.toString();
  }

  private static void string(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
