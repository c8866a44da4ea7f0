package dev.trawl.aio.internal;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.CancellationException;

/** Which throwables mean "this thread was cancelled". */
public final class Interrupts {
  private Interrupts() {}

  /**
   * True for {@link CancellationException} (so also {@code CancelledException}), {@link
   * InterruptedException}, {@link ClosedByInterruptException} and {@link InterruptedIOException}
   * other than a socket timeout.
   */
  public static boolean isCancellation(Throwable t) {
    return t instanceof CancellationException
        || t instanceof InterruptedException
        || t instanceof ClosedByInterruptException
        || (t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException));
  }

  /** Throws {@code t} unchanged if it is an Exception or an Error, without declaring it. */
  public static Exception rethrow(Throwable t) throws Exception {
    if (t instanceof Exception e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(t);
  }
}
