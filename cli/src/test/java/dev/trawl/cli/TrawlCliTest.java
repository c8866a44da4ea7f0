package dev.trawl.cli;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.trawl.demo.DemoGallery;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrawlCliTest {
  static DemoGallery gallery;

  @TempDir Path tmp;

  @BeforeAll
  static void startGallery() throws IOException {
    gallery = DemoGallery.builder().latency(Duration.ofMillis(2)).pages(4).worksPerPage(5).start();
  }

  @AfterAll
  static void stopGallery() {
    gallery.close();
  }

  record Run(int code, String out, String err) {}

  static Run trawl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Trawl.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  static void assertOneLineError(Run r, int code, String naming) {
    assertThat(r.code()).as(r.err()).isEqualTo(code);
    // a slow machine may see a progress line (every 5 s when something moved) before the error
    List<String> lines =
        r.err().lines().filter(l -> !PROGRESS_LINE.matcher(l).lookingAt()).toList();
    assertThat(lines).as(r.err()).hasSize(1);
    assertThat(lines.get(0)).startsWith("trawl: ").contains(naming).doesNotContain("Exception");
  }

  private static final Pattern PROGRESS_LINE = Pattern.compile("trawl: \\d+/\\d+ images, ");

  long imageFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jpg")).count();
    }
  }

  Path seedRecipe() throws IOException {
    Path r = tmp.resolve("seed.toml");
    Files.writeString(
        r,
        """
        select = "div.workimage img"
        attr = ["data-original"]
        rewrite = ["/thumb_=>/thumbMid_"]
        """);
    return r;
  }

  @Test
  void versionNamesTheBuild() {
    Run r = trawl("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("trawl ");
  }

  @Test
  void helpListsTheCommandsAndExitCodes() {
    Run r = trawl("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("get", "demo", "130  interrupted");
  }

  @Test
  void getHelpSaysNextFollowsEveryMatchingLinkAndShowsUnnumberedRanges() {
    Run r = trawl("get", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out().replaceAll("\\s+", " "))
        .contains("every link matching CSS is followed as a next page")
        .contains("'{,A..}' put an unnumbered page first");
  }

  @Test
  void nothingSavedFromPagesThatShowPicturesEndsWithOneLineOfWhatToTryAndExit1() {
    Path out = tmp.resolve("missed");
    Run r =
        trawl(
            "get",
            "--select",
            "#media a",
            "--attr",
            "href",
            "-o",
            out.toString(),
            gallery.listingUrl(1));

    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.SOME_FAILED);
    assertThat(r.err().lines().filter(l -> l.startsWith("trawl: no picture saved")))
        .singleElement(as(InstanceOfAssertFactories.STRING))
        .contains("the 3 pages read show 15 pictures") // the endless-pager guard ends it
        .contains("`trawl inspect " + gallery.listingUrl(1) + "`")
        .contains("--follow")
        .contains("--attr href");
  }

  @Test
  void nothingSavedFromPagesThatShowNoPictureSaysSoAndExits0() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          byte[] body =
              "<html><body><p>Nothing here yet</p></body></html>".getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          ex.sendResponseHeaders(
              ex.getRequestURI().getPath().equals("/empty") ? 200 : 404, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/empty";
      // --select: without it, trawl get detects the gallery and a page without one is exit 2
      Run r =
          trawl("get", "--quiet", "--select", "img", "-o", tmp.resolve("empty").toString(), url);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).isEmpty();

      Run loud = trawl("get", "--select", "img", "-o", tmp.resolve("empty2").toString(), url);
      assertThat(loud.code()).as(loud.err()).isZero();
      assertThat(loud.err().lines().filter(l -> l.startsWith("trawl: no picture saved")))
          .singleElement(as(InstanceOfAssertFactories.STRING))
          .contains("the 1 page read shows none")
          .contains("`trawl inspect " + url + "`");
    } finally {
      server.stop(0);
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          get                                                   | missing URL
          get --bogus http://127.0.0.1/                         | --bogus
          get http://127.0.0.1/p/{5..1}                         | {5..1}
          get ftp://127.0.0.1/p                                 | ftp://127.0.0.1/p
          get not-a-url                                         | not-a-url
          get --rewrite a(=>b http://127.0.0.1/                 | a(=>b
          get --select div[[[ http://127.0.0.1/                 | div[[[
          get -j 0 http://127.0.0.1/                            | 0
          get --per-host -3 http://127.0.0.1/                   | -3
          get --max-file-size lots http://127.0.0.1/            | lots
          get -j many http://127.0.0.1/                         | many
          get --recipe /nonexistent/r.toml http://127.0.0.1/    | /nonexistent/r.toml
          """)
  void badInputIsOneLineNamingTheValueAndExit2(String args, String naming) {
    assertOneLineError(trawl(args.trim().split("\\s+")), ExitCode.USAGE, naming);
  }

  @Test
  void unknownRecipeKeyIsNamed() throws IOException {
    Path r = Files.writeString(tmp.resolve("r.toml"), "selct = \"img\"\n");
    assertOneLineError(
        trawl("get", "--recipe", r.toString(), "http://127.0.0.1/"), ExitCode.USAGE, "selct");
  }

  @Test
  void seedRecipeJobSavesEveryPictureAndExits0() throws IOException {
    Path out = tmp.resolve("imgs");
    Run r =
        trawl(
            "get",
            "--recipe",
            seedRecipe().toString(),
            "-o",
            out.toString(),
            gallery.listingTemplate().replace("{1..16}", "{1..4}"));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("20 saved");
    assertThat(imageFiles(out)).isEqualTo(20);
    assertThat(out.resolve("manifest.jsonl")).exists();
  }

  @Test
  void flagsOverrideTheRecipe() throws IOException {
    Path out = tmp.resolve("thumbs");
    Run r =
        trawl(
            "get",
            "--recipe",
            seedRecipe().toString(),
            "--rewrite",
            "/thumb_=>/thumb_",
            "-o",
            out.toString(),
            gallery.listingUrl(1));
    assertThat(r.code()).as(r.err()).isZero();
    String id = gallery.workIds().get(0);
    assertThat(out.resolve("thumb_" + id + ".jpg")).hasBinaryContent(gallery.thumbnail(id));
  }

  @Test
  void jsonSummaryGoesToStdout() throws IOException {
    Path out = tmp.resolve("json");
    Run r =
        trawl(
            "get",
            "--json",
            "--recipe",
            seedRecipe().toString(),
            "-o",
            out.toString(),
            gallery.listingUrl(1));
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("saved").asLong()).isEqualTo(20);
    assertThat(json.get("failed").asLong()).isZero();
  }

  @Test
  void someFailedItemsExit1AndAreListed() throws IOException {
    Path out = tmp.resolve("failing");
    Run r =
        trawl(
            "get",
            "--quiet",
            "--select",
            "div.workimage img",
            "--attr",
            "data-original",
            "--rewrite",
            "/uploads/thumb_=>/nowhere/thumb_",
            "-o",
            out.toString(),
            gallery.listingUrl(1));
    assertThat(r.code()).isEqualTo(ExitCode.SOME_FAILED);
    assertThat(r.out()).contains("http 404").contains("failed: ");
    // the failure names the URL requested after the rewrite, not the thumbnail's
    String id = gallery.workIds().get(0);
    assertThat(r.out())
        .contains("failed: " + gallery.baseUri().resolve("/nowhere/thumb_" + id + ".jpg") + " (")
        .doesNotContain("/uploads/thumb_" + id + ".jpg (");
  }

  @Test
  void unreachableStartPageIsFatalExit3() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Run r = trawl("get", "-o", tmp.toString(), "http://127.0.0.1:" + port + "/p/1");
    assertOneLineError(r, ExitCode.FATAL, "127.0.0.1:" + port);
  }

  @Test
  void unwritableOutDirIsFatalExit3() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    Run r = trawl("get", "--select", "img", "-o", file.toString(), gallery.listingUrl(1));
    assertOneLineError(r, ExitCode.FATAL, "out dir not writable");
  }

  @Test
  void demoCrawlsTheBundledGalleryAndComparesWithTheSerialCrawl() throws IOException {
    Path out = tmp.resolve("demo");
    Run r =
        trawl(
            "demo",
            "--quiet",
            "--pages",
            "2",
            "--works",
            "3",
            "--latency",
            "5",
            "-o",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(imageFiles(out)).isEqualTo(6);
    assertThat(r.out()).contains("serial:").contains("faster");
    assertThat(r.out())
        .contains("contact sheet: " + out.toAbsolutePath().resolve("index.html").toUri());
    assertThat(out.resolve("index.html")).isRegularFile();
  }

  @Test
  void getNamesTheContactSheetInItsReport() {
    Path out = tmp.resolve("sheet");
    Run r =
        trawl("get", "--select", "div.workimage img", "-o", out.toString(), gallery.listingUrl(1));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("  sheet   " + out.toAbsolutePath().resolve("index.html").toUri());
  }

  @Test
  void filenameFiltersAndMetadataFlagsReachTheCrawl() throws IOException {
    Path out = tmp.resolve("kept");
    Run r =
        trawl(
            "get",
            "--recipe",
            seedRecipe().toString(),
            "--filename",
            "{page_n}/{n:02}.{ext}",
            "--write-metadata",
            "--min-width",
            "10",
            "--type",
            "jpg",
            "--reject-regex",
            "_" + gallery.workIds().get(0),
            "--no-index",
            "--quiet",
            "-o",
            out.toString(),
            gallery.listingTemplate().replace("{1..4}", "{1..2}"));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(out.resolve("1/02.jpg")).isRegularFile();
    assertThat(out.resolve("1/02.jpg.json")).isRegularFile();
    assertThat(out.resolve("1/01.jpg")).doesNotExist(); // rejected by the regex
    assertThat(out.resolve("index.html")).doesNotExist();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--filename | {nope}.{ext} | unknown field {nope}",
        "--min-width | 0 | bad --min-width: 0",
        "--min-file-size | 12Q | bad size: '12Q'",
        "--accept-regex | ( | bad --accept-regex '('",
        "--type | jpg,tiff | unknown --type 'tiff'",
      })
  void badKeepingOptionsAreUsageErrorsNamingTheValue(String flag, String value, String naming) {
    Run r = trawl("get", flag, value, gallery.listingUrl(1));
    assertOneLineError(r, ExitCode.USAGE, naming);
  }
}
