package dev.trawl.aio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BarrierTest {
  private final EventLoop loop = EventLoop.newEventLoop();

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  private List<Task<Integer>> arrive(AsyncBarrier barrier, int n) {
    List<Task<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(loop.createTask(barrier::await));
      int waiting = i + 1;
      TaskTest.awaitCondition(() -> barrier.waiting() == waiting);
    }
    return tasks;
  }

  @Test
  void rejectsFewerThanOneParty() {
    assertThatThrownBy(() -> new AsyncBarrier(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parties < 1: 0");
  }

  @Test
  void allReturnTogetherWithTheirArrivalIndex() {
    AsyncBarrier barrier = new AsyncBarrier(3);
    List<Task<Integer>> early = arrive(barrier, 2);
    assertThat(early).noneMatch(Task::done);
    int last = barrier.await();
    assertThat(last).isEqualTo(2);
    assertThat(early.get(0).await()).isZero();
    assertThat(early.get(1).await()).isEqualTo(1);
    assertThat(barrier.waiting()).isZero();
  }

  @Test
  void theBarrierCanBeUsedAgainAfterARound() {
    AsyncBarrier barrier = new AsyncBarrier(2);
    for (int round = 0; round < 3; round++) {
      List<Task<Integer>> first = arrive(barrier, 1);
      assertThat(barrier.await()).isEqualTo(1);
      assertThat(first.get(0).await()).isZero();
    }
  }

  @Test
  void abortBreaksWaitersAndLaterCallsUntilReset() {
    AsyncBarrier barrier = new AsyncBarrier(3);
    List<Task<Integer>> waiting = arrive(barrier, 2);
    barrier.abort();
    for (Task<Integer> t : waiting) {
      assertThatThrownBy(t::await).isInstanceOf(BrokenBarrierException.class);
    }
    assertThat(barrier.broken()).isTrue();
    assertThatThrownBy(barrier::await)
        .isInstanceOf(BrokenBarrierException.class)
        .hasMessageStartingWith("barrier aborted");
    barrier.reset();
    assertThat(barrier.broken()).isFalse();
    List<Task<Integer>> again = arrive(barrier, 2);
    assertThat(barrier.await()).isEqualTo(2);
    assertThat(again.get(0).await()).isZero();
  }

  @Test
  void resetBreaksTheWaitersAndEmptiesTheBarrier() {
    AsyncBarrier barrier = new AsyncBarrier(3);
    List<Task<Integer>> waiting = arrive(barrier, 2);
    barrier.reset();
    for (Task<Integer> t : waiting) {
      assertThatThrownBy(t::await)
          .isInstanceOf(BrokenBarrierException.class)
          .hasMessageContaining("reset");
    }
    assertThat(barrier.broken()).isFalse();
    List<Task<Integer>> fresh = arrive(barrier, 2);
    assertThat(barrier.await()).isEqualTo(2);
    assertThat(fresh.get(1).await()).isEqualTo(1);
  }

  @Test
  void aCancelledWaiterLeavesWithoutBreakingTheBarrier() {
    AsyncBarrier barrier = new AsyncBarrier(2);
    List<Task<Integer>> waiting = arrive(barrier, 1);
    waiting.get(0).cancel();
    assertThatThrownBy(waiting.get(0)::await).isInstanceOf(CancelledException.class);
    assertThat(barrier.broken()).isFalse();
    assertThat(barrier.waiting()).isZero();
    List<Task<Integer>> next = arrive(barrier, 1);
    assertThat(barrier.await()).isEqualTo(1);
    assertThat(next.get(0).await()).isZero();
  }
}
