package dev.trawl.aio;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * An {@link AsyncQueue} that returns the smallest item first; asyncio's {@code PriorityQueue}.
 * Where Python code puts {@code (priority, data)} tuples, Java code passes a comparator or puts
 * {@link Comparable} items (a record ordered by its priority field works well). Items that compare
 * equal come out in no particular order, as with {@link PriorityQueue}.
 *
 * <pre>{@code
 * record Job(int priority, String url) {}
 * AsyncPriorityQueue<Job> jobs = new AsyncPriorityQueue<>(0, Comparator.comparingInt(Job::priority));
 * }</pre>
 *
 * <p>Thread safe; every method of {@link AsyncQueue} applies, with "oldest" read as "smallest".
 *
 * @param <E> the item type
 */
public final class AsyncPriorityQueue<E> extends AsyncQueue<E> {

  /** An unbounded queue of {@link Comparable} items. */
  public AsyncPriorityQueue() {
    this(0);
  }

  /**
   * A queue of {@link Comparable} items holding at most {@code maxsize} of them; 0 means unbounded.
   * Putting an item that is not Comparable throws {@link ClassCastException}.
   *
   * @param maxsize the capacity; 0 for unbounded
   * @throws IllegalArgumentException if maxsize is negative
   */
  public AsyncPriorityQueue(int maxsize) {
    super(maxsize, new PriorityQueue<>());
  }

  /**
   * A queue ordered by {@code comparator} holding at most {@code maxsize} items; 0 means unbounded.
   *
   * @param maxsize the capacity; 0 for unbounded
   * @param comparator the order; the smallest item comes out first
   * @throws IllegalArgumentException if maxsize is negative
   */
  public AsyncPriorityQueue(int maxsize, Comparator<? super E> comparator) {
    super(maxsize, new PriorityQueue<>(java.util.Objects.requireNonNull(comparator, "comparator")));
  }
}
