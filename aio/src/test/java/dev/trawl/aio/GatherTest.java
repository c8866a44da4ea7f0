package dev.trawl.aio;

import static dev.trawl.aio.TaskTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GatherTest {
  private final EventLoop loop = EventLoop.newEventLoop();

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  private Task<Integer> after(CountDownLatch latch, int value) {
    return loop.createTask(
        () -> {
          latch.await();
          return value;
        });
  }

  private Task<Integer> sleeper() {
    return loop.createTask(
        () -> {
          Aio.sleep(Duration.ofMinutes(5));
          return 0;
        });
  }

  @Test
  void gatherReturnsResultsInArgumentOrder() {
    CountDownLatch first = new CountDownLatch(1);
    Task<Integer> slow = after(first, 1);
    Task<Integer> fast = loop.createTask(() -> 2);
    fast.await();
    first.countDown();
    assertThat(Aio.gather(slow, fast)).containsExactly(1, 2);
  }

  @Test
  void gatherOfNothingIsEmpty() {
    assertThat(Aio.gather(List.<Task<Integer>>of())).isEmpty();
  }

  @Test
  void gatherPropagatesFirstFailureWhileOthersKeepRunning() {
    CountDownLatch never = new CountDownLatch(1);
    Task<Integer> running = after(never, 1);
    Task<Integer> failing =
        loop.createTask(
            () -> {
              throw new IllegalStateException("boom");
            });
    assertThatThrownBy(() -> Aio.gather(running, failing))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom");
    assertThat(running.done()).isFalse();
    never.countDown();
    assertThat(running.await()).isEqualTo(1);
  }

  @Test
  void gatherWrapsCheckedFailures() {
    Task<Integer> failing =
        loop.createTask(
            () -> {
              throw new IOException("io");
            });
    assertThatThrownBy(() -> Aio.gather(failing))
        .isInstanceOf(TaskFailedException.class)
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void gatherRaisesCancelledWhenAChildIsCancelled() {
    Task<Integer> child = sleeper();
    Task<Integer> other = sleeper();
    child.cancel();
    assertThatThrownBy(() -> Aio.gather(child, other)).isInstanceOf(CancelledException.class);
    assertThat(other.cancelled()).isFalse();
    other.cancel();
  }

  @Test
  void cancellingTheGatheringTaskCancelsTheChildren() {
    List<Task<Integer>> children = new ArrayList<>();
    CountDownLatch created = new CountDownLatch(1);
    Task<List<Integer>> outer =
        loop.createTask(
            () -> {
              children.add(Aio.createTask(() -> sleepLong()));
              children.add(Aio.createTask(() -> sleepLong()));
              created.countDown();
              return Aio.gather(children);
            });
    await(created);
    TaskTest.awaitCondition(() -> children.stream().allMatch(t -> t.state() == Task.State.RUNNING));
    outer.cancel();
    assertThatThrownBy(outer::await).isInstanceOf(CancelledException.class);
    assertThat(children).allMatch(Task::cancelled);
  }

  @Test
  void gatherSettledReturnsValuesAndFailuresInOrder() {
    IOException io = new IOException("io");
    Task<Integer> ok = loop.createTask(() -> 1);
    Task<Integer> bad =
        loop.createTask(
            () -> {
              throw io;
            });
    Task<Integer> cancelled = sleeper();
    cancelled.cancel();
    List<Outcome<Integer>> outcomes = Aio.gatherSettled(ok, bad, cancelled);
    assertThat(outcomes.get(0)).isEqualTo(new Outcome.Success<>(1));
    assertThat(outcomes.get(1)).isEqualTo(new Outcome.Failure<Integer>(io));
    assertThat(((Outcome.Failure<Integer>) outcomes.get(2)).error())
        .isInstanceOf(CancelledException.class);
  }

  @Test
  void gatherOfManyTasksCollectsAll() {
    List<Task<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      int n = i;
      tasks.add(loop.createTask(() -> n));
    }
    List<Integer> results = Aio.gather(tasks);
    assertThat(results).hasSize(10_000);
    assertThat(results.get(9_999)).isEqualTo(9_999);
  }

  static int sleepLong() {
    Aio.sleep(Duration.ofMinutes(5));
    return 0;
  }
}
