package dev.trawl;

/**
 * The start page shows no gallery trawl is confident of. Its message is the line for the user:
 * {@code no gallery found on URL (best guess: ...); see trawl inspect URL, or give --select}.
 */
public final class NoGalleryException extends RuntimeException {
  private final String url;
  private final String bestGuess;

  public NoGalleryException(String url, String bestGuess) {
    super(
        "no gallery found on "
            + url
            + " (best guess: "
            + bestGuess
            + "); see trawl inspect "
            + url
            + ", or give --select");
    this.url = url;
    this.bestGuess = bestGuess;
  }

  public String url() {
    return url;
  }

  public String bestGuess() {
    return bestGuess;
  }
}
