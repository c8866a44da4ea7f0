package dev.trawl;

import java.util.Locale;

/** The outcome of one image. */
public enum ItemStatus {
  /** The picture is on disk under {@link ItemOutcome#file()}. */
  SAVED,
  /** The same bytes were already saved from another URL; {@link ItemOutcome#file()} names them. */
  DUPLICATE,
  /** Not saved; {@link ItemOutcome#reason()} says why. */
  FAILED,
  /** Deliberately not fetched (e.g. robots.txt); {@link ItemOutcome#reason()} says why. */
  SKIPPED;

  /** The lowercase name used in the manifest and JSON summary. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
