package dev.trawl.aio;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Owns a set of tasks and runs callbacks; asyncio's event loop. Most code never touches a loop
 * directly: {@link Aio#run} creates one, runs the main task, and closes it.
 *
 * <pre>{@code
 * try (EventLoop loop = EventLoop.newEventLoop()) {
 *   int x = loop.runUntilComplete(() -> 2 * 2);
 *
 *   loop.callSoon(() -> System.out.println("first"));
 *   loop.callLater(Duration.ofMillis(100), loop::stop);
 *   loop.runForever();               // prints "first", returns after about 100 ms
 * }
 * }</pre>
 *
 * <p><b>Tasks.</b> There is no single thread that runs coroutines in turns: every task runs on its
 * own virtual thread and starts as soon as it is created, whether or not the loop is "running". The
 * loop keeps track of unfinished tasks so that {@link #close()} can cancel and await them.
 *
 * <p><b>Callbacks</b> ({@link #callSoon}, {@link #callLater}, {@link #callAt}) run as in asyncio:
 * only while the loop is running ({@link #runForever} or {@link #runUntilComplete}), on the thread
 * that runs it, one at a time in the order they were scheduled (timers by due time, ties in
 * scheduling order), never concurrently with each other. A callback that throws is reported to the
 * exception handler ({@link #setExceptionHandler}) and the others still run. A callback must not
 * block for long: it holds up every callback after it (start a task for blocking work). Unlike
 * asyncio, scheduling is thread safe from any thread, so {@link #callSoon} and {@link
 * #callSoonThreadsafe} are the same.
 *
 * <p>Thread safe. Phases: {@code IDLE <-> RUNNING}, then {@code CLOSING -> CLOSED}.
 */
public final class EventLoop implements AutoCloseable {

  private enum Phase {
    IDLE,
    RUNNING,
    CLOSING,
    CLOSED
  }

  /**
   * Receives errors no caller can see: failing callbacks, done callbacks and connection handlers;
   * asyncio's exception handler {@code handler(loop, context)}. Called on the thread where the
   * error happened; must be thread safe.
   */
  @FunctionalInterface
  public interface ExceptionHandler {
    /**
     * Handles one error; an exception thrown here is logged and ignored.
     *
     * @param loop the loop
     * @param context what went wrong
     */
    void handle(EventLoop loop, ExceptionContext context);
  }

  /**
   * What went wrong; asyncio's context dict with the keys {@code message}, {@code exception},
   * {@code handle} and {@code future}.
   *
   * @param message what happened, never null
   * @param exception the error, or null
   * @param handle the callback's handle, or null
   * @param future the future (or task) concerned, or null
   */
  public record ExceptionContext(
      String message, Throwable exception, Handle handle, Future<?> future) {
    /** Rejects a null message. */
    public ExceptionContext {
      Objects.requireNonNull(message, "message");
    }
  }

  private static final System.Logger LOG = System.getLogger("dev.trawl.aio");
  // The loop run by the calling thread (runForever / runUntilComplete), for EventLoop.current().
  private static final ThreadLocal<EventLoop> RUNNING_HERE = new ThreadLocal<>();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private volatile Phase phase = Phase.IDLE;
  // Guarded by lock.
  private final ArrayDeque<Handle> ready = new ArrayDeque<>();
  private final PriorityQueue<TimerHandle> timers =
      new PriorityQueue<>(
          (a, b) ->
              a.when() != b.when() ? Long.compare(a.when(), b.when()) : Long.compare(a.seq, b.seq));
  private final Set<AutoCloseable> resources = new LinkedHashSet<>();
  private long timerSeq;
  private int cancelledTimers;
  private boolean stopping;
  private volatile ExceptionHandler exceptionHandler;

  private EventLoop() {}

  /**
   * A new, idle loop. Close it when done ({@code try}-with-resources works).
   *
   * @return the loop
   */
  public static EventLoop newEventLoop() {
    return new EventLoop();
  }

  /**
   * The loop of the task running on the calling thread, or the loop this thread is running (inside
   * a callback); asyncio's {@code get_running_loop()}.
   *
   * @return the loop
   * @throws IllegalStateException "no running event loop" when called elsewhere
   */
  public static EventLoop current() {
    Task<?> task = Task.current();
    if (task != null) {
      return task.loop();
    }
    EventLoop here = RUNNING_HERE.get();
    if (here == null) {
      throw new IllegalStateException("no running event loop");
    }
    return here;
  }

  /** True when the calling thread is a task or runs a loop. */
  static boolean insideLoop() {
    return Task.current() != null || RUNNING_HERE.get() != null;
  }

  /**
   * The loop's clock: monotonic nanoseconds ({@link System#nanoTime()}); asyncio's {@code time()}
   * counts seconds as a float.
   *
   * @return the time in nanoseconds
   */
  public long time() {
    return System.nanoTime();
  }

  /**
   * Runs {@code main} as a task of this loop, and callbacks, until the task is done; returns its
   * value or rethrows as {@link Future#result()} does. Callbacks already due when the task ends
   * still run. Tasks that {@code main} leaves behind keep running (close the loop to cancel them).
   * Interrupting the calling thread cancels the main task; this method then throws {@link
   * CancelledException} once the task is done.
   *
   * @param <T> the result type
   * @param main the main task's body
   * @return main's value
   * @throws IllegalStateException if the loop is closed ("event loop is closed"), already running,
   *     called from a task or a callback, or {@link #stop()} was called before the task was done
   */
  public <T> T runUntilComplete(Callable<T> main) {
    Objects.requireNonNull(main, "main");
    enterRunning();
    try {
      return runUntilDone(createTask(main));
    } finally {
      leaveRunning();
    }
  }

  /**
   * As {@link #runUntilComplete(Callable)} for {@code future}, a future or task of this loop.
   * Interrupting the calling thread cancels the future.
   *
   * @param <T> the result type
   * @param future a future or task of this loop
   * @return its value
   */
  public <T> T runUntilComplete(Future<T> future) {
    Objects.requireNonNull(future, "future");
    if (future.loop() != this) {
      throw new IllegalArgumentException("future belongs to another event loop: " + future);
    }
    enterRunning();
    try {
      return runUntilDone(future);
    } finally {
      leaveRunning();
    }
  }

  private <T> T runUntilDone(Future<T> future) {
    Consumer<Future<T>> waker = f -> signal();
    future.whenDone(waker);
    boolean interrupted = false;
    try {
      while (!future.done()) {
        if (runOnce(future, true) && !interrupted) {
          interrupted = true;
          future.cancel();
        }
        if (!future.done() && takeStop()) {
          throw new IllegalStateException(
              "event loop stopped before the future completed: " + future);
        }
      }
      runOnce(null, false); // what was already due when the future finished
      takeStop();
    } finally {
      future.removeDoneCallback(waker);
    }
    if (interrupted) {
      throw Aio.cancelledHere();
    }
    return future.result();
  }

  /**
   * Runs callbacks until {@link #stop()} is called; asyncio's {@code run_forever()}. If {@code
   * stop()} was called before, the callbacks already scheduled run once and this method returns.
   * Interrupting the calling thread stops the loop the same way and leaves the interrupt status
   * set.
   *
   * @throws IllegalStateException if the loop is closed, already running, or called from a task or
   *     a callback
   */
  public void runForever() {
    enterRunning();
    try {
      boolean interrupted = false;
      while (true) {
        if (runOnce(null, true)) {
          interrupted = true;
          stop();
        }
        if (takeStop()) {
          break;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    } finally {
      leaveRunning();
    }
  }

  /**
   * Stops {@link #runForever()} after the callbacks already scheduled have run; asyncio's {@code
   * stop()}. Called while the loop is not running, it makes the next {@code runForever()} run one
   * round and return.
   */
  public void stop() {
    lock.lock();
    try {
      stopping = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private boolean takeStop() {
    lock.lock();
    try {
      boolean s = stopping;
      stopping = false;
      return s;
    } finally {
      lock.unlock();
    }
  }

  private void signal() {
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * One round of asyncio's {@code _run_once}: waits (if {@code block}) until a callback is ready, a
   * stop is requested or {@code until} is done, then runs the callbacks ready at that moment.
   * Returns whether the thread was interrupted while waiting.
   */
  private boolean runOnce(Future<?> until, boolean block) {
    boolean interrupted = false;
    Handle[] batch;
    lock.lock();
    try {
      while (true) {
        long now = System.nanoTime();
        TimerHandle next;
        while ((next = timers.peek()) != null && (next.cancelled() || next.when() - now <= 0)) {
          timers.poll();
          if (next.cancelled()) {
            cancelledTimers--;
          } else {
            ready.addLast(next);
          }
        }
        if (!block || !ready.isEmpty() || stopping || (until != null && until.done())) {
          break;
        }
        try {
          if (next == null) {
            wake.await();
          } else {
            wake.awaitNanos(next.when() - now);
          }
        } catch (InterruptedException e) {
          interrupted = true;
          break;
        }
      }
      batch = ready.toArray(new Handle[0]);
      ready.clear();
    } finally {
      lock.unlock();
    }
    for (Handle h : batch) {
      h.run();
    }
    return interrupted;
  }

  /**
   * Schedules {@code callback} to run as soon as possible, after the callbacks scheduled before it;
   * asyncio's {@code call_soon}. It runs while the loop is running, on the thread running it.
   *
   * @param callback the code to run
   * @return a handle that can cancel it
   * @throws IllegalStateException "event loop is closed"
   */
  public Handle callSoon(Runnable callback) {
    Handle h = new Handle(this, callback);
    lock.lock();
    try {
      checkOpenLocked();
      ready.addLast(h);
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    return h;
  }

  /**
   * As {@link #callSoon}; asyncio's {@code call_soon_threadsafe}, the form to use from other
   * threads. Every aio scheduling method is thread safe, so this is the same call.
   *
   * @param callback the code to run
   * @return a handle that can cancel it
   */
  public Handle callSoonThreadsafe(Runnable callback) {
    return callSoon(callback);
  }

  /**
   * Schedules {@code callback} to run after {@code delay}; asyncio's {@code call_later}.
   *
   * @param delay how long from now
   * @param callback the code to run
   * @return a handle that can cancel it
   * @throws IllegalArgumentException if delay is negative
   * @throws IllegalStateException "event loop is closed"
   */
  public TimerHandle callLater(Duration delay, Runnable callback) {
    long nanos = Aio.nanos(delay, "delay");
    long now = time();
    long when = now + nanos < now ? Long.MAX_VALUE : now + nanos;
    return callAt(when, callback);
  }

  /**
   * Schedules {@code callback} to run at {@code time} on the loop's clock ({@link #time()},
   * nanoseconds); asyncio's {@code call_at}. A time in the past means "as soon as possible", after
   * the timers due before it.
   *
   * @param time when, on the loop's clock
   * @param callback the code to run
   * @return a handle that can cancel it
   * @throws IllegalStateException "event loop is closed"
   */
  public TimerHandle callAt(long time, Runnable callback) {
    lock.lock();
    try {
      checkOpenLocked();
      TimerHandle h = new TimerHandle(this, callback, time, timerSeq++);
      timers.add(h);
      wake.signalAll();
      return h;
    } finally {
      lock.unlock();
    }
  }

  /** A timer was cancelled: drop cancelled timers once they are most of the queue. */
  void timerCancelled(TimerHandle h) {
    lock.lock();
    try {
      cancelledTimers++;
      if (cancelledTimers > 64 && cancelledTimers * 2 > timers.size()) {
        timers.removeIf(Handle::cancelled);
        cancelledTimers = 0;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * A new pending {@link Future} of this loop; asyncio's {@code create_future()}. Works on any
   * loop, also one that is closed.
   *
   * @param <T> the result type
   * @return a pending future
   */
  public <T> Future<T> createFuture() {
    return new Future<>(this);
  }

  /**
   * Sets the handler for errors nobody else sees (failing callbacks and connection handlers);
   * asyncio's {@code set_exception_handler}. Null restores the default, which logs them to the
   * System.Logger {@code dev.trawl.aio} at level ERROR.
   *
   * @param handler the handler, or null for the default
   */
  public void setExceptionHandler(ExceptionHandler handler) {
    this.exceptionHandler = handler;
  }

  /**
   * The handler set with {@link #setExceptionHandler}, or null for the default.
   *
   * @return the handler, or null
   */
  public ExceptionHandler getExceptionHandler() {
    return exceptionHandler;
  }

  /**
   * Logs {@code context}; asyncio's {@code default_exception_handler}.
   *
   * @param context what went wrong
   */
  public void defaultExceptionHandler(ExceptionContext context) {
    LOG.log(System.Logger.Level.ERROR, context.message(), context.exception());
  }

  /**
   * Passes {@code context} to the exception handler; asyncio's {@code call_exception_handler}. If
   * the handler throws, both errors are logged.
   *
   * @param context what went wrong
   */
  public void callExceptionHandler(ExceptionContext context) {
    Objects.requireNonNull(context, "context");
    ExceptionHandler h = exceptionHandler;
    if (h == null) {
      defaultExceptionHandler(context);
      return;
    }
    try {
      h.handle(this, context);
    } catch (Throwable t) {
      LOG.log(System.Logger.Level.ERROR, "Unhandled error in exception handler: " + context, t);
    }
  }

  private void enterRunning() {
    if (Task.current() != null) {
      throw new IllegalStateException(
          "cannot run an event loop from a task (Task " + Task.current().name() + ")");
    }
    if (RUNNING_HERE.get() != null) {
      throw new IllegalStateException(
          "cannot run an event loop while another loop is running: " + RUNNING_HERE.get());
    }
    lock.lock();
    try {
      if (phase == Phase.CLOSING || phase == Phase.CLOSED) {
        throw closedError();
      }
      if (phase == Phase.RUNNING) {
        throw new IllegalStateException("this event loop is already running");
      }
      phase = Phase.RUNNING;
    } finally {
      lock.unlock();
    }
    RUNNING_HERE.set(this);
  }

  private void leaveRunning() {
    RUNNING_HERE.remove();
    lock.lock();
    try {
      phase = Phase.IDLE;
    } finally {
      lock.unlock();
    }
  }

  /**
   * As {@link #createTask(String, Callable)} with the default name {@code Task-<n>}.
   *
   * @param <T> the result type
   * @param body the task's body
   * @return the running task
   */
  public <T> Task<T> createTask(Callable<T> body) {
    return createTask(null, body);
  }

  /**
   * Starts {@code body} on a new virtual thread as a task of this loop and returns the task at
   * once.
   *
   * @param <T> the result type
   * @param body the task's body
   * @param name the task's name, or null for {@code Task-<n>}
   * @return the running task
   * @throws IllegalStateException "event loop is closed" after {@link #close()}
   */
  public <T> Task<T> createTask(String name, Callable<T> body) {
    Objects.requireNonNull(body, "body");
    if (phase == Phase.CLOSED) {
      throw closedError();
    }
    Task<T> task = new Task<>(this, name, body);
    task.prepare();
    if (phase == Phase.CLOSED) {
      // close() may have missed it; it never ran, so it ends here.
      task.abandon();
      throw closedError();
    }
    task.start();
    return task;
  }

  /** The loop's tasks not yet done. */
  Set<Task<?>> tasks() {
    Set<Task<?>> set = new LinkedHashSet<>();
    for (Task<?> t : Task.liveTasks(this)) {
      if (!t.done()) {
        set.add(t);
      }
    }
    return set;
  }

  /** Registers something {@link #close()} must close (a server); false if already closed. */
  boolean register(AutoCloseable resource) {
    lock.lock();
    try {
      if (phase == Phase.CLOSED || phase == Phase.CLOSING) {
        return false;
      }
      resources.add(resource);
      return true;
    } finally {
      lock.unlock();
    }
  }

  void unregister(AutoCloseable resource) {
    lock.lock();
    try {
      resources.remove(resource);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Closes the servers started on this loop, cancels every unfinished task, waits until all are
   * done (ignoring interrupts, which are restored afterwards), drops the callbacks not yet run and
   * closes the loop. Idempotent.
   *
   * @throws IllegalStateException if the loop is running, or when called from one of its tasks
   */
  @Override
  public void close() {
    Task<?> current = Task.current();
    if (current != null && current.loop() == this) {
      throw new IllegalStateException("cannot close the event loop from its own task " + current);
    }
    List<AutoCloseable> toClose;
    lock.lock();
    try {
      if (phase == Phase.CLOSED || phase == Phase.CLOSING) {
        return;
      }
      if (phase == Phase.RUNNING) {
        throw new IllegalStateException("cannot close a running event loop");
      }
      phase = Phase.CLOSING;
      toClose = new ArrayList<>(resources);
      resources.clear();
    } finally {
      lock.unlock();
    }
    for (AutoCloseable r : toClose) {
      try {
        r.close();
      } catch (Exception e) {
        callExceptionHandler(new ExceptionContext("closing " + r + " failed", e, null, null));
      }
    }
    boolean interrupted = drain();
    phase = Phase.CLOSED;
    interrupted |= drain();
    lock.lock();
    try {
      ready.clear();
      timers.clear();
    } finally {
      lock.unlock();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean drain() {
    boolean interrupted = false;
    for (List<Task<?>> tasks = Task.liveTasks(this);
        !tasks.isEmpty();
        tasks = Task.liveTasks(this)) {
      for (Task<?> t : tasks) {
        t.cancel();
      }
      for (Task<?> t : tasks) {
        interrupted |= t.awaitQuietly();
      }
    }
    return interrupted;
  }

  /**
   * True once {@link #close()} has finished.
   *
   * @return whether the loop is closed
   */
  public boolean isClosed() {
    return phase == Phase.CLOSED;
  }

  /**
   * True while {@link #runForever} or {@link #runUntilComplete} is executing.
   *
   * @return whether the loop is running
   */
  public boolean isRunning() {
    return phase == Phase.RUNNING;
  }

  private void checkOpenLocked() {
    if (phase == Phase.CLOSED) {
      throw closedError();
    }
  }

  private static IllegalStateException closedError() {
    return new IllegalStateException("event loop is closed");
  }

  @Override
  public String toString() {
    return "<EventLoop " + phase.name().toLowerCase(Locale.ROOT) + ">";
  }
}
