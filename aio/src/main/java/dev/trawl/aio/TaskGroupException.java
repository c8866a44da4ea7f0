package dev.trawl.aio;

import java.util.List;

/**
 * Every error of a {@link TaskGroup}: the failures of its tasks and of its body, in the order they
 * happened; asyncio's {@code ExceptionGroup('unhandled errors in a TaskGroup', ...)}. The first
 * error is the cause, the others are suppressed.
 */
public class TaskGroupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Throwable> exceptions;

  /**
   * Creates an exception for a non-empty list of errors.
   *
   * @param exceptions the errors; not empty
   */
  public TaskGroupException(List<? extends Throwable> exceptions) {
    super(
        "unhandled errors in a TaskGroup ("
            + exceptions.size()
            + (exceptions.size() == 1 ? " sub-exception)" : " sub-exceptions)"),
        exceptions.isEmpty() ? null : exceptions.get(0));
    if (exceptions.isEmpty()) {
      throw new IllegalArgumentException("exceptions is empty");
    }
    this.exceptions = List.copyOf(exceptions);
    for (int i = 1; i < this.exceptions.size(); i++) {
      addSuppressed(this.exceptions.get(i));
    }
  }

  /**
   * The errors, in the order they were collected; never empty, unmodifiable.
   *
   * @return the errors
   */
  public List<Throwable> exceptions() {
    return exceptions;
  }
}
