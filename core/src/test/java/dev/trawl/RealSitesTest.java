package dev.trawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.testing.FirefoxProfile;
import dev.trawl.testing.Secrets;
import dev.trawl.testing.TestProxy;
import dev.trawl.testing.TwoHostGallery;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sites shaped like the ones people really download from: pictures on a second, hotlink-protected
 * host (127.0.0.2), members-only pages, proxies in between. Nothing secret may reach the out dir.
 */
class RealSitesTest {
  private static final String SESSION = "s3ss10n-f00d-cafe";

  @TempDir Path out;
  @TempDir Path tmp;

  private Crawler.Builder crawl(TwoHostGallery site) {
    return Crawler.builder().start(site.page(1)).outDir(out).retries(0).obeyRobots(false);
  }

  @Test
  void picturesOnAHotlinkProtectedHostArriveWithTheirPageAsReferer() throws IOException {
    try (TwoHostGallery site = TwoHostGallery.hotlinkProtected(3, 4)) {
      CrawlSummary s = crawl(site).build().run();

      assertThat(s.complete()).as(s.failuresByReason().toString()).isTrue();
      assertThat(s.saved()).isEqualTo(12);
      for (TwoHostGallery.Seen p : site.seenByPictureHost()) {
        String page = p.path().substring("/pics/".length(), p.path().indexOf('-'));
        assertThat(p.header("Referer")).isEqualTo(site.page(Integer.parseInt(page)));
      }
    }
  }

  @Test
  void aNextPageCarriesThePageThatLinkedItAndTheStartPageNone() throws IOException {
    try (TwoHostGallery site = TwoHostGallery.open(3, 1)) {
      crawl(site).build().run();

      List<TwoHostGallery.Seen> pages = site.seenByGallery();
      assertThat(pages)
          .extracting(TwoHostGallery.Seen::path)
          .containsExactly("/gallery/1", "/gallery/2", "/gallery/3");
      assertThat(pages.get(0).header("Referer")).isNull();
      assertThat(pages.get(1).header("Referer")).isEqualTo(site.page(1));
      assertThat(pages.get(2).header("Referer")).isEqualTo(site.page(2));
    }
  }

  @Test
  void withRefererNoneTheHotlinkProtectedHostRefusesEveryPicture() throws IOException {
    try (TwoHostGallery site = TwoHostGallery.hotlinkProtected(2, 3)) {
      CrawlSummary s = crawl(site).referer("none").build().run();

      assertThat(s.saved()).isZero();
      assertThat(s.failuresByReason()).containsExactly(Map.entry("http 403", 6L));
      assertThat(site.seen()).allSatisfy(r -> assertThat(r.header("Referer")).isNull());
    }
  }

  @Test
  void aFixedRefererGoesWithEveryRequest() throws IOException {
    try (TwoHostGallery site = TwoHostGallery.hotlinkProtected(2, 2)) {
      String fixed = site.galleryOrigin() + "/";
      CrawlSummary s = crawl(site).referer(fixed).build().run();

      assertThat(s.saved()).isEqualTo(4);
      assertThat(site.seen()).allSatisfy(r -> assertThat(r.header("Referer")).isEqualTo(fixed));
    }
  }

  @Test
  void cookiesTxtOpensAMembersOnlyGalleryAndTheCookieNeverLeavesItsHost() throws IOException {
    Path cookies = tmp.resolve("cookies.txt");
    long inAYear = Instant.now().plus(Duration.ofDays(365)).getEpochSecond();
    Files.writeString(
        cookies,
        "# Netscape HTTP Cookie File\n"
            + "#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t"
            + inAYear
            + "\tsession\t"
            + SESSION
            + "\n"
            + "127.0.0.1\tFALSE\t/\tFALSE\t1000\tstale\texpired-value\n"
            + "127.0.0.1\tFALSE\t/\tTRUE\t0\thttpsonly\tsecure-value\n"
            + "127.0.0.1\tFALSE\t/elsewhere\tFALSE\t0\tpathonly\tpath-value\n",
        StandardCharsets.UTF_8);
    try (TwoHostGallery site =
        TwoHostGallery.membersOnly(3, 4, cookie -> cookie.contains("session=" + SESSION))) {
      CrawlSummary s = crawl(site).cookies(cookies).build().run();

      assertThat(s.complete()).as(s.failuresByReason().toString()).isTrue();
      assertThat(s.saved()).isEqualTo(12);
      assertThat(site.seenByGallery())
          .allSatisfy(
              r -> assertThat(r.header("Cookie")).doesNotContain("stale", "httpsonly", "pathonly"));
      assertThat(site.seenByPictureHost())
          .hasSize(12)
          .allSatisfy(r -> assertThat(r.header("Cookie")).isNull());
      assertThat(Secrets.fileCount(out)).isGreaterThan(12);
      assertThat(Secrets.filesContaining(out, SESSION)).isEmpty();
    }
  }

