package dev.trawl.frontier;

/**
 * The crawl state cannot be read or written: a state dir written by a newer trawl, a corrupt or
 * locked database, a second crawl into the same out dir, a full disk. The message is one line meant
 * for the user and names the file or directory.
 */
public class StateException extends RuntimeException {
  public StateException(String message) {
    super(message);
  }

  public StateException(String message, Throwable cause) {
    super(message, cause);
  }
}
