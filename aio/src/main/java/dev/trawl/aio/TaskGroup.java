package dev.trawl.aio;

import dev.trawl.aio.internal.Interrupts;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Structured concurrency for a block of code; asyncio's {@code TaskGroup}. Obtain one only through
 * {@link Aio#taskGroup}:
 *
 * <pre>{@code
 * List<String> pages = Aio.taskGroup(g -> {
 *   Task<String> a = g.createTask(() -> fetch(urlA));
 *   Task<String> b = g.createTask(() -> fetch(urlB));
 *   return List.of(a, b);
 * }).stream().map(Task::result).toList();   // both are done here
 * }</pre>
 *
 * <p>When the body returns, the group waits for every task it created. The first task that fails
 * (an exception other than cancellation) cancels all the other tasks and the body itself (the
 * body's task gets a {@link CancelledException} at its next wait, which the group absorbs); when
 * everything is done, all errors, including the body's own, are thrown together as a {@link
 * TaskGroupException}. If the body's task is cancelled from outside, the group cancels its tasks,
 * waits for them and rethrows the {@link CancelledException}. Once the group is shutting down or
 * finished, {@link #createTask} throws {@link IllegalStateException}.
 *
 * <p>Thread safe; tasks may add more tasks to the group while it is waiting.
 */
public final class TaskGroup {

  /**
   * The block run by {@link Aio#taskGroup}.
   *
   * @param <R> the type of the value the body returns
   */
  @FunctionalInterface
  public interface Body<R> {
    /**
     * Runs with the group; may create tasks in it.
     *
     * @param group the group to create tasks in
     * @return the value {@link Aio#taskGroup} returns
     * @throws Exception anything; it is collected into the {@link TaskGroupException}
     */
    R run(TaskGroup group) throws Exception;
  }

  private enum State {
    ENTERED,
    EXITING,
    FINISHED
  }

  private final EventLoop loop;
  private final Task<?> parent;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition allDone = lock.newCondition();
  // Guarded by lock.
  private final Set<Task<?>> tasks = new LinkedHashSet<>();
  private final List<Throwable> errors = new ArrayList<>();
  private State state = State.ENTERED;
  private boolean aborting;
  private boolean parentCancelRequested;

  TaskGroup(Task<?> parent) {
    this.parent = parent;
    this.loop = parent.loop();
  }

  /**
   * As {@link #createTask(String, Callable)} with the default name.
   *
   * @param <T> the result type
   * @param body the task's body
   * @return the running task
   */
  public <T> Task<T> createTask(Callable<T> body) {
    return createTask(null, body);
  }

  /**
   * Starts {@code body} as a task of this group.
   *
   * @param <T> the result type
   * @param name the task's name, or null for {@code Task-<n>}
   * @param body the task's body
   * @return the running task
   * @throws IllegalStateException "TaskGroup is finished" after the group is done, "TaskGroup is
   *     shutting down" once a task failed or the group was cancelled
   */
  public <T> Task<T> createTask(String name, Callable<T> body) {
    Objects.requireNonNull(body, "body");
    Task<T> task;
    lock.lock();
    try {
      if (state == State.FINISHED || (state == State.EXITING && tasks.isEmpty())) {
        throw new IllegalStateException("TaskGroup is finished: " + this);
      }
      if (aborting) {
        throw new IllegalStateException("TaskGroup is shutting down: " + this);
      }
      task = loop.createTask(name, body);
      tasks.add(task);
    } finally {
      lock.unlock();
    }
    task.whenDone(f -> onTaskDone(task));
    return task;
  }

  private void onTaskDone(Task<?> task) {
    List<Task<?>> toCancel = null;
    boolean cancelParent = false;
    lock.lock();
    try {
      tasks.remove(task);
      if (tasks.isEmpty()) {
        allDone.signalAll();
      }
      Throwable error = task.failure();
      if (task.cancelled() || error == null) {
        return;
      }
      errors.add(error);
      if (parent.done()) {
        System.getLogger("dev.trawl.aio")
            .log(
                System.Logger.Level.WARNING,
                task + " failed but its group's task " + parent + " is already done",
                error);
        return;
      }
      if (!aborting && !parentCancelRequested) {
        toCancel = abortLocked();
        parentCancelRequested = true;
        cancelParent = true;
      }
    } finally {
      lock.unlock();
    }
    cancelAll(toCancel);
    if (cancelParent) {
      parent.cancel();
    }
  }

  private List<Task<?>> abortLocked() {
    aborting = true;
    return new ArrayList<>(tasks);
  }

  private static void cancelAll(List<Task<?>> list) {
    if (list != null) {
      for (Task<?> t : list) {
        t.cancel();
      }
    }
  }

  /** The body has ended with {@code value} or {@code bodyError}; asyncio's {@code __aexit__}. */
  <R> R exit(R value, Throwable bodyError) {
    boolean bodyCancelled = bodyError != null && Interrupts.isCancellation(bodyError);
    Throwable propagateCancel = bodyCancelled ? bodyError : null;
    Throwable pendingCancel = null;
    boolean ours;
    List<Throwable> all;
    lock.lock();
    try {
      state = State.EXITING;
      if (bodyError != null && !aborting) {
        cancelAll(abortLocked());
      }
      while (!tasks.isEmpty()) {
        try {
          allDone.await();
        } catch (InterruptedException e) {
          pendingCancel = Aio.cancelledHere();
          if (!aborting) {
            propagateCancel = pendingCancel;
            cancelAll(abortLocked());
          }
        }
      }
      state = State.FINISHED;
      ours = parentCancelRequested;
      all = new ArrayList<>(errors);
    } finally {
      lock.unlock();
    }
    if (ours) {
      if (parent.uncancel() == 0) {
        propagateCancel = null;
      } else if (propagateCancel == null) {
        propagateCancel = pendingCancel;
      }
    }
    if (propagateCancel != null && all.isEmpty()) {
      throw propagateCancel instanceof CancelledException c
          ? c
          : new CancelledException(propagateCancel.getMessage(), propagateCancel);
    }
    if (bodyError != null && !bodyCancelled) {
      all.add(bodyError);
    }
    if (!all.isEmpty()) {
      if (parent.cancelling() > 0) {
        // Cancelled from outside as well: keep that request pending for the caller.
        parent.uncancel();
        parent.cancel();
      }
      throw new TaskGroupException(all);
    }
    return value;
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      StringBuilder sb = new StringBuilder("<TaskGroup");
      if (!tasks.isEmpty()) {
        sb.append(" tasks=").append(tasks.size());
      }
      if (!errors.isEmpty()) {
        sb.append(" errors=").append(errors.size());
      }
      sb.append(aborting ? " cancelling" : " " + state.name().toLowerCase(Locale.ROOT));
      return sb.append('>').toString();
    } finally {
      lock.unlock();
    }
  }
}
