package dev.trawl.aio;

/**
 * Wraps a checked exception thrown by a task's body when the outcome is read through {@link
 * Task#result()}, {@link Task#await()}, {@link Aio#gather}, {@link Aio#run} and friends. Unchecked
 * exceptions and errors are rethrown as they are, never wrapped.
 */
public class TaskFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Task<?> task;

  /** Creates an exception for {@code task} that failed with the checked exception {@code cause}. */
  public TaskFailedException(Task<?> task, Throwable cause) {
    super(task.name() + " failed: " + cause, cause);
    this.task = task;
  }

  /** The task that failed. */
  public Task<?> task() {
    return task;
  }
}
