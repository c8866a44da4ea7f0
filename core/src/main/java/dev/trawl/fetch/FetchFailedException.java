package dev.trawl.fetch;

import java.io.IOException;

/**
 * A fetch that failed for good, after {@link #attempts()} attempts. {@link #getCause()} is the last
 * attempt's failure (an {@link HttpStatusException}, a timeout, a reset...); use {@link #unwrap} to
 * classify it.
 */
public final class FetchFailedException extends IOException {
  private final int attempts;

  public FetchFailedException(IOException cause, int attempts) {
    super(
        cause.getMessage() + " (" + attempts + (attempts == 1 ? " attempt)" : " attempts)"), cause);
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts < 1: " + attempts);
    }
    this.attempts = attempts;
  }

  /** How many requests were made, 1 when the failure was not retried. */
  public int attempts() {
    return attempts;
  }

  @Override
  public synchronized IOException getCause() {
    return (IOException) super.getCause();
  }

  /** The last attempt's failure if {@code e} is a FetchFailedException, else {@code e}. */
  public static IOException unwrap(IOException e) {
    return e instanceof FetchFailedException f ? f.getCause() : e;
  }

  /** The attempts of a FetchFailedException, else 1. */
  public static int attemptsOf(IOException e) {
    return e instanceof FetchFailedException f ? f.attempts() : 1;
  }
}
