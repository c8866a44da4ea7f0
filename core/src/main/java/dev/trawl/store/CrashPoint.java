package dev.trawl.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Named places where crash tests stop a crawl exactly. Off unless the JVM runs with {@code
 * -Dtrawl.crashpoint=NAME -Dtrawl.crashpoint.file=FILE}: then reaching NAME creates FILE and blocks
 * forever, so the test can kill the process there.
 */
public final class CrashPoint {
  /** A picture is under its final name but its outcome is not yet recorded in the state. */
  public static final String SAVED_NOT_RECORDED = "saved-not-recorded";

  /**
   * A batch of two or more pictures is written (the bodies kept in memory until now), not yet
   * synced nor under final names.
   */
  public static final String BATCH_NOT_SYNCED = "batch-not-synced";

  /** A batch of two or more pictures is under final names, none of them recorded in the state. */
  public static final String BATCH_NOT_RECORDED = "batch-not-recorded";

  private static final String NAME = System.getProperty("trawl.crashpoint");
  private static final String FILE = System.getProperty("trawl.crashpoint.file");

  private CrashPoint() {}

  /** Blocks forever when {@code name} is the configured crash point; otherwise returns. */
  public static void reach(String name) {
    if (NAME == null || !NAME.equals(name)) {
      return;
    }
    try {
      Files.writeString(Path.of(FILE), name);
      Thread.sleep(Long.MAX_VALUE);
    } catch (IOException | InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
