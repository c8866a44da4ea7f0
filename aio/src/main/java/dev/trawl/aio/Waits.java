package dev.trawl.aio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * gather, wait, waitFor and asCompleted over futures: one waiting thread, woken by done listeners.
 */
final class Waits {
  private Waits() {}

  /** Wakes one waiting thread when its condition over a set of tasks is met. */
  private abstract static class Latch implements Consumer<Future<?>> {
    final Thread waiter = Thread.currentThread();
    final AtomicInteger remaining;
    volatile boolean fired;

    Latch(int count) {
      remaining = new AtomicInteger(count);
    }

    /** Called for every done task; returns true to wake the waiter. */
    abstract boolean done(Future<?> task, int left);

    @Override
    public void accept(Future<?> task) {
      if (done(task, remaining.decrementAndGet()) && !fired) {
        fired = true;
        LockSupport.unpark(waiter);
      }
    }

    /** Parks until fired or {@code deadline} (0: none); returns false on interrupt. */
    boolean park(long deadline) {
      while (!fired) {
        if (Thread.interrupted()) {
          return false;
        }
        if (deadline == 0) {
          LockSupport.park(this);
        } else {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return true;
          }
          LockSupport.parkNanos(this, left);
        }
      }
      return true;
    }
  }

  /** Fires when all are done or, if {@code stopOnFailure}, at the first failed or cancelled one. */
  private static final class GatherLatch extends Latch {
    private final boolean stopOnFailure;
    private final AtomicBoolean failedOnce = new AtomicBoolean();
    volatile Future<?> failed;

    GatherLatch(int count, boolean stopOnFailure) {
      super(count);
      this.stopOnFailure = stopOnFailure;
    }

    @Override
    boolean done(Future<?> task, int left) {
      if (stopOnFailure
          && (task.cancelled() || task.failure() != null)
          && failedOnce.compareAndSet(false, true)) {
        failed = task;
        return true;
      }
      return left == 0;
    }
  }

  static <T> List<T> gather(Collection<? extends Future<? extends T>> tasks) {
    List<Future<? extends T>> list = copy(tasks);
    awaitAll(list, true);
    List<T> results = new ArrayList<>(list.size());
    for (Future<? extends T> t : list) {
      results.add(t.result());
    }
    return results;
  }

  static <T> List<Outcome<T>> gatherSettled(Collection<? extends Future<? extends T>> tasks) {
    List<Future<? extends T>> list = copy(tasks);
    awaitAll(list, false);
    List<Outcome<T>> outcomes = new ArrayList<>(list.size());
    for (Future<? extends T> t : list) {
      if (t.cancelled()) {
        outcomes.add(new Outcome.Failure<>(cancelledOf(t)));
      } else if (t.failure() != null) {
        outcomes.add(new Outcome.Failure<>(t.failure()));
      } else {
        outcomes.add(new Outcome.Success<>(t.result()));
      }
    }
    return outcomes;
  }

  private static CancelledException cancelledOf(Future<?> t) {
    try {
      t.result();
    } catch (CancelledException e) {
      return e;
    }
    throw new IllegalStateException("not cancelled: " + t);
  }

  /** Waits for all, or until the first failure; on interrupt cancels them all and waits. */
  private static void awaitAll(List<? extends Future<?>> list, boolean stopOnFailure) {
    List<Future<?>> notDone = new ArrayList<>();
    for (Future<?> t : list) {
      if (!t.done()) {
        notDone.add(t);
      } else if (stopOnFailure && (t.cancelled() || t.failure() != null)) {
        t.result(); // throws: the first failure in argument order, like asyncio's callbacks
      }
    }
    if (notDone.isEmpty()) {
      return;
    }
    GatherLatch latch = new GatherLatch(notDone.size(), stopOnFailure);
    for (Future<?> t : notDone) {
      t.whenDone(latch);
    }
    if (!latch.park(0)) {
      for (Future<?> t : list) {
        t.cancel();
      }
      for (Future<?> t : list) {
        t.awaitQuietly();
      }
      throw Aio.cancelledHere();
    }
    Future<?> failed = latch.failed;
    if (failed != null) {
      for (Future<?> t : list) {
        if (!t.done()) {
          t.removeDoneCallback(latch);
        }
      }
      failed.result(); // throws
    }
  }

  private static final class WaitLatch extends Latch {
    private final ReturnWhen when;

    WaitLatch(int count, ReturnWhen when) {
      super(count);
      this.when = when;
    }

    @Override
    boolean done(Future<?> task, int left) {
      switch (when) {
        case FIRST_COMPLETED:
          return true;
        case FIRST_EXCEPTION:
          return left == 0 || (!task.cancelled() && task.failure() != null);
        default:
          return left == 0;
      }
    }
  }

  static <F extends Future<?>> WaitResult<F> wait(
      Collection<? extends F> tasks, ReturnWhen when, long timeoutNanos) {
    Objects.requireNonNull(when, "returnWhen");
    Set<F> set = new LinkedHashSet<>(copy(tasks));
    if (set.isEmpty()) {
      throw new IllegalArgumentException("tasks is empty");
    }
    WaitLatch latch = new WaitLatch(set.size(), when);
    if (!alreadyMet(set, when)) {
      long deadline = timeoutNanos < 0 ? 0 : Math.max(1, System.nanoTime() + timeoutNanos);
      for (F t : set) {
        listen(t, latch);
      }
      boolean notInterrupted = timeoutNanos == 0 || latch.park(deadline);
      for (F t : set) {
        unlisten(t, latch);
      }
      if (!notInterrupted) {
        throw Aio.cancelledHere();
      }
    }
    Set<F> done = new LinkedHashSet<>();
    Set<F> pending = new LinkedHashSet<>();
    for (F t : set) {
      (t.done() ? done : pending).add(t);
    }
    return new WaitResult<>(done, pending);
  }

  private static boolean alreadyMet(Set<? extends Future<?>> set, ReturnWhen when) {
    boolean all = true;
    for (Future<?> t : set) {
      if (t.done()) {
        if (when == ReturnWhen.FIRST_COMPLETED
            || (when == ReturnWhen.FIRST_EXCEPTION && !t.cancelled() && t.failure() != null)) {
          return true;
        }
      } else {
        all = false;
      }
    }
    return all;
  }

  static <T> T waitFor(Future<T> task, Duration timeout) throws TimeoutException {
    Objects.requireNonNull(task, "task");
    if (!task.awaitNanos(Aio.nanos(timeout, "timeout"), true)) {
      task.cancel();
      boolean interrupted = task.awaitQuietly();
      if (interrupted) {
        throw Aio.cancelledHere();
      }
      if (task.cancelled()) {
        throw new TimeoutException(
            (task instanceof Task<?> t ? t.name() : task.toString())
                + " timed out after "
                + timeout);
      }
    }
    return task.result();
  }

  static <F extends Future<?>> Iterable<F> asCompleted(Collection<? extends F> tasks) {
    Set<F> set = new LinkedHashSet<>(copy(tasks));
    LinkedBlockingQueue<F> done = new LinkedBlockingQueue<>();
    for (F t : set) {
      listen(t, f -> done.add(t));
    }
    AtomicBoolean used = new AtomicBoolean();
    return () -> {
      if (!used.compareAndSet(false, true)) {
        throw new IllegalStateException("asCompleted() can be iterated only once");
      }
      return new Iterator<>() {
        private int left = set.size();

        @Override
        public boolean hasNext() {
          return left > 0;
        }

        @Override
        public F next() {
          if (left == 0) {
            throw new NoSuchElementException();
          }
          try {
            F t = done.take();
            left--;
            return t;
          } catch (InterruptedException e) {
            throw Aio.cancelledHere();
          }
        }
      };
    };
  }

  /** Adds {@code listener} to a future of any value type. */
  @SuppressWarnings("unchecked")
  private static void listen(Future<?> f, Consumer<? super Future<?>> listener) {
    ((Future<Object>) f).whenDone(listener);
  }

  @SuppressWarnings("unchecked")
  private static void unlisten(Future<?> f, Consumer<? super Future<?>> listener) {
    ((Future<Object>) f).removeDoneCallback(listener);
  }

  private static <X> List<X> copy(Collection<? extends X> tasks) {
    Objects.requireNonNull(tasks, "tasks");
    List<X> list = new ArrayList<>(tasks.size());
    for (X t : tasks) {
      list.add(Objects.requireNonNull(t, "tasks contains null"));
    }
    return list;
  }
}
