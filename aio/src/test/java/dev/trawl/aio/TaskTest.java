package dev.trawl.aio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskTest {
  private final EventLoop loop = EventLoop.newEventLoop();

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  @Test
  void taskGoesFromRunningToFinishedWithItsResult() {
    CountDownLatch release = new CountDownLatch(1);
    Task<Integer> task =
        loop.createTask(
            () -> {
              release.await();
              return 42;
            });
    awaitState(task, Task.State.RUNNING);
    assertThat(task.done()).isFalse();
    release.countDown();
    assertThat(task.await()).isEqualTo(42);
    assertThat(task.state()).isEqualTo(Task.State.FINISHED);
    assertThat(task.done()).isTrue();
    assertThat(task.cancelled()).isFalse();
    assertThat(task.exception()).isNull();
  }

  @Test
  void resultOfUnfinishedTaskThrowsInvalidState() {
    CountDownLatch release = new CountDownLatch(1);
    Task<Integer> task =
        loop.createTask(
            () -> {
              release.await();
              return 1;
            });
    assertThatThrownBy(task::result)
        .isInstanceOf(InvalidStateException.class)
        .hasMessageContaining("result is not ready")
        .hasMessageContaining(task.name());
    assertThatThrownBy(task::exception).isInstanceOf(InvalidStateException.class);
    release.countDown();
  }

  @Test
  void uncheckedExceptionIsRethrownAsIs() {
    IllegalArgumentException boom = new IllegalArgumentException("boom");
    Task<Integer> task =
        loop.createTask(
            () -> {
              throw boom;
            });
    assertThatThrownBy(task::await).isSameAs(boom);
    assertThat(task.state()).isEqualTo(Task.State.FINISHED);
    assertThat(task.exception()).isSameAs(boom);
  }

  @Test
  void checkedExceptionIsWrappedInTaskFailed() {
    IOException boom = new IOException("boom");
    Task<Integer> task =
        loop.createTask(
            () -> {
              throw boom;
            });
    assertThatThrownBy(task::await)
        .isInstanceOf(TaskFailedException.class)
        .hasCause(boom)
        .satisfies(e -> assertThat(((TaskFailedException) e).task()).isSameAs(task));
  }

  @Test
  void cancelInterruptsABlockedTaskAndItEndsCancelled() {
    Task<Integer> task =
        loop.createTask(
            () -> {
              Aio.sleep(Duration.ofMinutes(5));
              return 1;
            });
    awaitState(task, Task.State.RUNNING);
    assertThat(task.cancel("stop")).isTrue();
    assertThatThrownBy(task::await).isInstanceOf(CancelledException.class).hasMessage("stop");
    assertThat(task.state()).isEqualTo(Task.State.CANCELLED);
    assertThat(task.cancelled()).isTrue();
    assertThatThrownBy(task::result).isInstanceOf(CancelledException.class);
    assertThatThrownBy(task::exception).isInstanceOf(CancelledException.class);
  }

  @Test
  void cancelOfDoneTaskReturnsFalse() {
    Task<Integer> task = loop.createTask(() -> 1);
    task.await();
    assertThat(task.cancel()).isFalse();
    assertThat(task.state()).isEqualTo(Task.State.FINISHED);
  }

  @Test
  void taskThatSwallowsCancellationFinishesNormally() {
    CountDownLatch sleeping = new CountDownLatch(1);
    Task<String> task =
        loop.createTask(
            () -> {
              try {
                sleeping.countDown();
                Aio.sleep(Duration.ofMinutes(5));
                return "slept";
              } catch (CancelledException e) {
                return "swallowed";
              }
            });
    await(sleeping);
    awaitState(task, Task.State.RUNNING);
    task.cancel();
    assertThat(task.await()).isEqualTo("swallowed");
    assertThat(task.state()).isEqualTo(Task.State.FINISHED);
  }

  @Test
  void taskThatIgnoresPendingCancelUntilItReturnsEndsCancelled() {
    CountDownLatch cancelled = new CountDownLatch(1);
    Task<String> task =
        loop.createTask(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
              }
              cancelled.countDown();
              return "never seen";
            });
    awaitState(task, Task.State.RUNNING);
    task.cancel();
    await(cancelled);
    assertThatThrownBy(task::await).isInstanceOf(CancelledException.class);
    assertThat(task.cancelled()).isTrue();
  }

  @Test
  void awaitingWhileCancelledCancelsTheAwaitedTask() {
    CountDownLatch childStarted = new CountDownLatch(1);
    Task<Integer>[] child = newArray();
    Task<Integer> parent =
        loop.createTask(
            () -> {
              child[0] =
                  Aio.createTask(
                      () -> {
                        childStarted.countDown();
                        Aio.sleep(Duration.ofMinutes(5));
                        return 1;
                      });
              return child[0].await();
            });
    await(childStarted);
    parent.cancel();
    assertThatThrownBy(parent::await).isInstanceOf(CancelledException.class);
    assertThat(child[0].cancelled()).isTrue();
  }

  @Test
  void taskCannotAwaitItself() {
    Task<Object>[] self = newArray();
    CountDownLatch assigned = new CountDownLatch(1);
    self[0] =
        loop.createTask(
            () -> {
              assigned.await();
              return self[0].await();
            });
    assigned.countDown();
    assertThatThrownBy(self[0]::await)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot await itself");
  }

  @Test
  void doneCallbacksRunOnceInOrderIncludingLateOnes() {
    CountDownLatch release = new CountDownLatch(1);
    Task<Integer> task =
        loop.createTask(
            () -> {
              release.await();
              return 7;
            });
    List<String> calls = new CopyOnWriteArrayList<>();
    task.addDoneCallback(t -> calls.add("first " + t.result()));
    task.addDoneCallback(t -> calls.add("second " + t.result()));
    release.countDown();
    task.await();
    awaitCondition(() -> calls.size() == 2);
    task.addDoneCallback(t -> calls.add("late " + t.result()));
    awaitCondition(() -> calls.size() == 3); // the task's thread may still be in its callbacks
    assertThat(calls).containsExactly("first 7", "second 7", "late 7");
  }

  @Test
  void removeDoneCallbackReturnsHowManyWereRemoved() {
    CountDownLatch release = new CountDownLatch(1);
    Task<Integer> task =
        loop.createTask(
            () -> {
              release.await();
              return 7;
            });
    List<String> calls = new CopyOnWriteArrayList<>();
    Consumer<Future<Integer>> cb = t -> calls.add("cb");
    task.addDoneCallback(cb);
    task.addDoneCallback(cb);
    task.addDoneCallback(t -> calls.add("other"));
    assertThat(task.removeDoneCallback(cb)).isEqualTo(2);
    assertThat(task.removeDoneCallback(cb)).isZero();
    release.countDown();
    task.await();
    awaitCondition(() -> calls.size() == 1);
    assertThat(calls).containsExactly("other");
  }

  @Test
  void throwingCallbackDoesNotStopTheOthers() {
    Task<Integer> task = loop.createTask(() -> 1);
    task.await();
    List<String> calls = new CopyOnWriteArrayList<>();
    task.addDoneCallback(
        t -> {
          throw new IllegalStateException("callback bug");
        });
    task.addDoneCallback(t -> calls.add("ran"));
    // The task's thread may still be finishing its own callbacks; then these run there, after them.
    awaitCondition(() -> calls.size() == 1);
    assertThat(calls).containsExactly("ran");
  }

  @Test
  void toStringFollowsAsyncioRepr() {
    Task<Integer> ok = loop.createTask("answer", () -> 1);
    ok.await();
    assertThat(ok).hasToString("<Task finished name='answer' result=1>");
    Task<Integer> failed =
        loop.createTask(
            "bad",
            () -> {
              throw new IllegalStateException("no");
            });
    failed.awaitQuietly();
    assertThat(failed)
        .hasToString("<Task finished name='bad' exception=java.lang.IllegalStateException: no>");
    Task<Integer> unnamed = loop.createTask(() -> 1);
    assertThat(unnamed.name()).matches("Task-\\d+");
  }

  @Test
  void currentTaskIsVisibleInsideItsBody() {
    Task<Task<?>> task = loop.createTask(() -> Aio.currentTask().orElseThrow());
    assertThat(task.await()).isSameAs(task);
    assertThat(Aio.currentTask()).isEmpty();
  }

  @Test
  void aioCallsOutsideATaskHaveNoRunningLoop() {
    assertThatThrownBy(() -> Aio.createTask(() -> 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no running event loop");
    assertThatThrownBy(EventLoop::current)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no running event loop");
  }

  @Test
  void ensureFutureReturnsATaskUnchangedAndWrapsACallable() {
    Task<Integer> wrapped =
        loop.createTask(
            () -> {
              Task<Integer> inner = Aio.ensureFuture(() -> 5);
              assertThat(Aio.ensureFuture(inner)).isSameAs(inner);
              return inner.await();
            });
    assertThat(wrapped.await()).isEqualTo(5);
  }

  @Test
  void sleepRejectsNegativeDelays() {
    assertThatThrownBy(() -> Aio.sleep(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delay < 0: PT-0.001S");
  }

  @Test
  void sleepZeroIsACancellationPoint() {
    CountDownLatch spinning = new CountDownLatch(1);
    Task<Integer> task =
        loop.createTask(
            () -> {
              spinning.countDown();
              while (true) {
                Aio.sleep(Duration.ZERO);
              }
            });
    await(spinning);
    task.cancel();
    assertThatThrownBy(task::await).isInstanceOf(CancelledException.class);
  }

  @SuppressWarnings("unchecked")
  static <T> Task<T>[] newArray() {
    return (Task<T>[]) new Task<?>[1];
  }

  static void awaitState(Task<?> task, Task.State state) {
    awaitCondition(() -> task.state() == state);
  }

  static void awaitCondition(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("latch not released within 10 s");
      }
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
