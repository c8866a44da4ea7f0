package dev.trawl.aio;

import java.util.ArrayDeque;
import java.util.Collections;

/**
 * An {@link AsyncQueue} that returns the newest item first; asyncio's {@code LifoQueue}.
 *
 * <p>Thread safe; every method of {@link AsyncQueue} applies, with "oldest" read as "newest".
 *
 * @param <E> the item type
 */
public final class AsyncLifoQueue<E> extends AsyncQueue<E> {

  /** An unbounded queue. */
  public AsyncLifoQueue() {
    this(0);
  }

  /**
   * A queue holding at most {@code maxsize} items; 0 means unbounded.
   *
   * @param maxsize the capacity; 0 for unbounded
   * @throws IllegalArgumentException if maxsize is negative
   */
  public AsyncLifoQueue(int maxsize) {
    super(maxsize, Collections.asLifoQueue(new ArrayDeque<>()));
  }
}
