package dev.trawl.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JSON pages read with JSONPath selectors: the same extraction as HTML, a page of JSON. */
class JsonExtractionTest {
  static final String PAGE = "https://board.test/posts.json?page=1";
  static final String JSON = "application/json; charset=utf-8";
  static final List<String> ATTRS = ExtractRules.DEFAULT_ATTRIBUTES;

  static final String POSTS =
      """
      [{"id":1002,"md5":"aa","file_ext":"png","file_url":"https://cdn.test/original/aa.png",
        "preview_file_url":"https://cdn.test/180x180/aa.jpg","tag_string":"1girl solo"},
       {"id":1001,"md5":"bb","file_ext":"jpg","file_url":"/original/bb.jpg"},
       {"id":1000,"md5":"cc","file_ext":"zip"}]
      """;

  static Extraction extract(ExtractRules rules, String body, String contentType) {
    return new PageExtractor(rules)
        .extract(PAGE, body.getBytes(StandardCharsets.UTF_8), contentType);
  }

  @Test
  void aPathToStringsGivesUrlsResolvedAgainstThePageWithTheObjectsTheyCameFrom() {
    Extraction e = extract(new ExtractRules("$[*].file_url", ATTRS, null, null), POSTS, JSON);

    assertThat(e.images())
        .containsExactly("https://cdn.test/original/aa.png", "https://board.test/original/bb.jpg");
    assertThat(e.sources().get("https://cdn.test/original/aa.png"))
        .startsWith("{\"id\":1002,")
        .contains("\"tag_string\":\"1girl solo\"");
    assertThat(e.sources().get("https://board.test/original/bb.jpg")).contains("\"id\":1001");
  }

  @Test
  void aPathToObjectsTakesTheFirstAttributeFieldThatIsThere() {
    Extraction e =
        extract(
            new ExtractRules("$[*]", List.of("file_url", "preview_file_url"), null, null),
            POSTS,
            JSON);

    assertThat(e.images())
        .containsExactly("https://cdn.test/original/aa.png", "https://board.test/original/bb.jpg");
    assertThat(e.sources()).hasSize(2);
  }

  @Test
  void nestedListingsKeepTheInnermostObject() {
    String reddit =
        """
        {"kind":"Listing","data":{"after":"t3_x","children":[
          {"kind":"t3","data":{"id":"a1","title":"one","url":"https://i.test/a1.jpg"}},
          {"kind":"t3","data":{"id":"a2","title":"two","url":"https://i.test/a2.png"}}]}}
        """;

    Extraction e =
        extract(new ExtractRules("$.data.children[*].data.url", ATTRS, null, null), reddit, JSON);

    assertThat(e.images()).containsExactly("https://i.test/a1.jpg", "https://i.test/a2.png");
    assertThat(e.sources().get("https://i.test/a2.png"))
        .isEqualTo("{\"id\":\"a2\",\"title\":\"two\",\"url\":\"https://i.test/a2.png\"}");
  }

  @Test
  void nextAndFollowTakeJsonPathToo() {
    String page =
        """
        {"next":"/api/posts?page=3","posts":[{"url":"/posts/1"},{"url":"/posts/2"}]}
        """;

    Extraction e = extract(new ExtractRules(null, ATTRS, "$.next", "$.posts[*].url"), page, JSON);

    assertThat(e.nextPages()).containsExactly("https://board.test/api/posts?page=3");
    assertThat(e.followed())
        .containsExactly("https://board.test/posts/1", "https://board.test/posts/2");
    assertThat(e.images()).isEmpty();
  }

  @Test
  void anEmptyArrayAfterTheLastPageSelectsNothing() {
    Extraction e = extract(new ExtractRules("$[*].file_url", ATTRS, "$.next", null), "[]", JSON);

    assertThat(e.images()).isEmpty();
    assertThat(e.nextPages()).isEmpty();
  }

  @Test
  void theDefaultNextSelectorIsLeftOutOnJsonPages() {
    Extraction e =
        extract(
            new ExtractRules("$[*].file_url", ATTRS, ExtractRules.DEFAULT_NEXT_SELECTOR),
            POSTS,
            JSON);

    assertThat(e.images()).hasSize(2);
    assertThat(e.nextPages()).isEmpty();
  }

  @Test
  void aCssSelectorOnAJsonPageFailsThePageNamingIt() {
    assertThatThrownBy(
            () -> extract(new ExtractRules("a.download", ATTRS, null, null), POSTS, JSON))
        .isInstanceOf(ExtractException.class)
        .extracting(x -> ((ExtractException) x).reason())
        .isEqualTo("CSS selector on a JSON page: a.download");
  }

  @Test
  void aJsonPathSelectorOnAnHtmlPageFailsThePageNamingIt() {
    assertThatThrownBy(
            () ->
                extract(
                    new ExtractRules("$[*].file_url", ATTRS, null, null),
                    "<html><img src=a.jpg></html>",
                    "text/html"))
        .isInstanceOf(ExtractException.class)
        .extracting(x -> ((ExtractException) x).reason())
        .isEqualTo("JSONPath selector on an HTML page: $[*].file_url");
  }

  @Test
  void jsonThatDoesNotParseFailsThePage() {
    assertThatThrownBy(
            () -> extract(new ExtractRules("$[*].file_url", ATTRS, null, null), "[{\"id\":", JSON))
        .isInstanceOf(ExtractException.class)
        .extracting(x -> ((ExtractException) x).reason())
        .asString()
        .startsWith("bad JSON: ");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          application/json                  | [1]          | true
          application/json; charset=utf-8   | {}           | true
          application/vnd.api+json          | {}           | true
          text/json                         | []           | true
          text/plain                        | '  [1]'      | true
          ''                                | {"a":1}      | true
          text/plain                        | hello        | false
          text/html                         | [1]          | false
          application/xml                   | <urlset/>    | false
          """)
  void aPageIsJsonByItsTypeOrByItsFirstByteWhenUntyped(String type, String body, boolean json) {
    assertThat(
            PageExtractor.isJson(
                type.isEmpty() ? null : type, body.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(json);
  }

  @ParameterizedTest
  @CsvSource({"'$['", "'$.a[?(@.b ==]'", "'$..['"})
  void aJsonPathThatDoesNotParseIsRefusedNamingIt(String path) {
    assertThatThrownBy(() -> new ExtractRules(path, ATTRS, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad JSONPath: " + path);
  }
}
