package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExtraHeaderTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Authorization: Bearer abc | Authorization | true  | Authorization: ***",
        "cookie: a=b               | cookie        | true  | cookie: ***",
        "Proxy-Authorization: x    | Proxy-Authorization | true | Proxy-Authorization: ***",
        "X-Requested-With: trawl   | X-Requested-With | false | X-Requested-With: trawl",
        "Accept:image/webp         | Accept        | false | Accept: image/webp",
      })
  void parsesNameAndValueAndMasksSecrets(String line, String name, boolean secret, String shown) {
    ExtraHeader h = ExtraHeader.parse(line);
    assertThat(h.name()).isEqualTo(name);
    assertThat(h.isSecret()).isEqualTo(secret);
    assertThat(h.toString()).isEqualTo(shown);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Authorization Bearer abc | no colon",
        "Bad Name: x              | bad --header name 'Bad Name'",
        ": x                      | empty name",
      })
  void rejectsBadHeadersWithoutShowingTheirValue(String line, String message) {
    assertThatThrownBy(() -> ExtraHeader.parse(line))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message)
        .hasMessageNotContaining("abc");
  }

  @ParameterizedTest
  @CsvSource({"'X-A: a\r\nInjected: yes'", "'Authorization: a\nb'"})
  void crOrLfInTheValueIsHeaderInjection(String line) {
    assertThatThrownBy(() -> ExtraHeader.parse(line))
        .hasMessageContaining("header injection")
        .hasMessageNotContaining("yes");
  }
}
