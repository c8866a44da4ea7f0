package dev.trawl.aio;

import static dev.trawl.aio.TaskTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loop's callbacks: callSoon, callLater, callAt, runForever and stop. */
class CallbackTest {
  private final EventLoop loop = EventLoop.newEventLoop();

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  @Test
  void callbacksRunInTheOrderScheduledOnlyWhenTheLoopRuns() {
    List<String> calls = new CopyOnWriteArrayList<>();
    loop.callSoon(() -> calls.add("a"));
    loop.callSoon(() -> calls.add("b"));
    loop.callSoon(() -> calls.add("c"));
    assertThat(calls).isEmpty();
    loop.callSoon(loop::stop);
    loop.runForever();
    assertThat(calls).containsExactly("a", "b", "c");
  }

  @Test
  void stopLetsTheCallbacksAlreadyScheduledRunThenReturns() {
    List<String> calls = new CopyOnWriteArrayList<>();
    loop.callSoon(
        () -> {
          calls.add("stopper");
          loop.stop();
          loop.callSoon(() -> calls.add("next round"));
        });
    loop.callSoon(() -> calls.add("already scheduled"));
    loop.runForever();
    assertThat(calls).containsExactly("stopper", "already scheduled");
    loop.stop();
    loop.runForever(); // stop() before runForever: one round, then return
    assertThat(calls).containsExactly("stopper", "already scheduled", "next round");
  }

  @Test
  void runForeverWhileRunningRaises() {
    AtomicReference<Throwable> error = new AtomicReference<>();
    loop.callSoon(
        () -> {
          try {
            loop.runForever();
          } catch (IllegalStateException e) {
            error.set(e);
          }
          loop.stop();
        });
    loop.runForever();
    assertThat(error.get()).hasMessageContaining("running");
    assertThat(loop.isRunning()).isFalse();
  }

  @Test
  void runForeverFromAnotherThreadWhileRunningRaises() {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch checked = new CountDownLatch(1);
    AtomicReference<Throwable> error = new AtomicReference<>();
    loop.callSoon(running::countDown);
    Thread other =
        Thread.ofVirtual()
            .start(
                () -> {
                  await(running);
                  try {
                    loop.runForever();
                  } catch (IllegalStateException e) {
                    error.set(e);
                  }
                  checked.countDown();
                  loop.stop();
                });
    loop.runForever();
    await(checked);
    assertThat(error.get()).hasMessage("this event loop is already running");
    assertThat(other).isNotNull();
  }

  @Test
  void timersRunByDueTimeAndTiesInSchedulingOrder() {
    List<String> calls = new CopyOnWriteArrayList<>();
    long t0 = loop.time() + Duration.ofMillis(30).toNanos();
    loop.callAt(t0 + 2_000_000, () -> calls.add("late"));
    loop.callAt(t0, () -> calls.add("tie 1"));
    loop.callAt(t0, () -> calls.add("tie 2"));
    TimerHandle early = loop.callAt(t0 - 10_000_000, () -> calls.add("early"));
    loop.callAt(t0 + 2_000_000, loop::stop);
    loop.callSoon(() -> calls.add("soon"));
    loop.runForever();
    assertThat(calls).containsExactly("soon", "early", "tie 1", "tie 2", "late");
    assertThat(early.when()).isLessThan(t0);
  }

  @Test
  void aTimerDoesNotRunBeforeItsTime() {
    long[] ranAt = new long[1];
    TimerHandle h = loop.callLater(Duration.ofMillis(50), () -> ranAt[0] = loop.time());
    loop.callAt(h.when(), loop::stop);
    loop.runForever();
    assertThat(ranAt[0]).isGreaterThanOrEqualTo(h.when());
  }

  @Test
  void cancelledHandlesNeverRun() {
    List<String> calls = new CopyOnWriteArrayList<>();
    Handle soon = loop.callSoon(() -> calls.add("soon"));
    TimerHandle later = loop.callLater(Duration.ofMillis(5), () -> calls.add("later"));
    soon.cancel();
    later.cancel();
    assertThat(soon.cancelled()).isTrue();
    assertThat(later.cancelled()).isTrue();
    assertThat(later.toString()).contains("cancelled");
    loop.callLater(Duration.ofMillis(20), loop::stop);
    loop.runForever();
    assertThat(calls).isEmpty();
  }

