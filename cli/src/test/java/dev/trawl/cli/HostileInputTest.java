package dev.trawl.cli;

import static dev.trawl.cli.TrawlCliTest.assertOneLineError;
import static dev.trawl.cli.TrawlCliTest.trawl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.demo.DemoGallery;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Careless and hostile input at the command line: one clear line and a documented exit code. */
class HostileInputTest {
  static DemoGallery gallery;

  @TempDir Path tmp;

  @BeforeAll
  static void startGallery() throws IOException {
    gallery = DemoGallery.builder().latency(Duration.ZERO).pages(2).worksPerPage(40).start();
  }

  @AfterAll
  static void stopGallery() {
    gallery.close();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          --delay           | 1e10s               | --delay must be 0 to 1h
          --delay           | 2h                  | --delay must be 0 to 1h
          --timeout         | 9223372036854775807 | --timeout must be 1 to 86,400 seconds
          --timeout         | 0                   | --timeout must be 1 to 86,400 seconds
          -j                | 1000000             | --concurrency must be 1 to 1,024
          -j                | 0                   | --concurrency must be 1 to 1,024
          -j                | 99999999999         | --concurrency
          --per-host        | 5000                | --per-host must be 1 to 1,024
          --retries         | 1000                | --retries must be 0 to 100
          --retries         | -1                  | --retries must be 0 to 100
          --max-pages       | -3                  | --max-pages must be 0 to 1,000,000,000
          --max-file-size   | 2T                  | --max-file-size must be 1 to
          --max-file-size   | 99999999999T        | bad size
          --max-retry-after | 1e300s              | --max-retry-after must be 0 to 24h
          --max-crawl-delay | 3h                  | --max-crawl-delay must be 0 to 1h
          --delay           | NaNs                | bad --delay
          """)
  void numericOptionOutsideItsRangeIsAUsageErrorNamingOptionAndRange(
      String option, String value, String naming) {
    TrawlCliTest.Run r =
        trawl("get", option, value, "-o", tmp.resolve("out").toString(), "http://127.0.0.1:9/p/1");

    assertOneLineError(r, ExitCode.USAGE, naming);
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @org.junit.jupiter.api.Test
  void demoConcurrencyOutsideItsRangeIsAUsageErrorNamingIt() {
    assertOneLineError(
        trawl("demo", "--no-serial", "-j", "100000"), ExitCode.USAGE, "--concurrency must be 1 to");
  }

  // --- 5. a corrupt or truncated state.db: one line, exit 3, nothing written -------------------

  enum Damage {
    RANDOM_PAGE,
    TRUNCATED
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "RANDOM_PAGE, status",
    "RANDOM_PAGE, manifest",
    "RANDOM_PAGE, get",
    "RANDOM_PAGE, retry",
    "TRUNCATED, status",
    "TRUNCATED, manifest",
    "TRUNCATED, get"
  })
  void damagedStateIsOneLineExitThreeAndNothingIsWritten(Damage damage, String command)
      throws Exception {
    Path out = tmp.resolve("out");
    TrawlCliTest.Run first =
        trawl("get", "--quiet", "-o", out.toString(), gallery.listingTemplate());
    assertThat(first.code()).as(first.err()).isZero();
    Path db = out.resolve(".trawl").resolve("state.db");
    damage(db, damage);
    String before = digest(db);
    String manifest = Files.readString(out.resolve("manifest.jsonl"));

    TrawlCliTest.Run r =
        command.equals("get")
            ? trawl("get", "--quiet", "-o", out.toString(), gallery.listingTemplate())
            : trawl(command, out.toString());

    assertOneLineError(r, ExitCode.FATAL, "crawl state is corrupt: " + db);
    assertThat(r.err()).contains("(SQLite: ").contains("move it away to start over");
    assertThat(digest(db)).isEqualTo(before);
    assertThat(out.resolve(".trawl").resolve("manifest.jsonl.tmp")).doesNotExist();
    assertThat(out.resolve("manifest.jsonl")).hasContent(manifest);
  }

  private static void damage(Path db, Damage damage) throws IOException {
    try (FileChannel ch = FileChannel.open(db, StandardOpenOption.WRITE)) {
      if (damage == Damage.TRUNCATED) {
        ch.truncate(ch.size() / 2);
      } else {
        byte[] junk = new byte[4096];
        new Random(8192).nextBytes(junk);
        ch.write(java.nio.ByteBuffer.wrap(junk), 8192);
      }
    }
  }

  private static String digest(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
