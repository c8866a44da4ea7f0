package dev.trawl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.extract.ExtractRules;
import dev.trawl.frontier.CrawlStore;
import dev.trawl.frontier.CrawlStore.Kind;
import dev.trawl.frontier.CrawlStore.Status;
import dev.trawl.frontier.sqlite.SqliteCrawlStore;
import dev.trawl.store.ImageStore;
import dev.trawl.store.Staged;
import dev.trawl.testing.HostileServer;
import dev.trawl.testing.Pictures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same bytes reached from two URLs that want the same file name (two albums' {@code x.jpg}),
 * through whole crawls over the SQLite state: one file, one image saved, the other its duplicate.
 */
class DuplicatesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final byte[] SAME = Pictures.drawn("jpg", 40, 30, 1);
  static final byte[] OTHER = Pictures.drawn("jpg", 40, 30, 2);

  @TempDir Path out;
  HostileServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = HostileServer.start();
    server.route(
        "/page",
        ex ->
            ex.respond(
                200,
                "text/html",
                "<html><body><img src=\"/a/x.jpg\"><img src=\"/b/x.jpg\"><img src=\"/c/y.jpg\">"
                    + "</body></html>"));
    server.route("/a/x.jpg", ex -> ex.respond(200, "image/jpeg", SAME));
    server.route("/b/x.jpg", ex -> ex.respond(200, "image/jpeg", SAME));
    server.route("/c/y.jpg", ex -> ex.respond(200, "image/jpeg", OTHER));
  }

  @AfterEach
  void stopServer() throws IOException {
    server.close();
  }

  Crawler crawl() {
    return Crawler.builder()
        .start(server.url("/page"))
        .rules(ExtractRules.defaults())
        .outDir(out)
        .build();
  }

  /** The manifest's lines by the path of their URL ("/a/x.jpg"). */
  Map<String, JsonNode> manifest() throws IOException {
    Map<String, JsonNode> lines = new LinkedHashMap<>();
    for (String l : Files.readAllLines(out.resolve("manifest.jsonl"), StandardCharsets.UTF_8)) {
      JsonNode j = JSON.readTree(l);
      lines.put(j.get("url").asText().substring(server.url("").length()), j);
    }
    return lines;
  }

  List<String> pictureFiles() throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".jpg"))
          .sorted()
          .toList();
    }
  }

  @Test
  void sameBytesFromTwoUrlsWithTheSameNameAreOneFileOneSavedAndOneDuplicate() throws IOException {
    CrawlSummary s = crawl().run();

    assertThat(s.saved()).isEqualTo(2);
    assertThat(s.duplicates()).isEqualTo(1);
    assertThat(pictureFiles()).containsExactly("x.jpg", "y.jpg");
    assertThat(out.resolve("x.jpg")).hasBinaryContent(SAME);
    Map<String, JsonNode> m = manifest();
    JsonNode a = m.get("/a/x.jpg");
    JsonNode b = m.get("/b/x.jpg");
    assertThat(List.of(a.get("status").asText(), b.get("status").asText()))
        .containsExactlyInAnyOrder("saved", "duplicate");
    JsonNode copy = a.get("status").asText().equals("duplicate") ? a : b;
    assertThat(copy.get("file").asText()).isEqualTo("x.jpg");
    assertThat(copy.get("reason").asText()).isEqualTo("same bytes as x.jpg");
    assertThat(m.get("/c/y.jpg").get("status").asText()).isEqualTo("saved");
    try (CrawlStore state = SqliteCrawlStore.open(out.resolve(".trawl"))) {
      assertThat(state.counts(Kind.IMAGE))
          .containsEntry(Status.SAVED, 2L)
          .containsEntry(Status.DUPLICATE, 1L);
    }
  }

  @Test
  void aRunStoppedAfterNamingAPictureBeforeRecordingItSavesItAgainAndTheCopyIsTheDuplicate()
      throws IOException {
    // what a run killed between naming /a/x.jpg and recording it leaves: its bytes claimed for it
    // in the state and the file under its name
    String a = server.url("/a/x.jpg");
    try (SqliteCrawlStore state = SqliteCrawlStore.open(out.resolve(".trawl"))) {
      ImageStore images = new ImageStore(out, state::claimName);
      Staged staged = images.stage(new ByteArrayInputStream(SAME), a, "image/jpeg");
      images.commit(staged, a);
    }
    assertThat(pictureFiles()).containsExactly("x.jpg");

    CrawlSummary s = crawl().run();

    Map<String, JsonNode> m = manifest();
    assertThat(m.get("/a/x.jpg").get("status").asText()).isEqualTo("saved");
    assertThat(m.get("/a/x.jpg").get("file").asText()).isEqualTo("x.jpg");
    assertThat(m.get("/b/x.jpg").get("status").asText()).isEqualTo("duplicate");
    assertThat(m.get("/b/x.jpg").get("file").asText()).isEqualTo("x.jpg");
    assertThat(s.saved()).isEqualTo(2);
    assertThat(s.duplicates()).isEqualTo(1);
    assertThat(pictureFiles()).containsExactly("x.jpg", "y.jpg");
  }

  @Test
  void aSecondRunKeepsTheStatusesAndAddsNoFile() throws IOException {
    crawl().run();
    Map<String, String> before = statuses();

    crawl().run();

    assertThat(statuses()).isEqualTo(before);
    assertThat(pictureFiles()).containsExactly("x.jpg", "y.jpg");
    assertThat(server.count("/a/x.jpg") + server.count("/b/x.jpg")).isEqualTo(2);
  }

  Map<String, String> statuses() throws IOException {
    Map<String, String> s = new LinkedHashMap<>();
    manifest().forEach((path, line) -> s.put(path, line.get("status").asText()));
    return s;
  }
}