  @Test
  void theCookiesOfAFirefoxProfileOpenAMembersOnlyGallery() throws Exception {
    try (FirefoxProfile firefox =
            FirefoxProfile.create(tmp, "q1w2.default-release", "default", 17);
        TwoHostGallery site =
            TwoHostGallery.membersOnly(2, 3, cookie -> cookie.contains("session=" + SESSION))) {
      firefox.cookie("127.0.0.1", "/", false, 0, "session", SESSION);

      CrawlSummary s =
          crawl(site).cookiesFromBrowser("firefox:default", List.of(tmp)).build().run();

      assertThat(s.saved()).isEqualTo(6);
      assertThat(site.seenByPictureHost()).allSatisfy(r -> assertThat(r.header("Cookie")).isNull());
      assertThat(Secrets.filesContaining(out, SESSION)).isEmpty();
    }
  }

  @Test
  void aDryRunWithFirefoxCookiesListsThePicturesAndWritesNothingUnderTheOutDir() throws Exception {
    try (FirefoxProfile firefox =
            FirefoxProfile.create(tmp, "q1w2.default-release", "default", 17);
        TwoHostGallery site =
            TwoHostGallery.membersOnly(2, 3, cookie -> cookie.contains("session=" + SESSION))) {
      firefox.cookie("127.0.0.1", "/", false, 0, "session", SESSION);
      List<String> listed = new CopyOnWriteArrayList<>();
      Path dry = out.resolve("dry");

      CrawlSummary s =
          crawl(site)
              .outDir(dry)
              .cookiesFromBrowser("firefox:default", List.of(tmp))
              .listOnly(true)
              .listener(
                  new CrawlListener() {
                    @Override
                    public void imageListed(String url, String page) {
                      listed.add(url);
                    }
                  })
              .build()
              .run();

      assertThat(s.complete()).isTrue();
      assertThat(listed).hasSize(6);
      assertThat(dry).doesNotExist(); // not even the copy of cookies.sqlite
    }
  }

  @Test
  void withoutTheCookieAMembersOnlyGalleryShowsOnlyItsLoginPage() throws IOException {
    try (TwoHostGallery site =
        TwoHostGallery.membersOnly(2, 2, cookie -> cookie.contains(SESSION))) {
      CrawlSummary s = crawl(site).build().run();

      assertThat(s.saved()).isZero();
      assertThat(site.seenByPictureHost()).isEmpty();
    }
  }

