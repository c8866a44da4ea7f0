package dev.trawl.aio;

import java.util.ArrayList;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A result that will be set later; asyncio's {@code Future}. Code that produces the value calls
 * {@link #setResult} or {@link #setException}; code that needs it calls {@link #await()} or adds a
 * done callback. A {@link Task} is a future whose value is produced by its body, as in asyncio
 * ("Task is a subclass of Future").
 *
 * <pre>{@code
 * Future<String> reply = EventLoop.current().createFuture();
 * Aio.createTask(() -> { reply.setResult(ask()); return null; });
 * String answer = reply.await();
 * }</pre>
 *
 * <p><b>States.</b> {@code PENDING -> FINISHED | CANCELLED}; a task also passes through {@code
 * RUNNING}. FINISHED covers a result and an exception. Setting the outcome of a future that is
 * already done throws {@link InvalidStateException}.
 *
 * <p><b>Where Java differs from asyncio.</b> asyncio schedules done callbacks with {@code
 * call_soon}; aio runs them on the thread that completes the future, right after it is done
 * (callbacks added later run at once on the adding thread). Exceptions thrown by callbacks go to
 * the loop's exception handler ({@link EventLoop#setExceptionHandler}). {@link #await()} blocks the
 * calling (virtual) thread instead of suspending a coroutine; if that thread's task is cancelled
 * while it waits, the awaited future is cancelled too, as {@code await fut} does.
 *
 * <p>All methods are thread safe. Only {@link Task} extends this class.
 *
 * @param <T> the result type
 */
public sealed class Future<T> permits Task {

  /** The life cycle of a future; {@code RUNNING} only occurs for tasks. */
  public enum State {
    /** Not done yet (for a task: its thread has not yet started the body). */
    PENDING,
    /** A task's body is running; plain futures never are. */
    RUNNING,
    /** Done with a result or an exception. */
    FINISHED,
    /** Done by cancellation. */
    CANCELLED;

    boolean isDone() {
      return this == FINISHED || this == CANCELLED;
    }
  }

  final EventLoop loop;
  final ReentrantLock lock = new ReentrantLock();
  volatile State state = State.PENDING;
  // Written before the volatile write of state that makes the future done.
  private T result;
  private Throwable exception;
  // Guarded by lock.
  private String cancelMessage;
  private Object listeners; // null, one listener, or a ListenerList
  private boolean firing;

  /** Several listeners; a private type so a user's Consumer is never mistaken for a list. */
  private static final class ListenerList extends ArrayList<Object> {
    private static final long serialVersionUID = 1L;
  }

  Future(EventLoop loop) {
    this.loop = loop;
  }

  /**
   * The loop this future belongs to; asyncio's {@code get_loop()}.
   *
   * @return the loop
   */
  public EventLoop loop() {
    return loop;
  }

  /**
   * The current state; it may change as soon as it is returned unless it is a done state.
   *
   * @return the state
   */
  public State state() {
    return state;
  }

  /**
   * True when FINISHED or CANCELLED.
   *
   * @return whether the future is done
   */
  public boolean done() {
    return state.isDone();
  }

  /**
   * True when CANCELLED.
   *
   * @return whether the future is cancelled
   */
  public boolean cancelled() {
    return state == State.CANCELLED;
  }

  /**
   * Marks the future done with {@code value} (may be null) and runs its done callbacks.
   *
   * @param value the result, may be null
   * @throws InvalidStateException if the future is already done
   */
  public void setResult(T value) {
    if (!complete(State.FINISHED, value, null)) {
      throw new InvalidStateException("invalid state: " + this);
    }
  }

  /**
   * Marks the future done with {@code error} and runs its done callbacks; {@link #result()} and
   * {@link #await()} then throw it (checked exceptions wrapped in {@link TaskFailedException}).
   *
   * @param error the exception
   * @throws InvalidStateException if the future is already done
   */
  public void setException(Throwable error) {
    Objects.requireNonNull(error, "error");
    if (!complete(State.FINISHED, null, error)) {
      throw new InvalidStateException("invalid state: " + this);
    }
  }

  /**
   * Cancels the future: it becomes CANCELLED at once and its callbacks run. A task is different:
   * see {@link Task#cancel()}.
   *
   * @return false if the future is already done, true otherwise
   */
  public boolean cancel() {
    return cancel(null);
  }

  /**
   * As {@link #cancel()}, with a message carried by the resulting {@link CancelledException}.
   *
   * @param message the message, or null
   * @return false if the future is already done, true otherwise
   */
  public boolean cancel(String message) {
    lock.lock();
    try {
      if (state.isDone()) {
        return false;
      }
      cancelMessage = message;
    } finally {
      lock.unlock();
    }
    return complete(State.CANCELLED, null, null);
  }

  /**
   * The value.
   *
   * @return the value
   * @throws InvalidStateException if the future is not done
   * @throws CancelledException if the future was cancelled
   * @throws TaskFailedException wrapping a checked exception; unchecked exceptions and errors are
   *     rethrown as they are
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
   * The exception the future finished with, or null if it has a value.
   *
   * @return the exception, or null
   * @throws InvalidStateException if the future is not done
   * @throws CancelledException if the future was cancelled
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

  /**
   * Blocks until the future is done, then behaves as {@link #result()}; asyncio's {@code await
   * fut}. If the calling thread is interrupted while waiting (its task is being cancelled), this
   * future is cancelled as well, the call waits until it is done and throws {@link
   * CancelledException}; {@link Aio#shield} prevents that.
   *
   * @return the value
   * @throws IllegalStateException if a task awaits itself
   */
  public T await() {
    if (!state.isDone()) {
      awaitDone(true);
    }
    return result();
  }

  /**
   * Runs {@code callback} once when the future is done, after any callbacks added earlier. A
   * callback added to a done future runs at once on the calling thread, unless the completing
   * thread is still running the callbacks added before (then it runs there, right after them);
   * otherwise it runs on the completing thread right after the future is done. Exceptions thrown by
   * callbacks go to the loop's exception handler and do not stop the other callbacks.
   *
   * @param callback called with this future
   */
  public void addDoneCallback(Consumer<? super Future<T>> callback) {
    Objects.requireNonNull(callback, "callback");
    whenDone(callback);
  }

  /**
   * Removes every registration of {@code callback}; returns how many were removed.
   *
   * @param callback the callback to remove
   * @return how many registrations were removed
   */
  public int removeDoneCallback(Consumer<? super Future<T>> callback) {
    Objects.requireNonNull(callback, "callback");
    return removeListener(callback);
  }

  /**
   * A {@link CompletableFuture} completed as this future is: with its value, with its exception
   * (unwrapped), or cancelled. Cancelling the returned future cancels this one. Each call returns a
   * new object.
   *
   * @return a new CompletableFuture
   */
  public CompletableFuture<T> toCompletableFuture() {
    CompletableFuture<T> cf =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            boolean done = super.cancel(mayInterruptIfRunning);
            Future.this.cancel();
            return done;
          }
        };
    whenDone(
        f -> {
          if (f.cancelled()) {
            cf.cancel(false);
          } else if (f.failure() != null) {
            cf.completeExceptionally(f.failure());
          } else {
            cf.complete(f.result());
          }
        });
    return cf;
  }

  // ---- internals shared with Task ----

  /**
   * Sets the terminal state once; returns false if already done. Runs the callbacks on the calling
   * thread.
   */
  final boolean complete(State terminal, T value, Throwable error) {
    Object ls;
    lock.lock();
    try {
      if (state.isDone()) {
        return false;
      }
      result = value;
      exception = error;
      beforeDone();
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
    return true;
  }

  /** Called under the lock just before the state becomes done. */
  void beforeDone() {}

  /** The thread that must not await this future (a task's own thread), or null. */
  Thread ownThread() {
    return null;
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
      ((Consumer<? super Future<T>>) listener).accept(this);
    } catch (Throwable t) {
      loop.callExceptionHandler(
          new EventLoop.ExceptionContext("done callback of " + this + " failed", t, null, this));
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

  /** Adds a callback without the public null check; internal waiters use it. */
  void whenDone(Consumer<? super Future<T>> callback) {
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

  /** The raw outcome for internal use: the exception of a FINISHED future, or null. */
  final Throwable failure() {
    return state == State.FINISHED ? exception : null;
  }

  /** The exception as stored, also for a cancelled task (its body's cancellation), or null. */
  final Throwable storedException() {
    return exception;
  }

  CancelledException cancelledError() {
    return new CancelledException(cancelMessage(), exception);
  }

  /** The message of the latest cancel request, or null. */
  final String cancelMessage() {
    lock.lock();
    try {
      return cancelMessage;
    } finally {
      lock.unlock();
    }
  }

  final void setCancelMessageLocked(String message) {
    cancelMessage = message;
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
   * Waits until done. On interrupt: with {@code propagate}, cancels this future and waits for it;
   * then throws CancelledException (the interrupt is consumed).
   */
  final void awaitDone(boolean propagate) {
    if (!awaitNanos(-1, propagate)) {
      throw new IllegalStateException("unreachable");
    }
  }

  /**
   * Waits until done or {@code nanos} pass ({@code nanos < 0}: no limit). Returns whether done.
   * Interrupts as in {@link #awaitDone(boolean)}.
   */
  final boolean awaitNanos(long nanos, boolean propagate) {
    Thread me = Thread.currentThread();
    if (me == ownThread() && !state.isDone()) {
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
  final boolean awaitQuietly() {
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

  /** The name shown by toString and in messages. */
  String describe() {
    return "Future";
  }

  /** asyncio's repr: {@code <Future pending>}, {@code <Future finished result=1>}, ... */
  @Override
  public String toString() {
    State s = state;
    StringBuilder sb = new StringBuilder("<").append(describe()).append(' ');
    sb.append(s.name().toLowerCase(Locale.ROOT));
    appendDetails(sb);
    if (s == State.FINISHED) {
      if (exception != null) {
        sb.append(" exception=").append(exception);
      } else {
        sb.append(" result=").append(repr(result));
      }
    }
    return sb.append('>').toString();
  }

  /** Extra repr fields between the state and the outcome (a task's name). */
  void appendDetails(StringBuilder sb) {}

  private static String repr(Object value) {
    if (value instanceof CharSequence cs) {
      return "'" + cs + "'";
    }
    return String.valueOf(value);
  }
}
