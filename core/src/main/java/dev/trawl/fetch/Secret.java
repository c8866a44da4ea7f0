package dev.trawl.fetch;

/**
 * A value that must never be shown: a cookie, an auth header's value, a proxy password. {@link
 * #toString()} is {@code ***}; only {@link #reveal()} gives the value, and only code that sends it
 * to its host calls that.
 */
public final class Secret {
  /** What a recorded command, a log line or an error message shows instead of a secret. */
  public static final String MASK = "***";

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  public static Secret of(String value) {
    if (value == null) {
      throw new IllegalArgumentException("null secret");
    }
    return new Secret(value);
  }

  /** The value, for the request that carries it. */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return MASK;
  }
}
