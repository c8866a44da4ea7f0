package dev.trawl.aio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimeoutTest {
  private final EventLoop loop = EventLoop.newEventLoop();

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  private Task<Integer> sleeper() {
    return loop.createTask(() -> GatherTest.sleepLong());
  }

  @Test
  void waitForReturnsTheResultInTime() throws Exception {
    Task<Integer> fast = loop.createTask(() -> 3);
    assertThat(Aio.waitFor(fast, Duration.ofSeconds(10))).isEqualTo(3);
  }

  @Test
  void waitForCancelsTheTaskOnTimeoutAndThrows() {
    Task<Integer> slow = sleeper();
    assertThatThrownBy(() -> Aio.waitFor(slow, Duration.ofMillis(20)))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining(slow.name());
    assertThat(slow.cancelled()).isTrue();
  }

  @Test
  void waitForReturnsTheValueOfATaskThatSurvivesCancellation() throws Exception {
    CountDownLatch sleeping = new CountDownLatch(1);
    Task<String> stubborn =
        loop.createTask(
            () -> {
              try {
                sleeping.countDown();
                Aio.sleep(Duration.ofMinutes(5));
              } catch (CancelledException e) {
                return "kept going";
              }
              return "slept";
            });
    TaskTest.await(sleeping);
    assertThat(Aio.waitFor(stubborn, Duration.ofMillis(20))).isEqualTo("kept going");
  }

  @Test
  void timeoutThrowsTimeoutExceptionWhenTheBodyIsTooSlow() {
    Task<Object> task =
        loop.createTask(() -> Aio.timeout(Duration.ofMillis(20), () -> GatherTest.sleepLong()));
    assertThatThrownBy(task::await)
        .isInstanceOf(TaskFailedException.class)
        .hasCauseInstanceOf(TimeoutException.class);
  }

  @Test
  void timeoutCancelsTasksTheBodyAwaits() {
    AtomicReference<Task<Integer>> inner = new AtomicReference<>();
    Task<Object> task =
        loop.createTask(
            () -> {
              try {
                return Aio.timeout(
                    Duration.ofMillis(20),
                    () -> {
                      inner.set(Aio.createTask(() -> GatherTest.sleepLong()));
                      return inner.get().await();
                    });
              } catch (TimeoutException e) {
                return "timed out";
              }
            });
    assertThat(task.await()).isEqualTo("timed out");
    assertThat(inner.get().cancelled()).isTrue();
  }

  @Test
  void taskKeepsWorkingAfterATimeout() {
    Task<String> task =
        loop.createTask(
            () -> {
              try {
                Aio.timeout(Duration.ofMillis(10), () -> GatherTest.sleepLong());
              } catch (TimeoutException e) {
                Aio.sleep(Duration.ofMillis(5)); // no stale cancel left behind
                return "after";
              }
              return "not reached";
            });
    assertThat(task.await()).isEqualTo("after");
  }

  @Test
  void timeoutReturnsTheValueInTimeAndRethrowsBodyErrorsUnchanged() {
    Task<Integer> ok = loop.createTask(() -> Aio.timeout(Duration.ofSeconds(10), () -> 5));
    assertThat(ok.await()).isEqualTo(5);
    Task<Integer> bad =
        loop.createTask(
            () ->
                Aio.timeout(
                    Duration.ofSeconds(10),
                    () -> {
                      throw new IOException("io");
                    }));
    assertThatThrownBy(bad::await).hasCauseInstanceOf(IOException.class);
  }

  @Test
  void outsideCancellationInsideATimeoutStaysACancellation() {
    CountDownLatch started = new CountDownLatch(1);
    Task<Object> task =
        loop.createTask(
            () ->
                Aio.timeout(
                    Duration.ofMinutes(5),
                    () -> {
                      started.countDown();
                      return GatherTest.sleepLong();
                    }));
    TaskTest.await(started);
    task.cancel();
    assertThatThrownBy(task::await).isInstanceOf(CancelledException.class);
  }

  @Test
  void timeoutOutsideATaskHasNoRunningLoop() {
    assertThatThrownBy(() -> Aio.timeout(Duration.ofSeconds(1), () -> 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no running event loop");
  }

  @Test
  void shieldKeepsTheInnerTaskRunningWhenTheAwaiterIsCancelled() {
    CountDownLatch release = new CountDownLatch(1);
    Task<Integer> inner =
        loop.createTask(
            () -> {
              release.await();
              return 9;
            });
    Task<Integer> outer = loop.createTask(() -> Aio.shield(inner).await());
    TaskTest.awaitState(outer, Task.State.RUNNING);
    outer.cancel();
    assertThatThrownBy(outer::await).isInstanceOf(CancelledException.class);
    assertThat(inner.done()).isFalse();
    release.countDown();
    assertThat(inner.await()).isEqualTo(9);
  }

  @Test
  void unshieldedAwaitCancelsTheInnerTask() {
    Task<Integer> inner = sleeper();
    Task<Integer> outer = loop.createTask(inner::await);
    TaskTest.awaitState(outer, Task.State.RUNNING);
    TaskTest.awaitState(inner, Task.State.RUNNING);
    outer.cancel();
    assertThatThrownBy(outer::await).isInstanceOf(CancelledException.class);
    assertThat(inner.cancelled()).isTrue();
  }

  @Test
  void toThreadRunsOnAPlatformThreadAndReturnsItsValue() throws Exception {
    Task<Boolean> task =
        loop.createTask(() -> Aio.toThread(() -> Thread.currentThread().isVirtual()));
    assertThat(task.await()).isFalse();
    assertThatThrownBy(
            () ->
                Aio.toThread(
                    () -> {
                      throw new IOException("io");
                    }))
        .isInstanceOf(IOException.class);
  }

  @Test
  void cancellingAToThreadCallerInterruptsTheWorker() {
    CountDownLatch working = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    Task<Object> task =
        loop.createTask(
            () ->
                Aio.toThread(
                    () -> {
                      working.countDown();
                      try {
                        Thread.sleep(Duration.ofMinutes(5));
                      } catch (InterruptedException e) {
                        interrupted.countDown();
                      }
                      return null;
                    }));
    TaskTest.await(working);
    task.cancel();
    assertThatThrownBy(task::await).isInstanceOf(CancelledException.class);
    TaskTest.await(interrupted);
  }
}
