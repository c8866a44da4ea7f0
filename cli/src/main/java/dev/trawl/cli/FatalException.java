package dev.trawl.cli;

/** Ends a command with exit code 3 and its message on one line. */
final class FatalException extends RuntimeException {
  FatalException(String message) {
    super(message);
  }
}
