package dev.trawl.aio;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Owns a set of tasks; asyncio's event loop. Most code never touches a loop directly: {@link
 * Aio#run} creates one, runs the main task, and closes it.
 *
 * <p><b>Differences from asyncio.</b> There is no single thread that runs callbacks in turns: every
 * task runs on its own virtual thread and starts as soon as it is created, whether or not the loop
 * is "running". The loop keeps track of unfinished tasks so that {@link #close()} can cancel and
 * await them. {@link #isRunning()} is true while {@link #runUntilComplete} is executing.
 *
 * <pre>{@code
 * try (EventLoop loop = EventLoop.newEventLoop()) {
 *   int x = loop.runUntilComplete(() -> 2 * 2);
 * }
 * }</pre>
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

  private final ReentrantLock lock = new ReentrantLock();
  private volatile Phase phase = Phase.IDLE;

  private EventLoop() {}

  /** A new, idle loop. Close it when done ({@code try}-with-resources works). */
  public static EventLoop newEventLoop() {
    return new EventLoop();
  }

  /**
   * The loop of the task running on the calling thread; asyncio's {@code get_running_loop()}.
   *
   * @throws IllegalStateException "no running event loop" when called outside a task
   */
  public static EventLoop current() {
    Task<?> task = Task.current();
    if (task == null) {
      throw new IllegalStateException("no running event loop");
    }
    return task.loop();
  }

  /**
   * Runs {@code main} as a task of this loop and blocks until it is done; returns its value or
   * rethrows as {@link Task#result()} does. Tasks that {@code main} leaves behind keep running
   * (close the loop to cancel them). Interrupting the calling thread cancels the main task.
   *
   * @throws IllegalStateException if the loop is closed ("event loop is closed"), already running,
   *     or called from a task
   */
  public <T> T runUntilComplete(Callable<T> main) {
    Objects.requireNonNull(main, "main");
    enterRunning();
    try {
      Task<T> task = createTask(main);
      task.awaitDone(true);
      return task.result();
    } finally {
      leaveRunning();
    }
  }

  /**
   * Blocks until {@code task}, a task of this loop, is done; returns its value or rethrows as
   * {@link Task#result()} does. Interrupting the calling thread cancels the task.
   */
  public <T> T runUntilComplete(Task<T> task) {
    Objects.requireNonNull(task, "task");
    if (task.loop() != this) {
      throw new IllegalArgumentException("task belongs to another event loop: " + task);
    }
    enterRunning();
    try {
      task.awaitDone(true);
      return task.result();
    } finally {
      leaveRunning();
    }
  }

  private void enterRunning() {
    if (Task.current() != null) {
      throw new IllegalStateException(
          "cannot run an event loop from a task (Task " + Task.current().name() + ")");
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
  }

  private void leaveRunning() {
    lock.lock();
    try {
      phase = Phase.IDLE;
    } finally {
      lock.unlock();
    }
  }

  /** As {@link #createTask(String, Callable)} with the default name {@code Task-<n>}. */
  public <T> Task<T> createTask(Callable<T> body) {
    return createTask(null, body);
  }

  /**
   * Starts {@code body} on a new virtual thread as a task of this loop and returns the task at
   * once.
   *
   * @param name the task's name, or null for {@code Task-<n>}
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

  /**
   * Cancels every unfinished task, waits until all are done (ignoring interrupts, which are
   * restored afterwards) and closes the loop. Idempotent.
   *
   * @throws IllegalStateException if the loop is running, or when called from one of its tasks
   */
  @Override
  public void close() {
    Task<?> current = Task.current();
    if (current != null && current.loop() == this) {
      throw new IllegalStateException("cannot close the event loop from its own task " + current);
    }
    lock.lock();
    try {
      if (phase == Phase.CLOSED || phase == Phase.CLOSING) {
        return;
      }
      if (phase == Phase.RUNNING) {
        throw new IllegalStateException("cannot close a running event loop");
      }
      phase = Phase.CLOSING;
    } finally {
      lock.unlock();
    }
    boolean interrupted = drain();
    phase = Phase.CLOSED;
    interrupted |= drain();
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

  /** True once {@link #close()} has finished. */
  public boolean isClosed() {
    return phase == Phase.CLOSED;
  }

  /** True while {@link #runUntilComplete} is executing. */
  public boolean isRunning() {
    return phase == Phase.RUNNING;
  }

  private static IllegalStateException closedError() {
    return new IllegalStateException("event loop is closed");
  }

  @Override
  public String toString() {
    return "<EventLoop " + phase.name().toLowerCase(Locale.ROOT) + ">";
  }
}
