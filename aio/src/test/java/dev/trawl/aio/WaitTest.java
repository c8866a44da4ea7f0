package dev.trawl.aio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WaitTest {
  private final EventLoop loop = EventLoop.newEventLoop();
  private final CountDownLatch never = new CountDownLatch(1);

  @AfterEach
  void closeLoop() {
    never.countDown();
    loop.close();
  }

  private Task<Integer> blocked() {
    return loop.createTask(
        () -> {
          never.await();
          return 0;
        });
  }

  private Task<Integer> value(int v) {
    Task<Integer> t = loop.createTask(() -> v);
    t.await();
    return t;
  }

  private Task<Integer> failed() {
    Task<Integer> t =
        loop.createTask(
            () -> {
              throw new IllegalStateException("boom");
            });
    t.awaitQuietly();
    return t;
  }

  @Test
  void allCompletedWaitsForEveryTask() {
    CountDownLatch go = new CountDownLatch(1);
    Task<Integer> a =
        loop.createTask(
            () -> {
              go.await();
              return 1;
            });
    Task<Integer> b = value(2);
    go.countDown();
    WaitResult<Task<Integer>> r = Aio.wait(List.of(a, b), ReturnWhen.ALL_COMPLETED);
    assertThat(r.done()).containsExactly(a, b);
    assertThat(r.pending()).isEmpty();
  }

  @Test
  void allCompletedWithTimeoutReturnsPendingWithoutCancelling() {
    Task<Integer> a = blocked();
    Task<Integer> b = value(2);
    WaitResult<Task<Integer>> r =
        Aio.wait(List.of(a, b), ReturnWhen.ALL_COMPLETED, Duration.ofMillis(50));
    assertThat(r.done()).containsExactly(b);
    assertThat(r.pending()).containsExactly(a);
    assertThat(a.done()).isFalse();
  }

  @Test
  void firstCompletedReturnsWhenOneIsDone() {
    Task<Integer> a = blocked();
    CountDownLatch go = new CountDownLatch(1);
    Task<Integer> b =
        loop.createTask(
            () -> {
              go.await();
              return 2;
            });
    go.countDown();
    WaitResult<Task<Integer>> r = Aio.wait(List.of(a, b), ReturnWhen.FIRST_COMPLETED);
    assertThat(r.done()).containsExactly(b);
    assertThat(r.pending()).containsExactly(a);
  }

  @Test
  void firstCompletedWithTimeoutReturnsAllPending() {
    Task<Integer> a = blocked();
    WaitResult<Task<Integer>> r =
        Aio.wait(List.of(a), ReturnWhen.FIRST_COMPLETED, Duration.ofMillis(20));
    assertThat(r.done()).isEmpty();
    assertThat(r.pending()).containsExactly(a);
  }

  @Test
  void firstExceptionReturnsAtTheFirstFailure() {
    Task<Integer> a = blocked();
    Task<Integer> ok = value(1);
    CountDownLatch go = new CountDownLatch(1);
    Task<Integer> bad =
        loop.createTask(
            () -> {
              go.await();
              throw new IllegalStateException("boom");
            });
    go.countDown();
    WaitResult<Task<Integer>> r = Aio.wait(List.of(a, ok, bad), ReturnWhen.FIRST_EXCEPTION);
    assertThat(r.done()).containsExactly(ok, bad);
    assertThat(r.pending()).containsExactly(a);
  }

  @Test
  void firstExceptionDoesNotCountACancelledTask() {
    Task<Integer> a = blocked();
    Task<Integer> cancelled = blocked();
    cancelled.cancel();
    cancelled.awaitQuietly();
    WaitResult<Task<Integer>> r =
        Aio.wait(List.of(a, cancelled), ReturnWhen.FIRST_EXCEPTION, Duration.ofMillis(50));
    assertThat(r.done()).containsExactly(cancelled);
    assertThat(r.pending()).containsExactly(a);
  }

  @Test
  void firstExceptionWithoutFailuresWaitsForAll() {
    Task<Integer> a = value(1);
    Task<Integer> b = value(2);
    WaitResult<Task<Integer>> r = Aio.wait(List.of(a, b), ReturnWhen.FIRST_EXCEPTION);
    assertThat(r.done()).containsExactly(a, b);
  }

  @Test
  void firstExceptionWithTimeoutReturnsWhenNothingFailed() {
    Task<Integer> a = blocked();
    Task<Integer> b = failed();
    Task<Integer> c = blocked();
    WaitResult<Task<Integer>> r =
        Aio.wait(List.of(a, c), ReturnWhen.FIRST_EXCEPTION, Duration.ofMillis(20));
    assertThat(r.pending()).containsExactly(a, c);
    assertThat(Aio.wait(List.of(a, b), ReturnWhen.FIRST_EXCEPTION).done()).containsExactly(b);
  }

  @Test
  void waitRejectsAnEmptyCollection() {
    assertThatThrownBy(() -> Aio.wait(List.<Task<Integer>>of(), ReturnWhen.ALL_COMPLETED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cancellingTheWaiterDoesNotCancelTheTasks() {
    Task<Integer> a = blocked();
    Task<WaitResult<Task<Integer>>> waiter =
        loop.createTask(() -> Aio.wait(List.of(a), ReturnWhen.ALL_COMPLETED));
    TaskTest.awaitState(waiter, Task.State.RUNNING);
    waiter.cancel();
    assertThatThrownBy(waiter::await).isInstanceOf(CancelledException.class);
    assertThat(a.done()).isFalse();
  }

  @Test
  void repeatedFirstCompletedWaitsDrainEveryTask() {
    List<Task<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int n = i;
      tasks.add(loop.createTask(() -> n));
    }
    List<Task<Integer>> pending = tasks;
    int doneCount = 0;
    while (!pending.isEmpty()) {
      WaitResult<Task<Integer>> r = Aio.wait(pending, ReturnWhen.FIRST_COMPLETED);
      doneCount += r.done().size();
      pending = new ArrayList<>(r.pending());
    }
    assertThat(doneCount).isEqualTo(50);
  }

  @Test
  void asCompletedYieldsTasksInCompletionOrder() {
    CountDownLatch goFirst = new CountDownLatch(1);
    CountDownLatch goSecond = new CountDownLatch(1);
    Task<Integer> second =
        loop.createTask(
            () -> {
              goSecond.await();
              return 2;
            });
    Task<Integer> first =
        loop.createTask(
            () -> {
              goFirst.await();
              return 1;
            });
    Iterable<Task<Integer>> completed = Aio.asCompleted(List.of(second, first));
    first.addDoneCallback(t -> goSecond.countDown()); // after asCompleted's own listener
    goFirst.countDown();
    List<Integer> order = new ArrayList<>();
    for (Task<Integer> t : completed) {
      order.add(t.result());
    }
    assertThat(order).containsExactly(1, 2);
  }
}
