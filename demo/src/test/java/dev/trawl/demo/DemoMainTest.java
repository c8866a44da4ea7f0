package dev.trawl.demo;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DemoMainTest {
  @Test
  void unknownOptionIsNamed() {
    assertThatThrownBy(
            () -> DemoMain.configure(DemoGallery.builder(), new String[] {"--colour", "x"}))
        .hasMessage("unknown option: --colour");
  }

  @Test
  void nonNumericValueIsNamed() {
    assertThatThrownBy(
            () -> DemoMain.configure(DemoGallery.builder(), new String[] {"--pages", "many"}))
        .hasMessage("--pages is not a number: many");
  }

  @Test
  void missingValueIsNamed() {
    assertThatThrownBy(() -> DemoMain.configure(DemoGallery.builder(), new String[] {"--port"}))
        .hasMessage("missing value for --port");
  }
}
