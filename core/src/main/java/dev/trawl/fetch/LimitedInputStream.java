package dev.trawl.fetch;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Throws {@link BodyTooLargeException} once more than {@code limit} bytes have been read. */
final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private final String url;
  private long count;

  LimitedInputStream(InputStream in, long limit, String url) {
    super(in);
    this.limit = limit;
    this.url = url;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  private void count(int n) throws IOException {
    count += n;
    if (count > limit) {
      throw new BodyTooLargeException(limit, url);
    }
  }
}
