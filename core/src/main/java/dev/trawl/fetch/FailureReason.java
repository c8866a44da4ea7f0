package dev.trawl.fetch;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.CircularRedirectException;
import org.apache.hc.client5.http.RedirectException;
import org.apache.hc.client5.http.UnsupportedSchemeException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ProtocolException;

/**
 * Short, stable reasons for fetch failures ("http 404", "timeout"), so summaries can group them.
 */
public final class FailureReason {
  private FailureReason() {}

  /** The reason for {@code e}; unknown errors give "io error (ClassName)". */
  public static String of(Throwable e) {
    Throwable t =
        e.getCause() != null && e instanceof org.apache.hc.client5.http.ClientProtocolException
            ? e.getCause()
            : e;
    if (t instanceof HttpStatusException s) {
      return "http " + s.status();
    }
    if (t instanceof FetchFailedException f) {
      return of(f.getCause());
    }
    if (t instanceof RobotsDeniedException r) {
      return r.reason();
    }
    if (t instanceof BodyTooLargeException) {
      return "too large";
    }
    if (t instanceof RequestTimeoutException || t instanceof SocketTimeoutException) {
      return "timeout";
    }
    if (t instanceof ProxyUnreachableException) {
      return "proxy unreachable";
    }
    if (t instanceof ConnectException) {
      return "connect failed";
    }
    if (t instanceof UnknownHostException) {
      return "unknown host";
    }
    if (t instanceof ConnectionClosedException) {
      return "truncated body";
    }
    if (t instanceof CircularRedirectException) {
      return "redirect loop";
    }
    if (t instanceof RedirectException) {
      return "too many redirects";
    }
    if (t instanceof UnsupportedSchemeException
        || String.valueOf(t.getMessage()).startsWith("unsupported scheme")) {
      return "unsupported scheme";
    }
    if (String.valueOf(t.getMessage()).startsWith("bad URL")) {
      return "bad url";
    }
    if (t instanceof SSLException) {
      return "tls error";
    }
    if (t instanceof ProtocolException) {
      return "protocol error";
    }
    return "io error (" + t.getClass().getSimpleName() + ")";
  }
}
