package dev.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class LogSetupTest {
  /** What {@code log} writes to stderr through LogSetup's configuration. */
  private static String logged(Consumer<LoggerContext> log) {
    PrintStream before = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      new LogSetup().configure(context);
      log.accept(context);
    } finally {
      context.stop();
      System.setErr(before);
    }
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void librariesWarningsReachStderrWithTheirCauseAndInfoDoesNot() {
    String shown =
        logged(
            context -> {
              context.getLogger("org.apache.hc.client5.Thing").info("not shown");
              context
                  .getLogger("org.apache.hc.client5.Thing")
                  .warn(
                      "pool {} closed",
                      7,
                      new IllegalStateException("late", new IOException("reset")));
            });
    assertThat(shown.lines())
        .containsExactly(
            "trawl: WARN org.apache.hc.client5.Thing: pool 7 closed",
            "  java.lang.IllegalStateException: late",
            "  java.io.IOException: reset");
  }

  @Test
  void aServersEscapeSequencesQuotedInALibraryWarningAreShownEscaped() {
    String shown =
        logged(
            context ->
                context
                    .getLogger("crawlercommons.robots.SimpleRobotRulesParser")
                    .warn(
                        "Unknown line in robots.txt file: {}",
                        "\u001b]52;c;ZXZpbA==\u0007\u001b[2J\u001b[31mred",
                        new IllegalStateException("\u009b2J")));
    assertThat(shown.chars().filter(c -> c < 0x20 && c != '\n' || c >= 0x7f && c < 0xa0)).isEmpty();
    assertThat(shown)
        .contains("Unknown line in robots.txt file: \\x1b]52;c;ZXZpbA==\\x07\\x1b[2J\\x1b[31mred")
        .contains("java.lang.IllegalStateException: \\x9b2J");
  }
}
