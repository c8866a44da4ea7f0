package dev.trawl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PageJobTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "plain           | false | false | 0",
        "start           | true  | false | 0",
        "follow:1        | true  | true  | 0",
        "range:0:7       | false | true  | 0",
        "range:2:7:last  | false | true  | 0",
        "start depth:3   | true  | false | 3",
        "follow:1 depth:2 | true | true  | 2",
        "plain depth:5   | false | false | 5"
      })
  void metaTextRoundTrips(String meta, boolean follow, boolean pager, int depth) {
    PageJob job = PageJob.decode(meta.strip());

    assertThat(job.follow()).isEqualTo(follow);
    assertThat(job.pager()).isEqualTo(pager);
    assertThat(job.depth()).isEqualTo(depth);
    assertThat(job.encode()).isEqualTo(meta.strip());
  }

  @ParameterizedTest
  @ValueSource(strings = {"follow:0", "range:1:3:last"})
  void metaOfAnEarlierVersionStillReads(String meta) {
    assertThat(PageJob.decode(meta).depth()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"tree:1", "start height:2", "start depth:x"})
  void badMetaIsNamed(String meta) {
    assertThatThrownBy(() -> PageJob.decode(meta)).hasMessageContaining(meta.split(" ")[0]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"start", "follow:0", "plain"})
  void aStartPageIsNotAPagerPageButItsNextPagesAre(String meta) {
    PageJob job = PageJob.decode(meta);
    assertThat(job.pager()).isEqualTo(meta.startsWith("follow"));
    assertThat(PageJob.follow(0).pager()).isTrue();
  }
}
