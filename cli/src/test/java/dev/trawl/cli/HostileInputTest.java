package dev.trawl.cli;

import static dev.trawl.cli.TrawlCliTest.assertOneLineError;
import static dev.trawl.cli.TrawlCliTest.trawl;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Careless and hostile input at the command line: one clear line and a documented exit code. */
class HostileInputTest {
  @TempDir Path tmp;

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
}
