package dev.trawl.aio;

import static dev.trawl.aio.TaskTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EventLoopTest {

  @Test
  void runReturnsTheMainResult() {
    assertThat(Aio.run(() -> 6 * 7)).isEqualTo(42);
  }

  @Test
  void runRethrowsUncheckedAndWrapsChecked() {
    assertThatThrownBy(
            () ->
                Aio.run(
                    () -> {
                      throw new IllegalArgumentException("bad");
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad");
    assertThatThrownBy(
            () ->
                Aio.run(
                    () -> {
                      throw new IOException("io");
                    }))
        .isInstanceOf(TaskFailedException.class)
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void runCancelsAndAwaitsTasksLeftPending() {
    AtomicReference<Task<Integer>> orphan = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    Aio.run(
        () -> {
          orphan.set(
              Aio.createTask(
                  () -> {
                    started.countDown();
                    Aio.sleep(Duration.ofMinutes(5));
                    return 1;
                  }));
          started.await();
          return null;
        });
    assertThat(orphan.get().cancelled()).isTrue();
  }

  @Test
  void runCannotBeNestedInATask() {
    assertThatThrownBy(() -> Aio.run(() -> Aio.run(() -> 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("running event loop");
  }

  @Test
  void closeCancelsPendingTasksAndWaitsForThem() {
    EventLoop loop = EventLoop.newEventLoop();
    CountDownLatch started = new CountDownLatch(1);
    Task<Integer> task =
        loop.createTask(
            () -> {
              started.countDown();
              Aio.sleep(Duration.ofMinutes(5));
              return 1;
            });
    await(started);
    loop.close();
    assertThat(task.cancelled()).isTrue();
    assertThat(loop.isClosed()).isTrue();
  }

  @Test
  void closedLoopRejectsEveryCall() {
    EventLoop loop = EventLoop.newEventLoop();
    loop.close();
    loop.close(); // idempotent
    assertThatThrownBy(() -> loop.createTask(() -> 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("event loop is closed");
    assertThatThrownBy(() -> loop.runUntilComplete(() -> 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("event loop is closed");
  }

  @Test
  void closeFromInsideTheLoopIsRejected() {
    EventLoop loop = EventLoop.newEventLoop();
    assertThatThrownBy(
            () ->
                loop.runUntilComplete(
                    () -> {
                      loop.close();
                      return 1;
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot close");
    loop.close();
  }

  @Test
  void loopIsRunningOnlyDuringRunUntilComplete() {
    EventLoop loop = EventLoop.newEventLoop();
    assertThat(loop.isRunning()).isFalse();
    assertThat(loop.runUntilComplete(loop::isRunning)).isTrue();
    assertThat(loop.isRunning()).isFalse();
    loop.close();
  }

  @Test
  void runUntilCompleteAcceptsATaskOfTheLoop() {
    try (EventLoop loop = EventLoop.newEventLoop()) {
      Task<String> task = loop.createTask(() -> "done");
      assertThat(loop.runUntilComplete(task)).isEqualTo("done");
    }
  }

  @Test
  void tasksCreatedInATaskBelongToTheSameLoop() {
    try (EventLoop loop = EventLoop.newEventLoop()) {
      EventLoop inner = loop.runUntilComplete(() -> Aio.createTask(EventLoop::current).await());
      assertThat(inner).isSameAs(loop);
    }
  }

  @Test
  void interruptingTheRunningThreadCancelsMain() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread runner =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    Aio.run(
                        () -> {
                          started.countDown();
                          Aio.sleep(Duration.ofMinutes(5));
                          return 1;
                        });
                  } catch (Throwable t) {
                    thrown.set(t);
                  }
                });
    await(started);
    runner.interrupt();
    runner.join(10_000);
    assertThat(thrown.get()).isInstanceOf(CancelledException.class);
  }
}
