package dev.trawl;

/** A crawl that could not run at all: start pages unreachable, out dir not writable. */
public final class CrawlException extends RuntimeException {
  public CrawlException(String message) {
    super(message);
  }

  public CrawlException(String message, Throwable cause) {
    super(message, cause);
  }
}
