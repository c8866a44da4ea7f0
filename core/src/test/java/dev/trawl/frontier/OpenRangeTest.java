package dev.trawl.frontier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenRangeTest {
  private final OpenRange range = new OpenRange(UrlTemplate.parse("http://h/p/{3..}"), 4);

  @Test
  void startsWithAWindowOfPagesFromTheFirst() {
    assertThat(range.start()).containsExactly(3L, 4L, 5L, 6L);
  }

  @Test
  void eachFinishedPageSchedulesTheNextOne() {
    range.start();
    assertThat(range.pageDone(3, false)).containsExactly(7L);
    assertThat(range.pageDone(4, false)).containsExactly(8L);
  }

  @Test
  void aLastPageEndsTheRangeAndPagesPastItAreExpectedFailures() {
    range.start();
    assertThat(range.pageDone(5, true)).isEmpty();
    assertThat(range.pageDone(3, false)).isEmpty();
    assertThat(range.isPastEnd(6)).isTrue();
    assertThat(range.isPastEnd(5)).isTrue();
    assertThat(range.isPastEnd(4)).isFalse();
  }

  @Test
  void anEarlierEndWins() {
    range.start();
    range.pageDone(6, true);
    range.pageDone(4, true);
    assertThat(range.isPastEnd(5)).isTrue();
  }
}
