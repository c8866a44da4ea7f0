package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RefererPolicyTest {
  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        // policy, target, found on, referer sent
        "auto, https://cdn.example/a.jpg, https://gallery.example/p/1, https://gallery.example/p/1",
        "auto, http://cdn.example/a.jpg,  http://gallery.example/p/1,  http://gallery.example/p/1",
        "auto, http://cdn.example/a.jpg,  https://gallery.example/p/1, null",
        "auto, https://gallery.example/p/1, null, null",
        "none, https://cdn.example/a.jpg, https://gallery.example/p/1, null",
        "https://gallery.example/, https://cdn.example/a.jpg, null, https://gallery.example/",
        "https://gallery.example/, http://cdn.example/a.jpg, null, null",
      })
  void sendsThePageAsABrowserWould(String policy, String target, String foundOn, String sent) {
    assertThat(RefererPolicy.parse(policy).refererFor(target, foundOn)).isEqualTo(sent);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sometimes", "ftp://x/", "https://u:p@x/", "/relative"})
  void aBadPolicyIsNamed(String spec) {
    assertThatThrownBy(() -> RefererPolicy.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bad --referer: '" + spec + "'");
  }
}
