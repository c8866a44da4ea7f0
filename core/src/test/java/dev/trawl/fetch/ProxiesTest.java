package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxiesTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http://proxy.lan:3128          | HTTP    | proxy.lan | 3128",
        "https://proxy.lan              | HTTPS   | proxy.lan | 443",
        "socks5://127.0.0.1             | SOCKS5  | 127.0.0.1 | 1080",
        "socks5h://u:p@tor.lan:9050     | SOCKS5H | tor.lan   | 9050",
      })
  void parsesTheSchemesWithTheirDefaultPorts(String url, Proxies.Kind kind, String host, int port) {
    Proxies.Proxy p = Proxies.of(url, null).select("https", "example.com");
    assertThat(p.kind()).isEqualTo(kind);
    assertThat(p.host()).isEqualTo(host);
    assertThat(p.port()).isEqualTo(port);
  }

  @Test
  void thePasswordIsASecret() {
    Proxies.Proxy p = Proxies.of("http://me:s3cret%40x@proxy.lan:3128", null).select("http", "a.b");
    assertThat(p.user()).isEqualTo("me");
    assertThat(p.password().reveal()).isEqualTo("s3cret@x");
    assertThat(p.toString()).isEqualTo("http://me:***@proxy.lan:3128");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ftp://me:s3cret@proxy.lan | bad --proxy: 'ftp://me:***@proxy.lan' (want http://",
        "http://                   | bad --proxy",
        "http://proxy.lan/path     | a proxy URL has no path",
      })
  void aBadProxyUrlIsNamedWithItsPasswordMasked(String url, String message) {
    assertThatThrownBy(() -> Proxies.of(url, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message)
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void noneMeansDirect() {
    assertThat(Proxies.of("none", null).select("http", "a.b")).isNull();
  }

  @Test
  void theEnvironmentPicksAProxyBySchemeAndNoProxyExemptsHostsAndTheirSubdomains() {
    Proxies p =
        Proxies.fromEnvironment(
            Map.of(
                "http_proxy", "http://h:1",
                "HTTPS_PROXY", "http://s:2",
                "all_proxy", "socks5://a:3",
                "no_proxy", "localhost, .internal.lan,10.0.0.1:8080"));
    assertThat(p.select("http", "example.com").host()).isEqualTo("h");
    assertThat(p.select("https", "example.com").host()).isEqualTo("s");
    assertThat(p.select("http", "localhost")).isNull();
    assertThat(p.select("https", "pics.internal.lan")).isNull();
    assertThat(p.select("https", "internal.lan")).isNull();
    assertThat(p.select("https", "10.0.0.1")).isNull();
    assertThat(p.select("https", "notinternal.lan")).isNotNull();
  }

  @Test
  void anUpperCaseHttpProxyIsIgnoredAsCurlDoes() {
    assertThat(Proxies.fromEnvironment(Map.of("HTTP_PROXY", "http://h:1")).isEmpty()).isTrue();
  }

  @Test
  void allProxyServesEverySchemeAndStarExemptsAll() {
    Proxies all = Proxies.fromEnvironment(Map.of("ALL_PROXY", "socks5h://a:3"));
    assertThat(all.select("http", "x").kind()).isEqualTo(Proxies.Kind.SOCKS5H);
    Proxies none = Proxies.fromEnvironment(Map.of("all_proxy", "socks5h://a:3", "no_proxy", "*"));
    assertThat(none.select("http", "x")).isNull();
  }

  @Test
  void aBadEnvironmentProxyNamesTheVariable() {
    assertThatThrownBy(() -> Proxies.fromEnvironment(Map.of("https_proxy", "gopher://x")))
        .hasMessageStartingWith("bad $https_proxy");
  }
}
