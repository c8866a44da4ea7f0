package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetscapeCookiesTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void readsEveryFieldTheHttpOnlyPrefixAndSkipsComments() {
    String text =
        "# Netscape HTTP Cookie File\n"
            + "# https://curl.se/docs/http-cookies.html\n"
            + "\n"
            + ".example.com\tTRUE\t/\tTRUE\t1893456000\tsid\tabc123\n"
            + "#HttpOnly_www.example.com\tFALSE\t/members\tFALSE\t0\tauth\tx=y\n";

    List<BrowserCookie> c = NetscapeCookies.parse("cookies.txt", text, NOW);

    assertThat(c).hasSize(2);
    assertThat(c.get(0).domain()).isEqualTo("example.com");
    assertThat(c.get(0).includeSubdomains()).isTrue();
    assertThat(c.get(0).secure()).isTrue();
    assertThat(c.get(0).expires()).isEqualTo(Instant.ofEpochSecond(1893456000L));
    assertThat(c.get(0).value().reveal()).isEqualTo("abc123");
    assertThat(c.get(1).domain()).isEqualTo("www.example.com");
    assertThat(c.get(1).includeSubdomains()).isFalse();
    assertThat(c.get(1).path()).isEqualTo("/members");
    assertThat(c.get(1).expires()).isNull();
    assertThat(c.get(1).name()).isEqualTo("auth");
  }

  @Test
  void expiredCookiesAreDropped() {
    String text =
        "example.com\tFALSE\t/\tFALSE\t1000\told\tv\nexample.com\tFALSE\t/\tFALSE\t0\tnow\tv\n";
    assertThat(NetscapeCookies.parse("c.txt", text, NOW))
        .extracting(BrowserCookie::name)
        .containsExactly("now");
  }

  @Test
  void aCookieNeverShowsItsValue() {
    BrowserCookie c =
        NetscapeCookies.parse("c.txt", "example.com\tFALSE\t/\tFALSE\t0\tsid\ts3cret\n", NOW)
            .get(0);
    assertThat(c.toString()).doesNotContain("s3cret").contains("***");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "example.com\tFALSE\t/\tFALSE\t0                    | c.txt:1: 5 tab-separated fields, want 7",
        "example.com\tMAYBE\t/\tFALSE\t0\tsid\tv            | c.txt:1: include-subdomains is 'MAYBE'",
        "example.com\tFALSE\t/\tFALSE\tsoon\tsid\tv         | c.txt:1: expiry is not a number: 'soon'",
        "'\tFALSE\t/\tFALSE\t0\tsid\tv' | c.txt:1: empty domain",
        "example.com\tFALSE\t/\tFALSE\t0\ts id\tv           | c.txt:1: bad cookie name 's id'",
      })
  void aMalformedLineIsNamedByFileAndLine(String line, String message) {
    String text = line.replace("\\t", "\t");
    assertThatThrownBy(() -> NetscapeCookies.parse("c.txt", text, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message.trim());
  }

  @Test
  void theLineNumberCountsCommentsAndBlankLines() {
    assertThatThrownBy(() -> NetscapeCookies.parse("c.txt", "# x\n\nbroken\n", NOW))
        .hasMessageStartingWith("c.txt:3: ");
  }

  @Test
  void aJsonExportIsRecognisedAndCookiesTxtAskedFor() {
    assertThatThrownBy(
            () -> NetscapeCookies.parse("c.json", "[{\"name\":\"sid\",\"value\":\"s3cret\"}]", NOW))
        .hasMessageContaining("JSON cookie export")
        .hasMessageContaining("cookies.txt")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.txt");
    assertThatThrownBy(() -> NetscapeCookies.read(missing, NOW))
        .hasMessage("cookies file not found: " + missing);
  }
}
