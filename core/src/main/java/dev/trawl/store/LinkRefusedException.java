package dev.trawl.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A symbolic link where trawl keeps its own files inside the out dir ({@code .trawl}, its {@code
 * tmp}, the lock, a temp file): trawl opens, creates, truncates, renames and deletes nothing
 * through a link there, and stops instead (exit 3). The out dir itself may be a link: the user
 * chose it.
 */
public final class LinkRefusedException extends IOException {
  private final Path path;

  public LinkRefusedException(Path path) {
    super(message(path));
    this.path = path;
  }

  /**
   * "PATH is a symbolic link: trawl writes nothing through links inside the out dir (remove it)".
   */
  public static String message(Path path) {
    return path
        + " is a symbolic link: trawl writes nothing through links inside the out dir (remove it)";
  }

  /** Throws when {@code path} is a symbolic link (dangling or not). */
  public static void refuseLink(Path path) throws LinkRefusedException {
    if (Files.isSymbolicLink(path)) {
      throw new LinkRefusedException(path);
    }
  }

  public Path path() {
    return path;
  }
}
