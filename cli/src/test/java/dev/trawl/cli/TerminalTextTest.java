package dev.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The promise: text from the network reaches the terminal with its control characters escaped. */
class TerminalTextTest {
  static Stream<Arguments> texts() {
    return Stream.of(
        Arguments.of("plain URL", "http://g.test/a.jpg?x=1", "http://g.test/a.jpg?x=1"),
        Arguments.of("clipboard write", "\u001b]52;c;ZXZpbA==\u0007", "\\x1b]52;c;ZXZpbA==\\x07"),
        Arguments.of("clear screen", "a\u001b[2Jb", "a\\x1b[2Jb"),
        Arguments.of("colour", "\u001b[31mred\u001b[0m", "\\x1b[31mred\\x1b[0m"),
        Arguments.of("C1 CSI", "x\u009b2J", "x\\x9b2J"),
        Arguments.of("DEL", "a\u007fb", "a\\x7fb"),
        Arguments.of("newline in a reason", "line\nline", "line\\x0aline"),
        Arguments.of("bidi override", "gpj.\u202eexe", "gpj.\\u202eexe"),
        Arguments.of("accents and CJK kept", "café 写真", "café 写真"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("texts")
  void controlCharactersAreEscapedAndTheRestIsKept(String what, String raw, String shown) {
    assertThat(TerminalText.safe(raw)).isEqualTo(shown);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("texts")
  void jsonShowsNoControlCharacterRawAndKeepsTheText(String what, String raw, String shown)
      throws Exception {
    String json = TerminalText.json().writeValueAsString(raw);

    assertThat(json.chars().filter(c -> TerminalText.isControl((char) c))).isEmpty();
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, String.class))
        .isEqualTo(raw);
  }
}
