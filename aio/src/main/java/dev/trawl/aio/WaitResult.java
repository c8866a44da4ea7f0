package dev.trawl.aio;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The {@code (done, pending)} pair of {@link Aio#wait(java.util.Collection, ReturnWhen)}. Both sets
 * keep the order of the argument collection and are unmodifiable.
 *
 * @param <F> the type of the futures waited for, such as {@code Task<String>}
 * @param done the futures that were done when {@code wait} returned
 * @param pending the futures that were not
 */
public record WaitResult<F extends Future<?>>(Set<F> done, Set<F> pending) {
  /** Copies both sets. */
  public WaitResult {
    done = Collections.unmodifiableSet(new LinkedHashSet<>(done));
    pending = Collections.unmodifiableSet(new LinkedHashSet<>(pending));
  }
}
