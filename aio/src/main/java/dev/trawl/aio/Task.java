package dev.trawl.aio;

import dev.trawl.aio.internal.Interrupts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A unit of work running on its own virtual thread; asyncio's {@code Task}, a {@link Future} whose
 * outcome is set by its body. Create one with {@link Aio#createTask}, {@link EventLoop#createTask}
 * or {@link TaskGroup#createTask}.
 *
 * <p><b>Differences from asyncio.</b> A task starts running as soon as it is created and runs in
 * parallel with its creator (asyncio waits for the next turn of the single-threaded loop), so state
 * shared between tasks needs the usual Java care. Cancellation is an interrupt of the task's
 * thread: {@link #cancel()} records the request and interrupts, and the body notices at its next
 * interruptible point (aio waits, {@link Aio#sleep}, socket I/O on virtual threads, {@code
 * Thread.sleep}, {@code Lock.lockInterruptibly}, ...), where aio waits throw {@link
 * CancelledException}. A body that catches {@code Exception} must rethrow {@code
 * CancelledException}.
 *
 * <p><b>States.</b> {@code PENDING -> RUNNING -> FINISHED | CANCELLED}, or {@code PENDING ->
 * CANCELLED} when cancelled before its thread got to run the body. FINISHED covers a result and an
 * exception, as in asyncio. The task is CANCELLED when its body throws a {@link
 * java.util.concurrent.CancellationException} (such as {@code CancelledException}) or an {@link
 * InterruptedException}, or ends in any way while its cancellation is still pending (the interrupt
 * was never consumed, like asyncio cancelling a coroutine that stops right after {@code cancel()}).
 * As in asyncio, {@link #setResult} and {@link #setException} throw: only the body sets a task's
 * outcome.
 *
 * <p><b>Awaiting.</b> {@link #await()} blocks until the task is done. If the waiting thread is
 * interrupted (its own task is cancelled), the awaited task is cancelled too, as {@code await task}
 * does in asyncio; use {@link Aio#shield} to prevent that.
 *
 * <p>All methods are thread safe.
 *
 * @param <T> the result type
 */
public final class Task<T> extends Future<T> {

  private static final ThreadFactory THREADS = Thread.ofVirtual().factory();
  private static final AtomicLong IDS = new AtomicLong();
  // Unfinished tasks by thread: answers "current task" and lets a loop find its tasks on close.
  // Cheaper than a ThreadLocal (which costs each virtual thread a map) plus a per-loop set.
  private static final ConcurrentHashMap<Thread, Task<?>> LIVE = new ConcurrentHashMap<>();

  private final long id = IDS.incrementAndGet();
  private final String name;
  private Callable<? extends T> body;
  private volatile Thread thread;
  // Guarded by lock.
  private volatile int cancelRequests;

  Task(EventLoop loop, String name, Callable<? extends T> body) {
    super(loop);
    this.name = name;
    this.body = body;
  }

  /** The task whose body is running on the calling thread, or null. */
  static Task<?> current() {
    return LIVE.get(Thread.currentThread());
  }

  /** Unfinished tasks of {@code loop}. */
  static List<Task<?>> liveTasks(EventLoop loop) {
    List<Task<?>> tasks = new ArrayList<>();
    for (Task<?> t : LIVE.values()) {
      if (t.loop == loop) {
        tasks.add(t);
      }
    }
    return tasks;
  }

  /** Creates the thread and registers the task as live; {@link #start()} or {@link #abandon()}. */
  void prepare() {
    Thread t = THREADS.newThread(this::run);
    thread = t;
    LIVE.put(t, this);
  }

  void start() {
    thread.start();
  }

  /** Completes a task that will never start (its loop closed while it was being created). */
  void abandon() {
    LIVE.remove(thread);
    lock.lock();
    try {
      cancelRequests++;
    } finally {
      lock.unlock();
    }
    finish(State.CANCELLED, null, null);
  }

  private void run() {
    try {
      if (cancelRequests > 0) {
        finish(State.CANCELLED, null, null);
        return;
      }
      state = State.RUNNING;
      T value;
      try {
        value = body.call();
      } catch (Throwable t) {
        boolean cancelled =
            Interrupts.isCancellation(t)
                || (cancelRequests > 0 && Thread.currentThread().isInterrupted());
        finish(cancelled ? State.CANCELLED : State.FINISHED, null, t);
        return;
      }
      if (cancelRequests > 0 && Thread.currentThread().isInterrupted()) {
        finish(State.CANCELLED, null, null);
      } else {
        finish(State.FINISHED, value, null);
      }
    } finally {
      LIVE.remove(thread);
    }
  }

  private void finish(State terminal, T value, Throwable error) {
    if (Thread.currentThread() == thread && thread != null) {
      Thread.interrupted(); // callbacks run on this thread and must not see a stale cancel
    }
    if (!complete(terminal, value, error)) {
      throw new InvalidStateException(this + ": cannot go from " + state + " to " + terminal);
    }
  }

  @Override
  void beforeDone() {
    body = null;
  }

  @Override
  Thread ownThread() {
    return thread;
  }

  /**
   * The task's name: the one given at creation, or {@code Task-<n>}.
   *
   * @return the name
   */
  public String name() {
    return name != null ? name : "Task-" + id;
  }

  /**
   * Always throws: a task's outcome is set by its body; asyncio's "Task does not support set_result
   * operation".
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public void setResult(T value) {
    throw new UnsupportedOperationException("Task does not support setResult: " + this);
  }

  /**
   * Always throws: a task's outcome is set by its body.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public void setException(Throwable error) {
    throw new UnsupportedOperationException("Task does not support setException: " + this);
  }

  /**
   * Requests cancellation: interrupts the task's thread so the body gets a {@link
   * CancelledException} at its next aio wait (or an {@link InterruptedException} from plain Java
   * blocking calls). The task becomes CANCELLED when the body lets that propagate; a body that
   * catches it and returns a value ends FINISHED, as in asyncio.
   *
   * @return false if the task is already done, true otherwise (also when already cancelling)
   */
  @Override
  public boolean cancel() {
    return cancel(null);
  }

  /** As {@link #cancel()}, with a message carried by the resulting {@link CancelledException}. */
  @Override
  public boolean cancel(String message) {
    Thread t;
    lock.lock();
    try {
      if (state.isDone()) {
        return false;
      }
      cancelRequests++;
      setCancelMessageLocked(message);
      t = thread;
    } finally {
      lock.unlock();
    }
    if (t != null) {
      t.interrupt();
    }
    return true;
  }

  /** Pending cancel requests (asyncio's {@code cancelling()}). */
  int cancelling() {
    lock.lock();
    try {
      return cancelRequests;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Withdraws one cancel request (asyncio's {@code uncancel()}); when none remain and the caller is
   * this task's thread, a pending interrupt is cleared. Returns the requests left.
   */
  int uncancel() {
    int left;
    lock.lock();
    try {
      if (cancelRequests > 0) {
        cancelRequests--;
      }
      left = cancelRequests;
    } finally {
      lock.unlock();
    }
    if (left == 0 && Thread.currentThread() == thread) {
      Thread.interrupted();
    }
    return left;
  }

  @Override
  String describe() {
    return "Task";
  }

  @Override
  void appendDetails(StringBuilder sb) {
    sb.append(" name='").append(name()).append('\'');
  }
}
