package dev.trawl.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SrcsetTest {

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "a.jpg 320w, b.jpg 1280w, c.jpg 640w | b.jpg",
        "a.jpg, b.jpg 2x, c.jpg 1.5x | b.jpg",
        "a.jpg 0.5x, b.jpg | b.jpg",
        "a.jpg | a.jpg",
        "a.jpg 1x, b.jpg 1x | a.jpg",
        "a.jpg 2x,b.jpg 3x | b.jpg",
        "/i/a,b.jpg 1x, /i/c,d.jpg 2x | /i/c,d.jpg",
        "a.jpg,b.jpg | a.jpg,b.jpg",
        "a.jpg 100w, b.jpg 3x | a.jpg",
        "a.jpg 100w 50h, b.jpg 90w | a.jpg",
        "a.jpg 1.5x 2x, b.jpg | b.jpg",
        "a.jpg 0w, b.jpg | b.jpg",
        "a.jpg 10q, b.jpg | b.jpg",
        "a.jpg 10w (junk), b.jpg 5w | b.jpg",
        "a.jpg 2X, b.jpg 1x | a.jpg",
        "'  a.jpg  2x  ,  b.jpg  ' | a.jpg",
        "'a.jpg,, b.jpg 2x' | b.jpg",
        "'data:image/png;base64,iVBOR 1x, real.jpg 2x' | real.jpg",
        "'' | null",
        "' , , ' | null",
        "a.jpg 1e1x, b.jpg 9x | a.jpg"
      })
  void largestCandidateWins(String srcset, String expected) {
    assertThat(Srcset.largest(srcset)).isEqualTo(expected);
  }

  @Test
  void candidatesKeepTheirDescriptors() {
    assertThat(Srcset.parse("a.jpg 2x, b.jpg 640w, c.jpg"))
        .containsExactly(
            new Srcset.Candidate("a.jpg", 0, 2),
            new Srcset.Candidate("b.jpg", 640, 1),
            new Srcset.Candidate("c.jpg", 0, 1));
  }
}
