package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.trawl.aio.CancelledException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HostLimiterTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  /** Waits until {@code t} is parked (waiting on the limiter). */
  private static void awaitWaiting(Thread t) throws InterruptedException {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
      assertThat(System.nanoTime()).as("thread never waited").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void acquireBeyondPerHostWaitsUntilAPermitCloses() throws Exception {
    HostLimiter limiter = new HostLimiter(1);
    HostLimiter.Permit first = limiter.acquire("a.com");
    CountDownLatch acquired = new CountDownLatch(1);
    Thread t =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (HostLimiter.Permit p = limiter.acquire("a.com")) {
                    acquired.countDown();
                  }
                });
    awaitWaiting(t);
    assertThat(acquired.getCount()).isEqualTo(1);
    first.close();
    assertThat(acquired.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void hostsAreLimitedSeparatelyAndCaseInsensitively() {
    HostLimiter limiter = new HostLimiter(1);
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          HostLimiter.Permit a = limiter.acquire("A.com");
          HostLimiter.Permit b = limiter.acquire("b.com");
          a.close();
          a.close(); // closing twice frees one slot only
          HostLimiter.Permit again = limiter.acquire("a.com");
          again.close();
          b.close();
        });
  }

  @Test
  void waitersAreServedInArrivalOrder() throws Exception {
    HostLimiter limiter = new HostLimiter(1);
    HostLimiter.Permit held = limiter.acquire("a.com");
    List<Integer> order = new CopyOnWriteArrayList<>();
    Thread[] waiters = new Thread[5];
    for (int i = 0; i < waiters.length; i++) {
      int n = i;
      waiters[i] =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (HostLimiter.Permit p = limiter.acquire("a.com")) {
                      order.add(n);
                    }
                  });
      awaitWaiting(waiters[i]);
    }
    held.close();
    for (Thread t : waiters) {
      assertThat(t.join(BOUND)).isTrue();
    }
    assertThat(order).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void interruptedWaiterThrowsCancelledAndLeaksNoSlot() throws Exception {
    HostLimiter limiter = new HostLimiter(1);
    HostLimiter.Permit held = limiter.acquire("a.com");
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    Thread t =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    limiter.acquire("a.com").close();
                  } catch (CancelledException e) {
                    thrown.set(e);
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                  }
                });
    awaitWaiting(t);
    t.interrupt();
    assertThat(t.join(BOUND)).isTrue();
    assertThat(thrown.get()).isInstanceOf(CancelledException.class);
    assertThat(stillInterrupted).isTrue();
    held.close();
    assertTimeoutPreemptively(BOUND, () -> limiter.acquire("a.com").close());
  }

  @Test
  void throttleHalvesAllowedButNotBelowOne() {
    HostLimiter limiter = new HostLimiter(8);
    assertThat(limiter.allowed("a.com")).isEqualTo(8);
    limiter.onThrottled("a.com", Duration.ZERO);
    assertThat(limiter.allowed("a.com")).isEqualTo(4);
    limiter.onThrottled("a.com", Duration.ZERO);
    limiter.onThrottled("a.com", Duration.ZERO);
    assertThat(limiter.allowed("a.com")).isEqualTo(1);
    limiter.onThrottled("a.com", Duration.ZERO);
    assertThat(limiter.allowed("a.com")).isEqualTo(1);
    assertThat(limiter.allowed("b.com")).isEqualTo(8);
  }

  @Test
  void eachRunOfAllowedSuccessesRaisesAllowedByOneUpToPerHost() {
    HostLimiter limiter = new HostLimiter(4);
    limiter.onThrottled("a.com", Duration.ZERO);
    limiter.onThrottled("a.com", Duration.ZERO);
    assertThat(limiter.allowed("a.com")).isEqualTo(1);
    limiter.onSuccess("a.com");
    assertThat(limiter.allowed("a.com")).isEqualTo(2);
    limiter.onSuccess("a.com");
    assertThat(limiter.allowed("a.com")).isEqualTo(2);
    limiter.onSuccess("a.com");
    assertThat(limiter.allowed("a.com")).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      limiter.onSuccess("a.com");
    }
    assertThat(limiter.allowed("a.com")).isEqualTo(4);
    for (int i = 0; i < 20; i++) {
      limiter.onSuccess("a.com");
    }
    assertThat(limiter.allowed("a.com")).isEqualTo(4);
  }

  @Test
  void throttleResetsTheRunOfSuccesses() {
    HostLimiter limiter = new HostLimiter(8);
    limiter.onThrottled("a.com", Duration.ZERO); // 4
    limiter.onSuccess("a.com");
    limiter.onSuccess("a.com");
    limiter.onSuccess("a.com");
    limiter.onThrottled("a.com", Duration.ZERO); // 2, run restarts
    limiter.onSuccess("a.com");
    assertThat(limiter.allowed("a.com")).isEqualTo(2);
    limiter.onSuccess("a.com");
    assertThat(limiter.allowed("a.com")).isEqualTo(3);
  }

  @Test
  void throttledHostIsPausedForRetryAfter() {
    HostLimiter limiter = new HostLimiter(4);
    limiter.onThrottled("a.com", Duration.ofMillis(300));
    long start = System.nanoTime();
    assertTimeoutPreemptively(BOUND, () -> limiter.acquire("a.com").close());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(250));
    assertTimeoutPreemptively(BOUND, () -> limiter.acquire("b.com").close());
  }

  @Test
  void startsAreSpacedByTheDelayOnTheInjectedClock() throws Exception {
    AtomicLong now = new AtomicLong(1_000);
    HostLimiter limiter = new HostLimiter(4, Duration.ofMillis(200), now::get);
    limiter.acquire("a.com").close();
    CountDownLatch second = new CountDownLatch(1);
    Thread t =
        Thread.ofVirtual()
            .start(
                () -> {
                  limiter.acquire("a.com").close();
                  second.countDown();
                });
    // The clock stands still, so the second start cannot come, however long it waits.
    assertThat(second.await(300, TimeUnit.MILLISECONDS)).isFalse();
    now.addAndGet(Duration.ofMillis(200).toNanos());
    assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(t.join(BOUND)).isTrue();
  }

  @Test
  void aDelayRangeDrawsEachGapFromTheRange() {
    AtomicLong now = new AtomicLong(0);
    HostLimiter limiter =
        new HostLimiter(
            4,
            Duration.ofMillis(50),
            Duration.ofMillis(150),
            now::get,
            new java.util.SplittableRandom(42));
    java.util.Set<Long> gaps = new java.util.HashSet<>();
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          for (int i = 0; i < 20; i++) {
            limiter.acquire("a.com").close();
            Duration gap = limiter.spacing("a.com");
            assertThat(gap).isBetween(Duration.ofMillis(50), Duration.ofMillis(150));
            gaps.add(gap.toMillis());
            now.addAndGet(gap.toNanos()); // the next start is due exactly then: no wait
          }
        });
    assertThat(gaps).as("not one fixed gap").hasSizeGreaterThan(5);
  }

  @Test
  void crawlDelayRaisesTheSpacingForItsHostOnly() {
    AtomicLong now = new AtomicLong(0);
    HostLimiter limiter = new HostLimiter(4, Duration.ZERO, now::get);
    limiter.crawlDelay("a.com", Duration.ofSeconds(5));
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          limiter.acquire("a.com").close();
          limiter.acquire("b.com").close();
          limiter.acquire("b.com").close();
          now.addAndGet(Duration.ofSeconds(5).toNanos());
          limiter.acquire("a.com").close();
        });
  }

  @Test
  void spacingIsTheLargerOfTheDelayAndTheHostsCrawlDelay() {
    HostLimiter limiter = new HostLimiter(4, Duration.ofMillis(200));
    limiter.crawlDelay("slow.test", Duration.ofSeconds(2));
    limiter.crawlDelay("eager.test", Duration.ofMillis(50));

    assertThat(limiter.spacing("slow.test")).isEqualTo(Duration.ofSeconds(2));
    assertThat(limiter.spacing("eager.test")).isEqualTo(Duration.ofMillis(200));
    assertThat(limiter.spacing("other.test")).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void rejectsPerHostBelowOne() {
    assertThatThrownBy(() -> new HostLimiter(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("perHost < 1: 0");
  }
}
