package dev.trawl.fetch;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Throws {@link BodyTooLargeException} once more than {@code limit} bytes have been read, or on the
 * first read when the declared length is already above it. Knows whether the end was reached, so
 * the fetcher can tell a body read whole from one abandoned.
 */
final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private final long declared;
  private final String url;
  private long count;
  private boolean atEnd;

  /**
   * @param declared the Content-Length, or -1 when unknown
   */
  LimitedInputStream(InputStream in, long limit, long declared, String url) {
    super(in);
    this.limit = limit;
    this.declared = declared;
    this.url = url;
  }

  /** True once a read returned end of stream. */
  boolean atEnd() {
    return atEnd;
  }

  @Override
  public int read() throws IOException {
    checkDeclared();
    int b = super.read();
    if (b >= 0) {
      count(1);
    } else {
      atEnd = true;
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    checkDeclared();
    int n = super.read(buf, off, len);
    if (n > 0) {
      count(n);
    } else if (n < 0) {
      atEnd = true;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[(int) Math.min(n, 8192)];
    int got = read(buf, 0, buf.length);
    return Math.max(got, 0);
  }

  private void checkDeclared() throws IOException {
    if (declared > limit) {
      throw new BodyTooLargeException(limit, url);
    }
  }

  private void count(int n) throws IOException {
    count += n;
    if (count > limit) {
      throw new BodyTooLargeException(limit, url);
    }
  }
}
