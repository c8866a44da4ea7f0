package dev.trawl.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoGalleryTest {
  private static final Pattern WORK =
      Pattern.compile(
          "<div class=\"workimage\"><a href=\"/picture/works/([0-9a-f]{13})\"><img"
              + " src=\"/static/loading.gif\" data-original=\"/uploads/thumb_([0-9a-f]{13})\\.jpg\""
              + " alt=\"[^\"]+\"></a></div>");

  private static final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private static DemoGallery gallery;

  @BeforeAll
  static void startGallery() throws IOException {
    gallery = DemoGallery.builder().latency(Duration.ZERO).start();
  }

  @AfterAll
  static void stopGallery() {
    gallery.close();
  }

  @Test
  void listingPageListsItsWorksInGalleryOrder() throws Exception {
    HttpResponse<String> page = get(gallery.listingUrl(2));

    assertThat(page.statusCode()).isEqualTo(200);
    List<String> linked = new ArrayList<>();
    Matcher matcher = WORK.matcher(page.body());
    while (matcher.find()) {
      assertThat(matcher.group(2)).isEqualTo(matcher.group(1));
      linked.add(matcher.group(1));
    }
    assertThat(linked).containsExactlyElementsOf(gallery.workIds().subList(12, 24));
  }

  @Test
  void listingPageIsUtf8HtmlWithCharsetAndTitle() throws Exception {
    HttpResponse<String> page = get(gallery.listingUrl(1));

    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.body()).contains("<meta charset=\"utf-8\">").contains("<title>");
  }

  @Test
  void listingPageLinksToTheNextPageInPagerAndHead() throws Exception {
    String body = get(gallery.listingUrl(3)).body();

    assertThat(body)
        .contains("<a class=\"next\" rel=\"next\" href=\"/picture/lists/p/4\">")
        .contains("<link rel=\"next\" href=\"/picture/lists/p/4\">")
        .contains("<a href=\"/picture/lists/p/2\">2</a>");
  }

  @Test
  void lastListingPageHasNoNextLink() throws Exception {
    String body = get(gallery.listingUrl(16)).body();

    assertThat(body).doesNotContain("rel=\"next\"").contains("rel=\"prev\"");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "picture/lists/p/17",
        "picture/lists/p/0",
        "picture/lists/p/01",
        "picture/lists/p/-1",
        "picture/lists/p/x",
        "picture/lists/p/99999999999",
        "picture/works/000000000000",
        "uploads/thumbMid_000000000000.jpg",
        "admin/",
        "nowhere"
      })
  void unknownPathsAre404WithAnHtmlBody(String path) throws Exception {
    HttpResponse<String> response = get(gallery.baseUri() + path);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(response.body()).contains("404");
  }

  @Test
  void fullImagesAreDistinctJpegsOfTheConfiguredSize() throws Exception {
    Set<String> distinct = new HashSet<>();
    for (String id :
        gallery.workIds()) { // one at a time: 192 connections at once flaked under load
      HttpResponse<byte[]> response =
          client.send(
              request(gallery.baseUri() + "uploads/thumbMid_" + id + ".jpg"),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("image/jpeg");
      assertThat(response.body()).isEqualTo(gallery.fullImage(id));
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
      assertThat(image.getWidth()).isEqualTo(480);
      assertThat(image.getHeight()).isEqualTo(360);
      distinct.add(new String(response.body(), StandardCharsets.ISO_8859_1));
    }
    assertThat(distinct).hasSize(192);
  }

  @Test
  void thumbnailsAreSmallJpegsDistinctFromFullImages() throws Exception {
    String id = gallery.workIds().get(5);
    HttpResponse<byte[]> response =
        client.send(
            request(gallery.baseUri() + "uploads/thumb_" + id + ".jpg"),
            HttpResponse.BodyHandlers.ofByteArray());

    BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
    assertThat(image.getWidth()).isEqualTo(120);
    assertThat(image.getHeight()).isEqualTo(90);
    assertThat(response.body()).isEqualTo(gallery.thumbnail(id));
    assertThat(response.body().length).isLessThan(gallery.fullImage(id).length);
  }

  @Test
  void fullImagesWeighLikeSmallPhotos() {
    String id = gallery.workIds().get(0);

    assertThat(gallery.fullImage(id).length).isBetween(15_000, 60_000);
  }

  @Test
  void workIdsAreThirteenHexDigitsOnePerWork() throws IOException {
    try (DemoGallery small =
        DemoGallery.builder().pages(3).worksPerPage(5).latency(Duration.ZERO).start()) {
      assertThat(small.workIds()).hasSize(15).doesNotHaveDuplicates();
      assertThat(small.workIds()).allMatch(id -> id.matches("[0-9a-f]{13}"));
    }
  }

  @Test
  void sameSeedServesTheSameIdsAndBytes() throws IOException {
    try (DemoGallery first = DemoGallery.builder().seed(42).latency(Duration.ZERO).start();
        DemoGallery second = DemoGallery.builder().seed(42).latency(Duration.ZERO).start()) {
      String id = first.workIds().get(7);

      assertThat(second.workIds()).isEqualTo(first.workIds());
      assertThat(second.fullImage(id)).isEqualTo(first.fullImage(id));
      assertThat(second.thumbnail(id)).isEqualTo(first.thumbnail(id));
    }
  }

  @Test
  void differentSeedsServeDifferentIds() throws IOException {
    try (DemoGallery other = DemoGallery.builder().seed(7).latency(Duration.ZERO).start()) {
      assertThat(other.workIds()).doesNotContainAnyElementsOf(gallery.workIds());
    }
  }

  @Test
  void robotsTxtDisallowsAdminForEveryAgent() throws Exception {
    HttpResponse<String> robots = get(gallery.baseUri() + "robots.txt");

    assertThat(robots.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(robots.body()).isEqualTo("User-agent: *\nDisallow: /admin/\n");
  }

  @Test
  void indexLinksToTheFirstListingPage() throws Exception {
    assertThat(get(gallery.baseUri().toString()).body()).contains("href=\"/picture/lists/p/1\"");
  }

  @Test
  void workPageShowsTheFullImageAndLinksBack() throws Exception {
    String id = gallery.workIds().get(13);

    assertThat(get(gallery.baseUri() + "picture/works/" + id).body())
        .contains("src=\"/uploads/thumbMid_" + id + ".jpg\"")
        .contains("href=\"/picture/lists/p/2\"");
  }

  @Test
  void placeholderIsAGif() throws Exception {
    HttpResponse<byte[]> gif =
        client.send(
            request(gallery.baseUri() + "static/loading.gif"),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(gif.headers().firstValue("Content-Type")).hasValue("image/gif");
    assertThat(ImageIO.read(new ByteArrayInputStream(gif.body()))).isNotNull();
  }

  @Test
  void headAnswersGetsHeadersWithoutABody() throws Exception {
    String url = gallery.listingUrl(1);
    HttpResponse<byte[]> head =
        client.send(
            HttpRequest.newBuilder(URI.create(url))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValueAsLong("Content-Length"))
        .hasValue(get(url).body().getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void otherMethodsAre405() throws Exception {
    HttpResponse<String> post =
        client.send(
            HttpRequest.newBuilder(URI.create(gallery.listingUrl(1)))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void matchingIfNoneMatchGives304() throws Exception {
    String url = gallery.listingUrl(4);
    String etag = get(url).headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> again =
        client.send(
            HttpRequest.newBuilder(URI.create(url)).header("If-None-Match", etag).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("ETag")).hasValue(etag);
  }

  @Test
  void staleIfNoneMatchGivesTheFullPage() throws Exception {
    HttpResponse<String> page =
        client.send(
            HttpRequest.newBuilder(URI.create(gallery.listingUrl(4)))
                .header("If-None-Match", "\"stale\"")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("workimage");
  }

  @Test
  void lastModifiedIsAnImfFixdate() throws Exception {
    assertThat(get(gallery.listingUrl(6)).headers().firstValue("Last-Modified").orElseThrow())
        .matches(
            "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d\\d [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d GMT");
  }

  @Test
  void ifModifiedSinceLastModifiedGives304() throws Exception {
    String url = gallery.listingUrl(5);
    String lastModified = get(url).headers().firstValue("Last-Modified").orElseThrow();

    HttpResponse<String> again =
        client.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("If-Modified-Since", lastModified)
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(again.statusCode()).isEqualTo(304);
  }

  @Test
  void countersCountEveryRequestAndEachPath() throws Exception {
    try (DemoGallery counted = DemoGallery.builder().latency(Duration.ZERO).start()) {
      get(counted.baseUri() + "robots.txt");
      get(counted.baseUri() + "robots.txt");
      get(counted.listingUrl(1));
      get(counted.baseUri() + "missing");

      assertThat(counted.requestCount()).isEqualTo(4);
      assertThat(counted.requestCount("/robots.txt")).isEqualTo(2);
      assertThat(counted.requestCount("/picture/lists/p/1")).isEqualTo(1);
      assertThat(counted.requestCount("/picture/lists/p/2")).isZero();
    }
  }

  @Test
  void resetCountersStartsCountingAgain() throws Exception {
    try (DemoGallery counted = DemoGallery.builder().latency(Duration.ZERO).start()) {
      get(counted.baseUri() + "robots.txt");

      counted.resetCounters();
      get(counted.listingUrl(1));

      assertThat(counted.requestCount()).isEqualTo(1);
      assertThat(counted.requestCount("/robots.txt")).isZero();
      assertThat(counted.maxInFlight()).isEqualTo(1);
    }
  }

  @Test
  void concurrentRequestsOverlapTheirLatency() throws Exception {
    try (DemoGallery slow = DemoGallery.builder().latency(Duration.ofMillis(500)).start()) {
      List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
      for (int page = 1; page <= 8; page++) {
        responses.add(
            client.sendAsync(request(slow.listingUrl(page)), HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> response : responses) {
        assertThat(response.get().statusCode()).isEqualTo(200);
      }

      assertThat(slow.maxInFlight()).isBetween(2, 8);
      assertThat(slow.requestCount()).isEqualTo(8);
    }
  }

  @Test
  void latencyDelaysEveryResponse() throws Exception {
    try (DemoGallery slow = DemoGallery.builder().latency(Duration.ofMillis(300)).start()) {
      long start = System.nanoTime();
      get(slow.baseUri() + "robots.txt");

      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
  }

  @Test
  void closeFreesThePortAndIsIdempotent() throws Exception {
    DemoGallery closing = DemoGallery.builder().latency(Duration.ZERO).start();
    int port = closing.baseUri().getPort();
    get(closing.listingUrl(1));

    closing.close();
    closing.close();

    try (ServerSocket socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void galleryCanRestartOnTheSamePort() throws Exception {
    int port;
    try (DemoGallery first = DemoGallery.builder().latency(Duration.ZERO).start()) {
      port = first.baseUri().getPort();
      get(first.listingUrl(1));
    }
    try (DemoGallery second = DemoGallery.builder().port(port).latency(Duration.ZERO).start()) {
      assertThat(get(second.listingUrl(1)).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void urlsFollowTheSeedSiteLayout() {
    String base = gallery.baseUri().toString();

    assertThat(base).matches("http://127\\.0\\.0\\.1:\\d+/");
    assertThat(gallery.listingUrl(3)).isEqualTo(base + "picture/lists/p/3");
    assertThat(gallery.listingTemplate()).isEqualTo(base + "picture/lists/p/{1..16}");
  }

  @Test
  void unknownIdsAreRejected() {
    assertThatThrownBy(() -> gallery.fullImage("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown work id: nope");
  }

  @Test
  void builderRejectsBadSettingsNamingTheValue() {
    DemoGallery.Builder builder = DemoGallery.builder();

    assertThatThrownBy(() -> builder.pages(0)).hasMessage("pages < 1: 0");
    assertThatThrownBy(() -> builder.worksPerPage(-2)).hasMessage("worksPerPage < 1: -2");
    assertThatThrownBy(() -> builder.latency(Duration.ofMillis(-1)))
        .hasMessage("latency < 0: PT-0.001S");
    assertThatThrownBy(() -> builder.port(70000)).hasMessage("port out of range: 70000");
    assertThatThrownBy(() -> builder.imageSize(0, 10)).hasMessage("image size < 1x1: 0x10");
    assertThatThrownBy(() -> builder.pages(2000).worksPerPage(1000).start())
        .hasMessage("pages * worksPerPage > 1000000: 2000000");
  }

  private static HttpRequest request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return client.send(request(url), HttpResponse.BodyHandlers.ofString());
  }
}
