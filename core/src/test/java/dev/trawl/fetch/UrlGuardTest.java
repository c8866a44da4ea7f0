package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlGuardTest {
  @Test
  void urlLongerThan2048CharsIsRefused() {
    UrlGuard guard = new UrlGuard();
    String base = "http://example.com/";
    assertThat(guard.refusal(base + "a".repeat(2048 - base.length()))).isNull();
    assertThat(guard.refusal(base + "a".repeat(2049 - base.length()))).isEqualTo("url too long");
  }

  @Test
  void everChangingQueryOnOnePathIsCappedAsATrap() {
    UrlGuard guard = new UrlGuard(2048, 3);
    assertThat(guard.refusal("http://e.com/cal?d=1")).isNull();
    assertThat(guard.refusal("http://e.com/cal?d=2")).isNull();
    assertThat(guard.refusal("http://e.com/cal?d=3")).isNull();
    assertThat(guard.refusal("http://e.com/cal?d=4")).isEqualTo("query trap");
    assertThat(guard.refusal("http://e.com/cal?d=2")).as("already seen").isNull();
    assertThat(guard.refusal("http://e.com/cal")).as("no query").isNull();
    assertThat(guard.refusal("http://e.com/other?d=4")).as("another path").isNull();
  }

  @Test
  void fragmentsDoNotCountAsNewQueries() {
    UrlGuard guard = new UrlGuard(2048, 1);
    assertThat(guard.refusal("http://e.com/p?x=1#a")).isNull();
    assertThat(guard.refusal("http://e.com/p?x=1#b")).isNull();
    assertThat(guard.refusal("http://e.com/p?x=2")).isEqualTo("query trap");
  }

  @Test
  void defaultCapIsAThousandQueriesPerPath() {
    UrlGuard guard = new UrlGuard();
    for (int i = 0; i < 1000; i++) {
      assertThat(guard.refusal("http://e.com/p?page=" + i)).isNull();
    }
    assertThat(guard.refusal("http://e.com/p?page=1000")).isEqualTo("query trap");
  }
}
