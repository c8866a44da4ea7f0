package dev.trawl.cli;

/** The exit codes trawl documents; scripts rely on them. */
public final class ExitCode {
  /** Every image saved (or a duplicate, or skipped on purpose). */
  public static final int OK = 0;

  /** Some items failed; the summary lists them. */
  public static final int SOME_FAILED = 1;

  /** Usage error or bad input: nothing was fetched. */
  public static final int USAGE = 2;

  /** Fatal: start pages unreachable, out dir not writable. */
  public static final int FATAL = 3;

  /** Interrupted (Ctrl-C). */
  public static final int INTERRUPTED = 130;

  private ExitCode() {}
}
