package dev.trawl.frontier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlTemplateTest {

  @Test
  void closedRangeListsEveryPageInOrder() {
    UrlTemplate t = UrlTemplate.parse("http://g.test/picture/lists/p/{1..3}");

    assertThat(t.urls())
        .containsExactly(
            "http://g.test/picture/lists/p/1",
            "http://g.test/picture/lists/p/2",
            "http://g.test/picture/lists/p/3");
  }

  @Test
  void closedRangeReportsItsBounds() {
    UrlTemplate t = UrlTemplate.parse("http://g.test/p/{4..16}");

    assertThat(t.isRange()).isTrue();
    assertThat(t.isOpenEnded()).isFalse();
    assertThat(t.first()).isEqualTo(4);
    assertThat(t.last()).isEqualTo(OptionalLong.of(16));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://g.test/p/{01..03} | http://g.test/p/01 | http://g.test/p/03 | 3",
        "http://g.test/p/{08..10} | http://g.test/p/08 | http://g.test/p/10 | 3",
        "http://g.test/p/{1..010} | http://g.test/p/001 | http://g.test/p/010 | 10",
        "http://g.test/p/{0..2} | http://g.test/p/0 | http://g.test/p/2 | 3",
        "http://g.test/p/{9..11} | http://g.test/p/9 | http://g.test/p/11 | 3",
        "http://g.test/p/{3..3} | http://g.test/p/3 | http://g.test/p/3 | 1",
        "http://g.test/p/{1..2}.html?sort=new | http://g.test/p/1.html?sort=new | http://g.test/p/2.html?sort=new | 2",
        "http://g.test/p?page={001..100} | http://g.test/p?page=001 | http://g.test/p?page=100 | 100"
      })
  void rangeExpandsLikeBash(String pattern, String firstUrl, String lastUrl, int count) {
    UrlTemplate t = UrlTemplate.parse(pattern);

    assertThat(t.urls()).hasSize(count).startsWith(firstUrl).endsWith(lastUrl);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://g.test/Album{,2..4}.html | http://g.test/Album.html, http://g.test/Album2.html,"
            + " http://g.test/Album3.html, http://g.test/Album4.html",
        "http://g.test/p/{,2..3} | http://g.test/p/, http://g.test/p/2, http://g.test/p/3",
        "http://g.test/a{,5..5}.html | http://g.test/a.html, http://g.test/a5.html",
        "http://g.test/a{,1..2}.html | http://g.test/a.html, http://g.test/a1.html,"
            + " http://g.test/a2.html",
        "http://g.test/a{,08..10}.html | http://g.test/a.html, http://g.test/a08.html,"
            + " http://g.test/a09.html, http://g.test/a10.html",
        "http://g.test/list?page={,2..3}&sort=new | http://g.test/list?page=&sort=new,"
            + " http://g.test/list?page=2&sort=new, http://g.test/list?page=3&sort=new"
      })
  void commaBeforeTheRangeAddsAnUnnumberedFirstPage(String pattern, String urls) {
    UrlTemplate t = UrlTemplate.parse(pattern);

    assertThat(t.hasUnnumberedFirst()).isTrue();
    assertThat(t.urls()).containsExactly(urls.split(", "));
  }

  @Test
  void unnumberedFirstPageIsNumberedOneBeforeTheRange() {
    UrlTemplate t = UrlTemplate.parse("http://g.test/Album{,2..9}.html");

    assertThat(t.first()).isEqualTo(1);
    assertThat(t.last()).isEqualTo(OptionalLong.of(9));
    assertThat(t.url(1)).isEqualTo("http://g.test/Album.html");
    assertThat(t.url(2)).isEqualTo("http://g.test/Album2.html");
  }

  @Test
  void openRangeWithAnUnnumberedFirstPageBuildsAnyLaterPage() {
    UrlTemplate t = UrlTemplate.parse("http://g.test/Album{,2..}.html");

    assertThat(t.isOpenEnded()).isTrue();
    assertThat(t.first()).isEqualTo(1);
    assertThat(t.url(1)).isEqualTo("http://g.test/Album.html");
    assertThat(t.url(2)).isEqualTo("http://g.test/Album2.html");
    assertThat(t.url(40)).isEqualTo("http://g.test/Album40.html");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          http://g.test/Album{,2..}.html  | http://g.test/Album.html   | 1
          http://g.test/Album{,2..}.html  | http://g.test/Album2.html  | 2
          http://g.test/Album{,2..9}.html | http://g.test/Album9.html  | 9
          http://g.test/Album{,2..9}.html | http://g.test/Album10.html | none
          http://g.test/Album{,2..9}.html | http://g.test/Album1.html  | none
          http://g.test/Album{,5..}.html  | http://g.test/Album.html   | 4
          http://g.test/p/{,2..}          | http://g.test/p/           | 1
          http://g.test/p/{,2..}          | http://g.test/p            | none
          http://g.test/p/{1..16}         | http://g.test/p/7          | 7
          http://g.test/p/{1..16}         | http://g.test/p/           | none
          http://g.test/p/{01..16}        | http://g.test/p/7          | none
          http://g.test/p/7               | http://g.test/p/7          | none
          """)
  void pageNumberOfAUrlCountsTheUnnumberedFirstPageAsTheOneBeforeTheRange(
      String template, String url, Long number) {
    OptionalLong n = UrlTemplate.parse(template).pageNumber(url);

    assertThat(n.isPresent() ? Long.valueOf(n.getAsLong()) : null).isEqualTo(number);
  }

  @Test
  void rangeWithoutTheCommaHasNoUnnumberedPage() {
    assertThat(UrlTemplate.parse("http://g.test/Album{2..3}.html").hasUnnumberedFirst()).isFalse();
    assertThat(UrlTemplate.parse("http://g.test/Album.html").hasUnnumberedFirst()).isFalse();
  }

  @Test
  void openEndedRangeHasNoLastPage() {
    UrlTemplate t = UrlTemplate.parse("http://g.test/p/{5..}");

    assertThat(t.isRange()).isTrue();
    assertThat(t.isOpenEnded()).isTrue();
    assertThat(t.first()).isEqualTo(5);
    assertThat(t.last()).isEmpty();
  }

  @Test
  void openEndedRangeBuildsAnyLaterPage() {
    UrlTemplate t = UrlTemplate.parse("http://g.test/p/{5..}");

    assertThat(t.url(5)).isEqualTo("http://g.test/p/5");
    assertThat(t.url(123456)).isEqualTo("http://g.test/p/123456");
  }

  @Test
  void paddedOpenEndedRangeKeepsItsWidth() {
    UrlTemplate t = UrlTemplate.parse("http://g.test/p/{001..}");

    assertThat(t.url(12)).isEqualTo("http://g.test/p/012");
    assertThat(t.url(1234)).isEqualTo("http://g.test/p/1234");
  }

  @Test
  void openEndedRangeHasNoUrlList() {
    UrlTemplate t = UrlTemplate.parse("http://g.test/p/{1..}");

    assertThatThrownBy(t::urls)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("http://g.test/p/{1..}");
  }

  @Test
  void urlWithoutBracesIsASinglePage() {
    UrlTemplate t = UrlTemplate.parse("http://g.test/gallery?id=7");

    assertThat(t.isRange()).isFalse();
    assertThat(t.isOpenEnded()).isFalse();
    assertThat(t.urls()).containsExactly("http://g.test/gallery?id=7");
    assertThat(t.url(t.first())).isEqualTo("http://g.test/gallery?id=7");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http://g.test/p/{1..3} | 0",
        "http://g.test/p/{1..3} | 4",
        "http://g.test/p/{5..} | 4",
        "http://g.test/p/1 | 2"
      })
  void pageOutsideTheRangeIsRejected(String pattern, long page) {
    assertThatThrownBy(() -> UrlTemplate.parse(pattern).url(page))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("page " + page + " outside " + pattern);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://x/p/{5..1} | empty range {5..1} in http://x/p/{5..1}",
        "http://x/p/{a..b} | not a page range {a..b} in http://x/p/{a..b}",
        "http://x/p/{1..b} | not a page range {1..b} in http://x/p/{1..b}",
        "http://x/p/{..5} | not a page range {..5} in http://x/p/{..5}",
        "http://x/p/{-1..3} | not a page range {-1..3} in http://x/p/{-1..3}",
        "http://x/p/{1...3} | not a page range {1...3} in http://x/p/{1...3}",
        "http://x/p/{1,2,3} | not a page range {1,2,3} in http://x/p/{1,2,3}",
        "http://x/p/{} | not a page range {} in http://x/p/{}",
        "http://x/p/{ 1..3} | not a page range { 1..3} in http://x/p/{ 1..3}",
        "http://x/{1..2}/{3..4} | more than one range in http://x/{1..2}/{3..4}",
        "http://x/p/{1..2 | unbalanced braces in http://x/p/{1..2",
        "http://x/p/1..2} | unbalanced braces in http://x/p/1..2}",
        "http://x/p/}1..2{ | unbalanced braces in http://x/p/}1..2{",
        "http://x/p/{{1..2}} | unbalanced braces in http://x/p/{{1..2}}",
        "http://x/p/{,5..4} | empty range {,5..4} in http://x/p/{,5..4}",
        "http://x/p/{,,2..4} | not a page range {,,2..4} in http://x/p/{,,2..4}",
        "http://x/p/{,2} | not a page range {,2} in http://x/p/{,2}",
        "http://x/p/{2..4,} | not a page range {2..4,} in http://x/p/{2..4,}",
        "http://x/p/{, 2..4} | not a page range {, 2..4} in http://x/p/{, 2..4}",
        "http://x/p/{,} | not a page range {,} in http://x/p/{,}",
        "http://x/p/{,1..1000000} | range {,1..1000000} in http://x/p/{,1..1000000} has 1000001 pages, more than 1000000",
        "http://x/p/{1..1000001} | range {1..1000001} in http://x/p/{1..1000001} has 1000001 pages, more than 1000000",
        "http://x/p/{1234567890123456..} | page number too large in {1234567890123456..} in http://x/p/{1234567890123456..}"
      })
  void badTemplateIsRejectedNamingTheValue(String pattern, String message) {
    assertThatThrownBy(() -> UrlTemplate.parse(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void rangeOfExactlyTheMaximumIsAccepted() {
    UrlTemplate t = UrlTemplate.parse("http://g.test/p/{1..1000000}");

    assertThat(t.last()).isEqualTo(OptionalLong.of(1_000_000));
  }

  @Test
  void patternIsTheOriginalText() {
    assertThat(UrlTemplate.parse("http://g.test/p/{01..16}").pattern())
        .isEqualTo("http://g.test/p/{01..16}");
  }
}
