package dev.trawl.aio;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The {@code (done, pending)} pair of {@link Aio#wait(java.util.Collection, ReturnWhen)}. Both sets
 * keep the order of the argument collection and are unmodifiable.
 *
 * @param done the tasks that were done when {@code wait} returned
 * @param pending the tasks that were not
 */
public record WaitResult<T>(Set<Task<T>> done, Set<Task<T>> pending) {
  /** Copies both sets. */
  public WaitResult {
    done = Collections.unmodifiableSet(new LinkedHashSet<>(done));
    pending = Collections.unmodifiableSet(new LinkedHashSet<>(pending));
  }
}