  @Test
  void aFailingCallbackIsReportedAndTheOthersRun() {
    List<EventLoop.ExceptionContext> reported = new CopyOnWriteArrayList<>();
    loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
    List<String> calls = new CopyOnWriteArrayList<>();
    IllegalStateException bug = new IllegalStateException("bug");
    Handle bad =
        loop.callSoon(
            () -> {
              throw bug;
            });
    loop.callSoon(() -> calls.add("after"));
    loop.callSoon(loop::stop);
    loop.runForever();
    assertThat(calls).containsExactly("after");
    assertThat(reported).hasSize(1);
    assertThat(reported.get(0).exception()).isSameAs(bug);
    assertThat(reported.get(0).handle()).isSameAs(bad);
    assertThat(reported.get(0).message()).startsWith("Exception in callback");
  }

  @Test
  void aFailingExceptionHandlerDoesNotStopTheLoop() {
    loop.setExceptionHandler(
        (l, ctx) -> {
          throw new IllegalStateException("handler bug");
        });
    AtomicInteger ran = new AtomicInteger();
    loop.callSoon(
        () -> {
          throw new IllegalStateException("bug");
        });
    loop.callSoon(ran::incrementAndGet);
    loop.callSoon(loop::stop);
    loop.runForever();
    assertThat(ran).hasValue(1);
    loop.setExceptionHandler(null);
    assertThat(loop.getExceptionHandler()).isNull();
  }

  @Test
  void callbacksNeverRunConcurrently() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger ran = new AtomicInteger();
    int n = 2_000;
    CountDownLatch scheduled = new CountDownLatch(4);
    for (int t = 0; t < 4; t++) {
      Thread.ofVirtual()
          .start(
              () -> {
                for (int i = 0; i < n / 4; i++) {
                  loop.callSoonThreadsafe(
                      () -> {
                        if (inside.incrementAndGet() != 1) {
                          overlaps.incrementAndGet();
                        }
                        Thread.yield();
                        inside.decrementAndGet();
                        if (ran.incrementAndGet() == n) {
                          loop.stop();
                        }
                      });
                }
                scheduled.countDown();
              });
    }
    loop.runForever();
    await(scheduled);
    assertThat(ran).hasValue(n);
    assertThat(overlaps).hasValue(0);
  }

  @Test
  void callbacksScheduledByTasksRunDuringRunUntilCompleteAndSeeTheLoop() {
    AtomicReference<EventLoop> seen = new AtomicReference<>();
    String value =
        loop.runUntilComplete(
            () -> {
              Future<String> f = EventLoop.current().createFuture();
              EventLoop.current()
                  .callSoon(
                      () -> {
                        seen.set(EventLoop.current());
                        f.setResult("set by a callback");
                      });
              return f.await();
            });
    assertThat(value).isEqualTo("set by a callback");
    assertThat(seen.get()).isSameAs(loop);
  }

  @Test
  void aCallbackMayStartATaskOnTheLoop() {
    Future<Integer> f = loop.createFuture();
    loop.callSoon(
        () -> {
          Task<Integer> t = Aio.createTask(() -> 21 * 2);
          t.addDoneCallback(x -> f.setResult(x.result()));
        });
    assertThat(loop.runUntilComplete(f)).isEqualTo(42);
  }

  @Test
  void stopDuringRunUntilCompleteRaises() {
    Future<Integer> never = loop.createFuture();
    loop.callSoon(loop::stop);
    assertThatThrownBy(() -> loop.runUntilComplete(never))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stopped before the future completed");
  }

  @Test
  void interruptingRunForeverStopsIt() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
    loop.callSoon(running::countDown);
    Thread runner =
        Thread.ofPlatform()
            .start(
                () -> {
                  loop.runForever();
                  interruptedAfter.set(Thread.currentThread().isInterrupted());
                });
    await(running);
    runner.interrupt();
    runner.join(10_000);
    assertThat(interruptedAfter.get()).isTrue();
  }

  @Test
  void closedLoopRejectsCallbacks() {
    loop.close();
    assertThatThrownBy(() -> loop.callSoon(() -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("event loop is closed");
    assertThatThrownBy(() -> loop.callLater(Duration.ZERO, () -> {}))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void allTasksListsTheLoopsUnfinishedTasks() {
    CountDownLatch release = new CountDownLatch(1);
    Task<Integer> blocked =
        loop.createTask(
            () -> {
              release.await();
              return 1;
            });
    Task<Integer> finished = loop.createTask(() -> 2);
    finished.await();
    java.util.Set<Task<?>> all = loop.runUntilComplete(() -> Aio.allTasks());
    assertThat(all).contains(blocked).doesNotContain(finished);
    release.countDown();
    blocked.await();
  }

  @Test
  void timeIsMonotonicNanoseconds() {
    long a = loop.time();
    long b = loop.time();
    assertThat(b).isGreaterThanOrEqualTo(a);
    assertThatThrownBy(() -> loop.callLater(Duration.ofMillis(-1), () -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delay < 0: PT-0.001S");
  }
}
