package dev.trawl.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PageExtractorTest {
  private static final String PAGE = "http://gallery.test/picture/lists/p/2";
  private static final String HTML = "text/html; charset=utf-8";

  private static Extraction extract(ExtractRules rules, String pageUrl, String html) {
    return new PageExtractor(rules).extract(pageUrl, html.getBytes(StandardCharsets.UTF_8), HTML);
  }

  private static List<String> images(String html) {
    return extract(ExtractRules.defaults(), PAGE, html).images();
  }

  static Stream<Arguments> imageForms() {
    return Stream.of(
        arguments("data-original", "<img data-original='/u/a.jpg'>", "http://gallery.test/u/a.jpg"),
        arguments("data-src", "<img data-src='/u/a.jpg'>", "http://gallery.test/u/a.jpg"),
        arguments("data-lazy-src", "<img data-lazy-src='/u/a.jpg'>", "http://gallery.test/u/a.jpg"),
        arguments(
            "srcset by width",
            "<img srcset='/s.jpg 320w, /l.jpg 1280w, /m.jpg 640w'>",
            "http://gallery.test/l.jpg"),
        arguments(
            "srcset by density",
            "<img srcset='/a.jpg, /b.jpg 2x, /c.jpg 1.5x'>",
            "http://gallery.test/b.jpg"),
        arguments(
            "srcset with commas inside URLs",
            "<img srcset='/i/a,b.jpg 1x, /i/c,d.jpg 2x'>",
            "http://gallery.test/i/c,d.jpg"),
        arguments("src fallback", "<img src='/u/plain.jpg'>", "http://gallery.test/u/plain.jpg"),
        arguments(
            "data-original beats a placeholder src",
            "<img src='/img/placeholder.gif' data-original='/uploads/thumb_7.jpg'>",
            "http://gallery.test/uploads/thumb_7.jpg"),
        arguments(
            "data-src beats srcset and src",
            "<img src='/s.jpg' srcset='/x.jpg 2x' data-src='/d.jpg'>",
            "http://gallery.test/d.jpg"),
        arguments(
            "data: placeholder is passed over",
            "<img data-original='data:image/gif;base64,R0lGODlhAQABAAAAACw=' src='/real.jpg'>",
            "http://gallery.test/real.jpg"),
        arguments(
            "blank attribute is passed over",
            "<img data-src='   ' src='/real.jpg'>",
            "http://gallery.test/real.jpg"),
        arguments(
            "entity-encoded query",
            "<img src='/a.jpg?x=1&amp;y=2'>",
            "http://gallery.test/a.jpg?x=1&y=2"),
        arguments(
            "surrounding whitespace",
            "<img src=' \n\t /u/a.jpg \n'>",
            "http://gallery.test/u/a.jpg"),
        arguments("relative", "<img src='a.jpg'>", "http://gallery.test/picture/lists/p/a.jpg"),
        arguments(
            "parent directory", "<img src='../a.jpg'>", "http://gallery.test/picture/lists/a.jpg"),
        arguments(
            "too many parent directories",
            "<img src='../../../../../u/a.jpg'>",
            "http://gallery.test/u/a.jpg"),
        arguments("protocol-relative", "<img src='//cdn.test/x/a.jpg'>", "http://cdn.test/x/a.jpg"),
        arguments(
            "absolute on another host",
            "<img src='https://cdn.test/a/b.jpg'>",
            "https://cdn.test/a/b.jpg"),
        arguments(
            "query string kept",
            "<img src='/img.php?id=7&size=large'>",
            "http://gallery.test/img.php?id=7&size=large"),
        arguments("fragment dropped", "<img src='/u/a.jpg#zoom'>", "http://gallery.test/u/a.jpg"),
        arguments(
            "space percent-encoded",
            "<img src='/u/my pic.jpg'>",
            "http://gallery.test/u/my%20pic.jpg"),
        arguments(
            "non-ASCII percent-encoded as UTF-8",
            "<img src='/u/café.jpg'>",
            "http://gallery.test/u/caf%C3%A9.jpg"),
        arguments(
            "existing escapes kept", "<img src='/u/a%20b.jpg'>", "http://gallery.test/u/a%20b.jpg"),
        arguments(
            "stray percent escaped", "<img src='/u/100%.jpg'>", "http://gallery.test/u/100%25.jpg"),
        arguments(
            "internationalised host in ASCII form",
            "<img src='http://bücher.test/a.jpg'>",
            "http://xn--bcher-kva.test/a.jpg"),
        arguments(
            "upper-case scheme", "<img src='HTTPS://cdn.test/a.jpg'>", "https://cdn.test/a.jpg"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("imageForms")
  void imageUrlIsFoundAndResolved(String form, String html, String expected) {
    assertThat(images(html)).containsExactly(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<img src='data:image/png;base64,iVBORw0KGgo='>",
        "<img src='javascript:alert(1)'>",
        "<img src='ftp://files.test/a.jpg'>",
        "<img src='mailto:a@b.test'>",
        "<img src=''>",
        "<img src='   '>",
        "<img>",
        "<img src='http://'>",
        "<img src='http://[broken/a.jpg'>",
        "<p>no images here</p>"
      })
  void unusableValuesYieldNoImage(String html) {
    assertThat(images(html)).isEmpty();
  }

  @Test
  void seedPageShapeYieldsThumbnailsInDocumentOrder() {
    StringBuilder html = new StringBuilder("<html><body><div class='list'>");
    List<String> expected = new ArrayList<>();
    for (int id = 101; id <= 112; id++) {
      html.append("<div class='workimage'><a href='/picture/works/")
          .append(id)
          .append("'><img src='/static/loading.gif' data-original='/uploads/thumb_")
          .append(id)
          .append(".jpg' alt='work'></a></div>");
      expected.add("http://gallery.test/uploads/thumb_" + id + ".jpg");
    }
    html.append("</div><a class='next' href='/picture/lists/p/3'>next</a></body></html>");
    ExtractRules seed = new ExtractRules("div.workimage", List.of("data-original"), "a.next");

    Extraction result = extract(seed, PAGE, html.toString());

    assertThat(result.images()).containsExactlyElementsOf(expected);
    assertThat(result.nextPages()).containsExactly("http://gallery.test/picture/lists/p/3");
  }

  @Test
  void containerWithoutAttributesFallsBackToItsFirstImg() {
    ExtractRules rules =
        new ExtractRules("div.workimage", ExtractRules.DEFAULT_ATTRIBUTES, "a.next");

    List<String> found =
        extract(rules, PAGE, "<div class=workimage><img src=/a.jpg><img src=/b.jpg></div>")
            .images();

    assertThat(found).containsExactly("http://gallery.test/a.jpg");
  }

  @Test
  void containerWithItsOwnAttributeUsesIt() {
    ExtractRules rules = new ExtractRules("a.full", List.of("href"), "a.next");

    List<String> found =
        extract(rules, PAGE, "<a class=full href=/big.jpg><img src=/small.jpg></a>").images();

    assertThat(found).containsExactly("http://gallery.test/big.jpg");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "thumbsup's link to the original | <li><a href='media/original/2016/IMG_1.JPG'>"
            + "<img src='media/thumbs/2016/IMG_1.jpg'></a></li> | http://gallery.test/picture/lists/p/media/original/2016/IMG_1.JPG",
        "sigal's link to the picture | <div class=thumbnail><a class=gallery href='IMG_2.png'>"
            + "<img src='thumbnails/IMG_2.png'></a></div> | http://gallery.test/picture/lists/p/IMG_2.png",
        "query after the extension | <a href='/big.webp?v=3'><img src='/small.webp'></a>"
            + " | http://gallery.test/big.webp?v=3",
        "link to a work page takes the inner img | <a href='/works/7'><img src='/t/7.jpg'></a>"
            + " | http://gallery.test/t/7.jpg",
        "link to an html page takes the inner img | <a href='/works/7.html'><img src='/t/7.jpg'>"
            + "</a> | http://gallery.test/t/7.jpg",
        "link's own data-src wins | <a data-src='/d.jpg' href='/h.jpg'><img src='/t.jpg'></a>"
            + " | http://gallery.test/d.jpg",
        "empty fragment link takes the inner img | <a href='#'><img src='/t.jpg'></a>"
            + " | http://gallery.test/t.jpg"
      })
  void linkSelectedToAPictureTakesItsHref(String form, String html, String expected) {
    ExtractRules rules = new ExtractRules("a", ExtractRules.DEFAULT_ATTRIBUTES, "a.next");

    assertThat(extract(rules, PAGE, html).images()).containsExactly(expected);
  }

  @Test
  void sourceElementsOfPictureAreMatchedBySelector() {
    ExtractRules rules = new ExtractRules("picture source", List.of("srcset"), "a.next");

    List<String> found =
        extract(rules, PAGE, "<picture><source srcset='/a.avif 1x, /b.avif 2x'><img src=/c.jpg>")
            .images();

    assertThat(found).containsExactly("http://gallery.test/b.avif");
  }

  @Test
  void repeatedImagesAreReportedOnceInFirstSeenOrder() {
    List<String> found =
        images("<img src=/b.jpg><img src=/a.jpg><img data-src=/b.jpg><img src='/a.jpg#x'>");

    assertThat(found).containsExactly("http://gallery.test/b.jpg", "http://gallery.test/a.jpg");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http://cdn.test/static/ | http://cdn.test/static/a.jpg",
        "/assets/ | http://gallery.test/assets/a.jpg",
        "../other/ | http://gallery.test/picture/lists/other/a.jpg",
        "//cdn.test/x/ | http://cdn.test/x/a.jpg"
      })
  void baseHrefIsHonoured(String base, String expected) {
    String html = "<html><head><base href='" + base + "'></head><body><img src='a.jpg'>";

    assertThat(images(html)).containsExactly(expected);
  }

  @Test
  void protocolRelativeUrlTakesThePageScheme() {
    List<String> found =
        extract(ExtractRules.defaults(), "https://gallery.test/p/1", "<img src='//cdn.test/a.jpg'>")
            .images();

    assertThat(found).containsExactly("https://cdn.test/a.jpg");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "<link rel=next href='/picture/lists/p/3'> | http://gallery.test/picture/lists/p/3",
        "<a rel=next href='3'>more</a> | http://gallery.test/picture/lists/p/3",
        "<a rel=next href='?page=3&amp;s=1#top'>more</a> | http://gallery.test/picture/lists/p/2?page=3&s=1",
        "<a rel=next href='https://other.test/p/3'>more</a> | https://other.test/p/3"
      })
  void nextLinkIsFoundAndResolved(String html, String expected) {
    assertThat(extract(ExtractRules.defaults(), PAGE, html).nextPages()).containsExactly(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<a class=next href='/p/3'>next</a>",
        "<a rel=next href='javascript:void(0)'>next</a>",
        "<a rel=next>next</a>",
        "<a rel=prev href='/p/1'>prev</a>"
      })
  void defaultNextSelectorIgnoresOtherLinks(String html) {
    assertThat(extract(ExtractRules.defaults(), PAGE, html).nextPages()).isEmpty();
  }

  @Test
  void nextLinksAreDeduplicated() {
    String html = "<link rel=next href=/p/3><a rel=next href=/p/3>next</a><a rel=next href=/p/4>";

    assertThat(extract(ExtractRules.defaults(), PAGE, html).nextPages())
        .containsExactly("http://gallery.test/p/3", "http://gallery.test/p/4");
  }

  @Test
  void charsetFromContentTypeDecodesNonAsciiNames() {
    byte[] body = "<img src='/u/кот.jpg'>".getBytes(Charset.forName("windows-1251"));

    Extraction result =
        new PageExtractor(ExtractRules.defaults())
            .extract(PAGE, body, "text/html; charset=\"windows-1251\"");

    assertThat(result.images()).containsExactly("http://gallery.test/u/%D0%BA%D0%BE%D1%82.jpg");
  }

  @Test
  void charsetFromMetaIsUsedWhenContentTypeHasNone() {
    String html = "<html><head><meta charset=ISO-8859-1></head><body><img src='/u/café.jpg'>";
    byte[] body = html.getBytes(StandardCharsets.ISO_8859_1);

    Extraction result = new PageExtractor(ExtractRules.defaults()).extract(PAGE, body, "text/html");

    assertThat(result.images()).containsExactly("http://gallery.test/u/caf%C3%A9.jpg");
  }

  @Test
  void unknownCharsetFallsBackToDetection() {
    byte[] body = "<img src='/u/café.jpg'>".getBytes(StandardCharsets.UTF_8);

    Extraction result =
        new PageExtractor(ExtractRules.defaults())
            .extract(PAGE, body, "text/html; charset=no-such-charset");

    assertThat(result.images()).containsExactly("http://gallery.test/u/caf%C3%A9.jpg");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "text/html; charset=windows-1251 | windows-1251",
        "text/html;charset=\"UTF-8\" | UTF-8",
        "TEXT/HTML; CHARSET=iso-8859-1 | iso-8859-1",
        "text/html | null",
        "null | null",
        "text/html; charset=bogus!! | null"
      })
  void charsetIsReadFromContentType(String contentType, String expected) {
    assertThat(PageExtractor.charsetOf(contentType)).isEqualTo(expected);
  }

  @Test
  void emptyBodyGivesEmptyExtraction() {
    Extraction result = new PageExtractor(ExtractRules.defaults()).extract(PAGE, new byte[0], null);

    assertThat(result.images()).isEmpty();
    assertThat(result.nextPages()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"img\": \"a.jpg\"}", "plain text", "\u0000\u0001\u00ff\u00fe<<<>>>"})
  void nonHtmlBodyGivesNoImages(String body) {
    Extraction result =
        new PageExtractor(ExtractRules.defaults())
            .extract(PAGE, body.getBytes(StandardCharsets.ISO_8859_1), "application/octet-stream");

    assertThat(result.images()).isEmpty();
  }

  @Test
  void binaryBodyDoesNotThrow() {
    byte[] jpeg = new byte[4096];
    for (int i = 0; i < jpeg.length; i++) {
      jpeg[i] = (byte) (i * 31 + 7);
    }

    Extraction result =
        new PageExtractor(ExtractRules.defaults()).extract(PAGE, jpeg, "image/jpeg");

    assertThat(result.nextPages()).isEmpty();
  }

  @Test
  void extractorIsReusableAcrossPages() {
    PageExtractor extractor = new PageExtractor(ExtractRules.defaults());
    byte[] one = "<img src=/1.jpg>".getBytes(StandardCharsets.UTF_8);
    byte[] two = "<img src=/2.jpg>".getBytes(StandardCharsets.UTF_8);

    extractor.extract(PAGE, one, HTML);

    assertThat(extractor.extract(PAGE, two, HTML).images())
        .containsExactly("http://gallery.test/2.jpg");
  }
}
