package dev.trawl.aio;

import dev.trawl.aio.internal.Interrupts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A unit of work running on its own virtual thread; asyncio's {@code Task}. Create one with {@link
 * Aio#createTask}, {@link EventLoop#createTask} or {@link TaskGroup#createTask}.
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
 *
 * <p><b>Awaiting.</b> {@link #await()} blocks until the task is done. If the waiting thread is
 * interrupted (its own task is cancelled), the awaited task is cancelled too, as {@code await task}
 * does in asyncio; use {@link Aio#shield} to prevent that.
 *
 * <p>All methods are thread safe.
 *
 * @param <T> the result type
 */
public final class Task<T> {

  /** The life cycle of a task. */
  public enum State {
    /** Created; its thread has not yet started the body. */
    PENDING,
    /** The body is running. */
    RUNNING,
    /** The body returned a value or threw an exception. */
    FINISHED,
    /** The task was cancelled. */
    CANCELLED;

    boolean isDone() {
      return this == FINISHED || this == CANCELLED;
    }
  }

  private static final ThreadFactory THREADS = Thread.ofVirtual().factory();
  private static final AtomicLong IDS = new AtomicLong();
  // Unfinished tasks by thread: answers "current task" and lets a loop find its tasks on close.
  // Cheaper than a ThreadLocal (which costs each virtual thread a map) plus a per-loop set.
  private static final ConcurrentHashMap<Thread, Task<?>> LIVE = new ConcurrentHashMap<>();
  private static final System.Logger LOG = System.getLogger("dev.trawl.aio");

  private final EventLoop loop;
  private final long id = IDS.incrementAndGet();
  private final String name;
  private final ReentrantLock lock = new ReentrantLock();
  private Callable<? extends T> body;
  private volatile Thread thread;
  private volatile State state = State.PENDING;
  // Written by the task's own thread before the volatile write of state.
  private T result;
  private Throwable exception;
  // Guarded by lock.
  private volatile int cancelRequests;
  private String cancelMessage;
  private Object listeners; // null, one listener, or a ListenerList
  private boolean firing;

  /** Several listeners; a private type so a user's Consumer is never mistaken for a list. */
  private static final class ListenerList extends ArrayList<Object> {
    private static final long serialVersionUID = 1L;
  }

  Task(EventLoop loop, String name, Callable<? extends T> body) {
    this.loop = loop;
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
    if (!state.isDone() && terminal.isDone()) {
      result = value;
      exception = error;
      body = null;
    } else {
      throw new InvalidStateException(this + ": cannot go from " + state + " to " + terminal);
    }
    if (Thread.currentThread() == thread && thread != null) {
      Thread.interrupted(); // callbacks run on this thread and must not see a stale cancel
    }
    Object ls;
    lock.lock();
    try {
      state = terminal;
      ls = listeners;
      listeners = null;
      firing = ls != null;
    } finally {
      lock.unlock();
    }
    while (ls != null) {
      fire(ls);
      lock.lock();
      try {
        ls = listeners;
        listeners = null;
        firing = ls != null;
      } finally {
        lock.unlock();
      }
    }
  }

  private void fire(Object ls) {
    if (ls instanceof ListenerList list) {
      for (Object l : list) {
        if (l instanceof Thread t) {
          LockSupport.unpark(t);
        }
      }
      for (Object l : list) {
        if (!(l instanceof Thread)) {
          call(l);
        }
      }
    } else if (ls instanceof Thread t) {
      LockSupport.unpark(t);
    } else {
      call(ls);
    }
  }

  @SuppressWarnings("unchecked")
  private void call(Object listener) {
    try {
      ((Consumer<? super Task<T>>) listener).accept(this);
    } catch (Throwable t) {
      LOG.log(System.Logger.Level.WARNING, "done callback of " + this + " failed", t);
    }
  }

  private void addListenerLocked(Object l) {
    if (listeners == null) {
      listeners = l;
    } else if (listeners instanceof ListenerList list) {
      list.add(l);
    } else {
      ListenerList list = new ListenerList();
      list.add(listeners);
      list.add(l);
      listeners = list;
    }
  }

  private int removeListener(Object l) {
    lock.lock();
    try {
      if (listeners == null) {
        return 0;
      }
      if (listeners instanceof ListenerList list) {
        int before = list.size();
        list.removeIf(x -> x.equals(l));
        return before - list.size();
      }
      if (listeners.equals(l)) {
        listeners = null;
        return 1;
      }
      return 0;
    } finally {
      lock.unlock();
    }
  }

  /** The task's name: the one given at creation, or {@code Task-<n>}. */
  public String name() {
    return name != null ? name : "Task-" + id;
  }

  /** The current state; it may change as soon as it is returned unless it is a done state. */
  public State state() {
    return state;
  }

  /** True when FINISHED or CANCELLED. */
  public boolean done() {
    return state.isDone();
  }

  /** True when CANCELLED. */
  public boolean cancelled() {
    return state == State.CANCELLED;
  }

  /**
   * The task's value.
   *
   * @throws InvalidStateException if the task is not done
   * @throws CancelledException if the task was cancelled
   * @throws TaskFailedException wrapping the checked exception thrown by the body; unchecked
   *     exceptions and errors thrown by the body are rethrown as they are
   */
  public T result() {
    State s = state;
    if (s == State.FINISHED) {
      if (exception == null) {
        return result;
      }
      throw unchecked(exception);
    }
    if (s == State.CANCELLED) {
      throw cancelledError();
    }
    throw new InvalidStateException("result is not ready: " + this);
  }

  /**
   * The exception thrown by the body, or null if it returned a value.
   *
   * @throws InvalidStateException if the task is not done
   * @throws CancelledException if the task was cancelled
   */
  public Throwable exception() {
    State s = state;
    if (s == State.FINISHED) {
      return exception;
    }
    if (s == State.CANCELLED) {
      throw cancelledError();
    }
    throw new InvalidStateException("exception is not set: " + this);
  }

  /** The raw outcome for internal use: the exception of a FINISHED task, or null. */
  Throwable failure() {
    return state == State.FINISHED ? exception : null;
  }

  private CancelledException cancelledError() {
    return new CancelledException(cancelMessage(), exception);
  }

  /** The message of the latest cancel request, or null. */
  String cancelMessage() {
    lock.lock();
    try {
      return cancelMessage;
    } finally {
      lock.unlock();
    }
  }

  private RuntimeException unchecked(Throwable t) {
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new TaskFailedException(this, t);
  }

  /**
   * Blocks until the task is done, then behaves as {@link #result()}. If the calling thread is
   * interrupted while waiting (its task is being cancelled), this task is cancelled as well, the
   * call waits until it is done and throws {@link CancelledException}.
   *
   * @throws IllegalStateException if a task awaits itself
   */
  public T await() {
    if (!state.isDone()) {
      awaitDone(true);
    }
    return result();
  }

  /**
   * Waits until done. On interrupt: with {@code propagate}, cancels this task and waits for it;
   * then throws CancelledException (the interrupt is consumed).
   */
  void awaitDone(boolean propagate) {
    if (awaitNanos(-1, propagate)) {
      return;
    }
    throw new IllegalStateException("unreachable");
  }

  /**
   * Waits until done or {@code nanos} pass ({@code nanos < 0}: no limit). Returns whether done.
   * Interrupts as in {@link #awaitDone(boolean)}.
   */
  boolean awaitNanos(long nanos, boolean propagate) {
    Thread me = Thread.currentThread();
    if (me == thread && !state.isDone()) {
      throw new IllegalStateException("a task cannot await itself: " + this);
    }
    long deadline = nanos < 0 ? 0 : System.nanoTime() + nanos;
    boolean added = false;
    try {
      while (!state.isDone()) {
        if (Thread.interrupted()) {
          if (added) {
            removeListener(me);
            added = false;
          }
          if (propagate) {
            cancel();
            awaitQuietly();
          }
          throw Aio.cancelledHere();
        }
        if (!added) {
          lock.lock();
          try {
            if (state.isDone()) {
              return true;
            }
            addListenerLocked(me);
            added = true;
          } finally {
            lock.unlock();
          }
          continue;
        }
        if (nanos < 0) {
          LockSupport.park(this);
        } else {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          LockSupport.parkNanos(this, left);
        }
      }
      added = false;
      return true;
    } finally {
      if (added) {
        removeListener(me);
      }
    }
  }

  /**
   * Waits until done, ignoring interrupts; returns whether the thread was interrupted meanwhile.
   */
  boolean awaitQuietly() {
    boolean interrupted = false;
    while (true) {
      try {
        awaitNanos(-1, false);
        return interrupted;
      } catch (CancelledException e) {
        interrupted = true;
      }
    }
  }

  /**
   * Requests cancellation: interrupts the task's thread so the body gets a {@link
   * CancelledException} at its next aio wait (or an {@link InterruptedException} from plain Java
   * blocking calls). The task becomes CANCELLED when the body lets that propagate; a body that
   * catches it and returns a value ends FINISHED, as in asyncio.
   *
   * @return false if the task is already done, true otherwise (also when already cancelling)
   */
  public boolean cancel() {
    return cancel(null);
  }

  /** As {@link #cancel()}, with a message carried by the resulting {@link CancelledException}. */
  public boolean cancel(String message) {
    Thread t;
    lock.lock();
    try {
      if (state.isDone()) {
        return false;
      }
      cancelRequests++;
      cancelMessage = message;
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

  /**
   * Runs {@code callback} once when the task is done, after any callbacks added earlier. A callback
   * added to a done task runs immediately on the calling thread, unless the task's thread is still
   * running the callbacks added before (then it runs there, right after them); otherwise it runs on
   * the task's thread right after the task is done. Exceptions thrown by callbacks are logged
   * (System.Logger {@code dev.trawl.aio}) and ignored.
   */
  public void addDoneCallback(Consumer<? super Task<T>> callback) {
    Objects.requireNonNull(callback, "callback");
    whenDone(callback);
  }

  void whenDone(Consumer<? super Task<T>> callback) {
    lock.lock();
    try {
      if (!state.isDone() || firing) {
        addListenerLocked(callback);
        return;
      }
    } finally {
      lock.unlock();
    }
    call(callback);
  }

  /** Removes every registration of {@code callback}; returns how many were removed. */
  public int removeDoneCallback(Consumer<? super Task<T>> callback) {
    Objects.requireNonNull(callback, "callback");
    return removeListener(callback);
  }

  EventLoop loop() {
    return loop;
  }

  /** In the spirit of asyncio's repr: {@code <Task finished name='Task-3' result=1>}. */
  @Override
  public String toString() {
    State s = state;
    StringBuilder sb = new StringBuilder("<Task ");
    sb.append(s.name().toLowerCase(Locale.ROOT)).append(" name='").append(name()).append('\'');
    if (s == State.FINISHED) {
      if (exception != null) {
        sb.append(" exception=").append(exception);
      } else {
        sb.append(" result=").append(result);
      }
    }
    return sb.append('>').toString();
  }
}
