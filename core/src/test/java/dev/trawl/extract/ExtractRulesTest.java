package dev.trawl.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExtractRulesTest {

  @Test
  void defaultsMatchTheDocumentedOptions() {
    ExtractRules rules = ExtractRules.defaults();

    assertThat(rules.imageSelector()).isEqualTo("img");
    assertThat(rules.imageAttributes())
        .containsExactly("data-original", "data-src", "data-lazy-src", "srcset", "src");
    assertThat(rules.nextSelector()).isEqualTo("link[rel=next], a[rel=next]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"img[", "div >", "a[rel=", ":nth-child(x)", "img,,", "", "   "})
  void badImageSelectorIsRejectedByValue(String selector) {
    assertThatThrownBy(() -> new ExtractRules(selector, List.of("src"), "a.next"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad CSS selector: " + selector);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a[rel=next", "~", ""})
  void badNextSelectorIsRejectedByValue(String selector) {
    assertThatThrownBy(() -> new ExtractRules("img", List.of("src"), selector))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad CSS selector: " + selector);
  }

  @Test
  void nullSelectorIsRejected() {
    assertThatThrownBy(() -> new ExtractRules(null, List.of("src"), "a.next"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad CSS selector: null");
  }

  @Test
  void emptyAttributeListIsRejected() {
    assertThatThrownBy(() -> new ExtractRules("img", List.of(), "a.next"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no image attributes");
  }

  @Test
  void blankAttributeNameIsRejected() {
    assertThatThrownBy(() -> new ExtractRules("img", Arrays.asList("src", " "), "a.next"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank attribute name");
  }

  @Test
  void attributeListIsCopied() {
    List<String> names = new ArrayList<>(List.of("src"));
    ExtractRules rules = new ExtractRules("img", names, "a.next");

    names.add("data-src");

    assertThat(rules.imageAttributes()).containsExactly("src");
  }

  @Test
  void complexSelectorsAreAccepted() {
    ExtractRules rules =
        new ExtractRules("div.workimage > a > img:not(.icon)", List.of("data-original"), "a.next");

    assertThat(rules.imageSelector()).isEqualTo("div.workimage > a > img:not(.icon)");
  }
}
