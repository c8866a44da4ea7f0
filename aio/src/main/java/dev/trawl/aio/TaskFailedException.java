package dev.trawl.aio;

/**
 * Wraps a checked exception of a task's body (or set on a {@link Future}) when the outcome is read
 * through {@link Future#result()}, {@link Future#await()}, {@link Aio#gather}, {@link Aio#run} and
 * friends. Unchecked exceptions and errors are rethrown as they are, never wrapped.
 */
public class TaskFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Future<?> future;

  /**
   * Creates an exception for {@code task} that failed with the checked exception {@code cause}.
   *
   * @param task the task
   * @param cause its checked exception
   */
  public TaskFailedException(Task<?> task, Throwable cause) {
    this((Future<?>) task, cause);
  }

  /**
   * Creates an exception for {@code future} that holds the checked exception {@code cause}.
   *
   * @param future the future
   * @param cause its checked exception
   */
  public TaskFailedException(Future<?> future, Throwable cause) {
    super((future instanceof Task<?> t ? t.name() : "Future") + " failed: " + cause, cause);
    this.future = future;
  }

  /**
   * The task that failed, or null when the exception was set on a plain {@link Future}.
   *
   * @return the task, or null
   */
  public Task<?> task() {
    return future instanceof Task<?> t ? t : null;
  }

  /**
   * The future (possibly a task) that holds the exception.
   *
   * @return the future
   */
  public Future<?> future() {
    return future;
  }
}
