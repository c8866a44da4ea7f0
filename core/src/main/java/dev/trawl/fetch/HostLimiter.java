package dev.trawl.fetch;

import dev.trawl.aio.CancelledException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Per-host politeness: at most {@code allowed} requests in flight to one host and at least a delay
 * between request starts. {@code allowed} starts at {@code perHost} and adapts (AIMD): {@link
 * #onThrottled} halves it (not below 1) and pauses the host; each run of {@code allowed}
 * consecutive {@link #onSuccess} calls raises it by one, up to {@code perHost}. The delay is the
 * larger of the limiter's delay and the host's robots Crawl-delay ({@link #crawlDelay}). A delay
 * range draws each gap between starts on a host uniformly from it.
 *
 * <p>Thread-safe. Waiters on one host are served in arrival order. A waiter interrupted while
 * waiting throws {@link CancelledException} with its interrupt flag still set and holds no slot.
 */
public final class HostLimiter {
  /** A held slot; closing it (once or more) frees the slot. */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  private final int perHost;
  private final long delayNanos;
  private final long delayMaxNanos;
  private final LongSupplier nanoTime;
  private final RandomGenerator random;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Host> hosts = new HashMap<>();

  /** At most {@code perHost} in flight per host, no delay between starts. */
  public HostLimiter(int perHost) {
    this(perHost, Duration.ZERO);
  }

  /** At most {@code perHost} in flight per host, at least {@code delay} between starts. */
  public HostLimiter(int perHost, Duration delay) {
    this(perHost, delay, System::nanoTime);
  }

  /**
   * At most {@code perHost} in flight per host; each gap between starts on a host drawn uniformly
   * from [{@code delay}, {@code delayMax}].
   */
  public HostLimiter(int perHost, Duration delay, Duration delayMax) {
    this(perHost, delay, delayMax, System::nanoTime, new SplittableRandom());
  }

  /** For tests: {@code nanoTime} replaces {@link System#nanoTime()}. */
  HostLimiter(int perHost, Duration delay, LongSupplier nanoTime) {
    this(perHost, delay, delay, nanoTime, new SplittableRandom());
  }

  /** For tests: {@code nanoTime} and {@code random} replace the clock and the dice. */
  HostLimiter(
      int perHost,
      Duration delay,
      Duration delayMax,
      LongSupplier nanoTime,
      RandomGenerator random) {
    if (perHost < 1) {
      throw new IllegalArgumentException("perHost < 1: " + perHost);
    }
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay < 0: " + delay);
    }
    if (delayMax.compareTo(delay) < 0) {
      throw new IllegalArgumentException("delay range ends before it starts: " + delayMax);
    }
    this.perHost = perHost;
    this.delayNanos = delay.toNanos();
    this.delayMaxNanos = delayMax.toNanos();
    this.nanoTime = nanoTime;
    this.random = random;
  }

  private static final class Host {
    // Waiters in arrival order, each on its own condition: only the head can go, so only the
    // head is woken.
    final ArrayDeque<Condition> queue = new ArrayDeque<>();
    int allowed;
    int inFlight;
    int successes;
    boolean started;
    long lastStart;
    long gapNanos;
    long pausedUntil;
    long crawlDelayNanos;

    Host(int allowed, long now) {
      this.allowed = allowed;
      this.pausedUntil = now;
    }
  }

  /**
   * Waits for a slot on {@code host} (case-insensitive) and returns it.
   *
   * @throws CancelledException if interrupted while waiting; no slot is held then
   */
  public Permit acquire(String host) {
    lock.lock();
    try {
      Host h = host(host);
      Condition me = lock.newCondition();
      h.queue.addLast(me);
      try {
        while (true) {
          if (h.queue.peekFirst() != me || h.inFlight >= h.allowed) {
            me.await();
            continue;
          }
          long now = nanoTime.getAsLong();
          long wait = h.pausedUntil - now;
          if (h.started) {
            wait = Math.max(wait, h.lastStart + Math.max(h.gapNanos, h.crawlDelayNanos) - now);
          }
          if (wait <= 0) {
            h.queue.removeFirst();
            h.inFlight++;
            h.started = true;
            h.lastStart = now;
            h.gapNanos = nextGap();
            wakeHead(h); // the next in line may go too
            return permit(h);
          }
          me.awaitNanos(wait);
        }
      } catch (InterruptedException e) {
        h.queue.remove(me);
        wakeHead(h);
        Thread.currentThread().interrupt();
        throw new CancelledException("cancelled while waiting for host " + host, e);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The gap after a start: the delay, or a draw from the delay range. */
  private long nextGap() {
    return delayMaxNanos > delayNanos
        ? delayNanos + random.nextLong(delayMaxNanos - delayNanos + 1)
        : delayNanos;
  }

  private Permit permit(Host h) {
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      lock.lock();
      try {
        h.inFlight--;
        wakeHead(h);
      } finally {
        lock.unlock();
      }
    };
  }

  /**
   * The host answered 429 or 503: halves its allowed concurrency (not below 1) and lets no request
   * to it start before {@code retryAfter} from now ({@link Duration#ZERO} for no pause).
   */
  public void onThrottled(String host, Duration retryAfter) {
    lock.lock();
    try {
      Host h = host(host);
      h.allowed = Math.max(1, h.allowed / 2);
      h.successes = 0;
      if (retryAfter.isPositive()) {
        long until = nanoTime.getAsLong() + saturatedNanos(retryAfter);
        if (until - h.pausedUntil > 0) {
          h.pausedUntil = until;
        }
      }
      wakeHead(h);
    } finally {
      lock.unlock();
    }
  }

  /** The host answered without throttling: counts towards raising its allowed concurrency. */
  public void onSuccess(String host) {
    lock.lock();
    try {
      Host h = host(host);
      if (h.allowed >= perHost) {
        return;
      }
      if (++h.successes >= h.allowed) {
        h.allowed++;
        h.successes = 0;
        wakeHead(h);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Sets the host's robots.txt Crawl-delay (already capped by the caller). */
  public void crawlDelay(String host, Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay < 0: " + delay);
    }
    lock.lock();
    try {
      Host h = host(host);
      h.crawlDelayNanos = saturatedNanos(delay);
      wakeHead(h);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The least time between starts to {@code host}: the delay (the gap drawn for its next start, for
   * a range) or its Crawl-delay, the larger.
   */
  public Duration spacing(String host) {
    lock.lock();
    try {
      Host h = host(host);
      return Duration.ofNanos(Math.max(h.started ? h.gapNanos : delayNanos, h.crawlDelayNanos));
    } finally {
      lock.unlock();
    }
  }

  /** The host's allowed concurrency now, between 1 and {@code perHost}. */
  public int allowed(String host) {
    lock.lock();
    try {
      return host(host).allowed;
    } finally {
      lock.unlock();
    }
  }

  private Host host(String host) {
    return hosts.computeIfAbsent(
        host.toLowerCase(Locale.ROOT), k -> new Host(perHost, nanoTime.getAsLong()));
  }

  /** Lets the first waiter look again; called with the lock held whenever the host changed. */
  private static void wakeHead(Host h) {
    Condition head = h.queue.peekFirst();
    if (head != null) {
      head.signal();
    }
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4; // about 73 years: never, in practice
    }
  }
}
