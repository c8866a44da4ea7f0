package dev.trawl.cli;

import static dev.trawl.cli.TrawlCliTest.assertOneLineError;
import static dev.trawl.cli.TrawlCliTest.trawl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.trawl.cli.TrawlCliTest.Run;
import dev.trawl.demo.DemoGallery;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** trawl status, retry and manifest against the out dir of a real crawl. */
class StateCommandsTest {
  static DemoGallery gallery;

  @TempDir Path tmp;

  @BeforeAll
  static void startGallery() throws IOException {
    gallery = DemoGallery.builder().latency(Duration.ofMillis(2)).pages(2).worksPerPage(4).start();
  }

  @AfterAll
  static void stopGallery() {
    gallery.close();
  }

  Path recipe(String rewrite) throws IOException {
    Path r = tmp.resolve("job.toml");
    Files.writeString(
        r,
        "select = \"div.workimage img\"\nattr = [\"data-original\"]\nrewrite = [\""
            + rewrite
            + "\"]\n");
    return r;
  }

  Run brokenCrawl(Path out) throws IOException {
    return trawl(
        "get",
        "--quiet",
        "--recipe",
        recipe("/uploads/thumb_=>/nowhere/thumbMid_").toString(),
        "-o",
        out.toString(),
        gallery.listingTemplate().replace("{1..16}", "{1..2}"));
  }

  @Test
  void statusCountsImagesByStateAndFailuresByReason() throws IOException {
    Path out = tmp.resolve("imgs");
    assertThat(brokenCrawl(out).code()).isEqualTo(ExitCode.SOME_FAILED);

    Run text = trawl("status", out.toString());
    assertThat(text.code()).isZero();
    assertThat(text.out()).contains("2 read").contains("8 failed").contains("http 404");

    Run json = trawl("status", "--json", out.toString());
    JsonNode j = new ObjectMapper().readTree(json.out());
    assertThat(j.get("images").get("failed").asLong()).isEqualTo(8);
    assertThat(j.get("failed_images_by_reason").get("http 404").asLong()).isEqualTo(8);
    assertThat(j.get("runs")).hasSize(1);
  }

  @Test
  void retryQueuesTheFailedImagesAgainWithTheRecordedOptions() throws IOException {
    Path out = tmp.resolve("imgs");
    brokenCrawl(out);
    recipe("/thumb_=>/thumbMid_"); // the user fixes the recipe, then retries

    Run r = trawl("retry", out.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("8 failed item(s) queued again");
    for (String id : gallery.workIds()) {
      assertThat(out.resolve("thumbMid_" + id + ".jpg")).hasBinaryContent(gallery.fullImage(id));
    }
    assertThat(Files.readAllLines(out.resolve("manifest.jsonl"), StandardCharsets.UTF_8))
        .hasSize(8)
        .allMatch(l -> l.contains("\"status\":\"saved\""));
  }

  @Test
  void retryOfOneReasonLeavesOtherFailuresAlone() throws IOException {
    Path out = tmp.resolve("imgs");
    brokenCrawl(out);
    Run r = trawl("retry", "--reason", "timeout", out.toString());
    assertThat(r.err()).contains("0 failed item(s) queued again");
    assertThat(r.code()).isEqualTo(ExitCode.SOME_FAILED);
  }

  @Test
  void manifestIsRewrittenFromTheState() throws IOException {
    Path out = tmp.resolve("imgs");
    brokenCrawl(out);
    Files.delete(out.resolve("manifest.jsonl"));
    Run r = trawl("manifest", out.toString());
    assertThat(r.code()).isZero();
    assertThat(Files.readAllLines(out.resolve("manifest.jsonl"), StandardCharsets.UTF_8))
        .hasSize(8);
  }

  @Test
  void theSamePictureInTwoAlbumsIsOneFileAndTheManifestAndStatusShowOneSavedOneDuplicate()
      throws IOException {
    byte[] same = gallery.fullImage(gallery.workIds().get(0));
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          boolean page = path.equals("/albums");
          byte[] body =
              page
                  ? "<html><body><img src=/a/x.jpg><img src=/b/x.jpg></body></html>"
                      .getBytes(StandardCharsets.UTF_8)
                  : path.matches("/[ab]/x\\.jpg") ? same : new byte[0];
          ex.getResponseHeaders().set("Content-Type", page ? "text/html" : "image/jpeg");
          ex.sendResponseHeaders(body.length > 0 ? 200 : 404, body.length > 0 ? body.length : -1);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
    try {
      Path out = tmp.resolve("albums");
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/albums";
      Run get = trawl("get", "--quiet", "--select", "img", "-o", out.toString(), url);
      assertThat(get.code()).as(get.err()).isZero();
      try (Stream<Path> files = Files.list(out)) {
        assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jpg")))
            .containsExactly("x.jpg");
      }
      assertThat(out.resolve("x.jpg")).hasBinaryContent(same);

      Files.delete(out.resolve("manifest.jsonl"));
      Run manifest = trawl("manifest", out.toString());
      assertThat(manifest.code()).as(manifest.err()).isZero();
      ObjectMapper json = new ObjectMapper();
      List<JsonNode> lines = new ArrayList<>();
      for (String l : Files.readAllLines(out.resolve("manifest.jsonl"), StandardCharsets.UTF_8)) {
        lines.add(json.readTree(l));
      }
      assertThat(lines).extracting(l -> l.get("file").asText()).containsExactly("x.jpg", "x.jpg");
      assertThat(lines)
          .extracting(l -> l.get("status").asText())
          .containsExactlyInAnyOrder("saved", "duplicate");
      assertThat(lines)
          .filteredOn(l -> l.get("status").asText().equals("duplicate"))
          .singleElement()
          .satisfies(l -> assertThat(l.get("reason").asText()).isEqualTo("same bytes as x.jpg"));

      JsonNode status = json.readTree(trawl("status", "--json", out.toString()).out());
      assertThat(status.get("images").get("saved").asLong()).isEqualTo(1);
      assertThat(status.get("images").get("duplicate").asLong()).isEqualTo(1);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void statusOfADirWithoutStateIsBadInput() {
    assertOneLineError(trawl("status", tmp.toString()), ExitCode.USAGE, "no crawl state");
  }

  @Test
  void workerWithoutAStoreIsBadInput() {
    assertOneLineError(
        trawl("worker", "--crawl", "x", "-o", tmp.toString()), ExitCode.USAGE, "--store");
  }
}
