package dev.trawl.internal;

import dev.trawl.CrawlListener;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A body that tells the listener every byte it reads. */
final class Counted extends FilterInputStream {
  private final CrawlListener listener;

  private Counted(InputStream in, CrawlListener listener) {
    super(in);
    this.listener = listener;
  }

  static InputStream of(InputStream in, CrawlListener listener) {
    return new Counted(in, listener);
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      listener.bytesReceived(n);
    }
    return n;
  }
}
