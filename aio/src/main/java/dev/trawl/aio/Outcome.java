package dev.trawl.aio;

import java.util.Objects;

/**
 * The outcome of one task in {@link Aio#gatherSettled}: asyncio's {@code gather(...,
 * return_exceptions=True)} returns values and exceptions side by side; Java gets a sealed type.
 *
 * <pre>{@code
 * for (Outcome<Integer> o : Aio.gatherSettled(a, b)) {
 *   if (o instanceof Outcome.Success<Integer> s) use(s.value());
 *   else log(((Outcome.Failure<Integer>) o).error());
 * }
 * }</pre>
 *
 * @param <T> the value type of the task
 */
public sealed interface Outcome<T> {

  /**
   * A task that finished with {@code value} (may be null).
   *
   * @param <T> the value type
   * @param value the value, may be null
   */
  record Success<T>(T value) implements Outcome<T> {}

  /**
   * A task that failed with {@code error} as thrown by its body (checked exceptions are not
   * wrapped), or was cancelled ({@link CancelledException}).
   *
   * @param <T> the value type the task would have had
   * @param error the exception
   */
  record Failure<T>(Throwable error) implements Outcome<T> {
    /** Rejects a null error. */
    public Failure {
      Objects.requireNonNull(error, "error");
    }
  }
}