  @Test
  void anAuthorizationHeaderGoesToTheStartHostOnly() throws IOException {
    try (TwoHostGallery site = TwoHostGallery.open(2, 3)) {
      CrawlSummary s =
          crawl(site)
              .header("Authorization: Bearer " + SESSION)
              .header("X-Client: trawl-test")
              .build()
              .run();

      assertThat(s.saved()).isEqualTo(6);
      assertThat(site.seenByGallery())
          .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + SESSION));
      assertThat(site.seenByPictureHost())
          .allSatisfy(
              r -> {
                assertThat(r.header("Authorization")).isNull();
                assertThat(r.header("X-Client")).isEqualTo("trawl-test");
              });
      assertThat(Secrets.filesContaining(out, SESSION)).isEmpty();
    }
  }

  @Test
  void everyRequestGoesThroughAnHttpProxyThatWantsALogin() throws IOException {
    try (TwoHostGallery site = TwoHostGallery.hotlinkProtected(2, 3);
        TestProxy proxy = TestProxy.withLogin(TestProxy.Kind.HTTP, "me", "pr0xy-pass")) {
      CrawlSummary s =
          crawl(site).proxy("http://me:pr0xy-pass@127.0.0.1:" + proxy.port(), null).build().run();

      assertThat(s.complete()).as(s.failuresByReason().toString()).isTrue();
      assertThat(proxy.destinations()).hasSize(site.seen().size()).hasSize(2 + 6);
      assertThat(Secrets.filesContaining(out, "pr0xy-pass")).isEmpty();
    }
  }

  @Test
  void everyRequestGoesThroughASocks5ProxyThatWantsALogin() throws IOException {
    try (TwoHostGallery site = TwoHostGallery.hotlinkProtected(2, 3);
        TestProxy proxy = TestProxy.withLogin(TestProxy.Kind.SOCKS5, "me", "s0cks-pass")) {
      CrawlSummary s =
          crawl(site).proxy("socks5://me:s0cks-pass@127.0.0.1:" + proxy.port(), null).build().run();

      assertThat(s.complete()).as(s.failuresByReason().toString()).isTrue();
      // one connection per host at least: the proxy sees connections, not requests
      assertThat(proxy.destinations())
          .isNotEmpty()
          .allMatch(d -> d.startsWith("127.0.0.1:") || d.startsWith("127.0.0.2:"));
      assertThat(proxy.refusedLogins()).isZero();
      assertThat(Secrets.filesContaining(out, "s0cks-pass")).isEmpty();
    }
  }

  @Test
  void aSocks5hProxyResolvesTheNames() throws IOException {
    try (TwoHostGallery site = TwoHostGallery.open(1, 2);
        TestProxy proxy = TestProxy.socks5()) {
      String start = site.page(1).replace("127.0.0.1", "localhost");
      CrawlSummary s =
          Crawler.builder()
              .start(start)
              .outDir(out)
              .retries(0)
              .obeyRobots(false)
              .proxy("socks5h://127.0.0.1:" + proxy.port(), null)
              .build()
              .run();

      assertThat(s.saved()).isEqualTo(2);
      assertThat(proxy.destinations()).anyMatch(d -> d.startsWith("localhost:"));
    }
  }

  @Test
  void hostsNoProxyListsBypassTheEnvironmentsProxies() throws IOException {
    try (TwoHostGallery site = TwoHostGallery.open(2, 3);
        TestProxy proxy = TestProxy.http()) {
      String p = "http://127.0.0.1:" + proxy.port();
      CrawlSummary s =
          crawl(site)
              .proxyEnvironment(
                  Map.of("http_proxy", p, "https_proxy", p, "no_proxy", "127.0.0.1,127.0.0.2"))
              .build()
              .run();

      assertThat(s.saved()).isEqualTo(6);
      assertThat(proxy.destinations()).isEmpty();
    }
  }

  @Test
  void theEnvironmentsProxyCarriesRequestsToHostsNoProxyDoesNotList() throws IOException {
    try (TwoHostGallery site = TwoHostGallery.open(2, 3);
        TestProxy proxy = TestProxy.http()) {
      String p = "http://127.0.0.1:" + proxy.port();
      CrawlSummary s =
          crawl(site)
              .proxyEnvironment(Map.of("http_proxy", p, "no_proxy", "127.0.0.1"))
              .build()
              .run();

      assertThat(s.saved()).isEqualTo(6);
      assertThat(proxy.destinations()).hasSize(6).allMatch(d -> d.startsWith("127.0.0.2:"));
    }
  }

  @Test
  void anUnreachableProxyIsFatalAndNamed() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (TwoHostGallery site = TwoHostGallery.open(1, 1)) {
      Crawler c = crawl(site).proxy("http://127.0.0.1:" + port, null).build();

      assertThatThrownBy(c::run)
          .isInstanceOf(CrawlException.class)
          .hasMessage("proxy unreachable: 127.0.0.1:" + port);
      assertThat(site.seen()).isEmpty();
    }
  }

  @Test
  void aDelayRangeSpacesTheRequestsToAHost() throws IOException {
    try (TwoHostGallery site = TwoHostGallery.open(1, 8)) {
      CrawlSummary s =
          crawl(site).delay(Duration.ofMillis(50), Duration.ofMillis(150)).build().run();

      assertThat(s.saved()).isEqualTo(8);
      List<TwoHostGallery.Seen> pics = site.seenByPictureHost();
      long spanMs = (pics.get(7).nanos() - pics.get(0).nanos()) / 1_000_000;
      // seven gaps of at least 50 ms each; one gap's worth of slack for the server's own latency
      assertThat(spanMs).isGreaterThanOrEqualTo(6 * 50);
    }
  }

  @Test
  void limitRateCapsTheBytesPerSecondOfTheWholeCrawl() throws IOException {
    int size = 100 * 1024;
    try (TwoHostGallery site = TwoHostGallery.open(1, 10).pictureSize(size)) {
      long rate = 1024 * 1024;
      CrawlSummary s = crawl(site).concurrency(2).limitRate(rate).build().run();

      assertThat(s.saved()).isEqualTo(10);
      List<TwoHostGallery.Seen> pics = site.seenByPictureHost();
      long spanNanos = pics.get(pics.size() - 1).nanos() - pics.get(0).nanos();
      // the last request cannot start before all but two bodies were read at the rate, less the
      // 0.1 s burst; without the cap this crawl takes a few ms
      double floorSeconds = (8.0 * size) / rate - 0.1;
      assertThat(spanNanos / 1e9).isGreaterThan(floorSeconds * 0.9);
    }
  }
}
