package dev.trawl.fetch;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.entity.compress.ContentCodecRegistry;
import org.apache.hc.client5.http.entity.compress.ContentCoding;
import org.apache.hc.client5.http.impl.ContentCodingSupport;
import org.apache.hc.client5.http.impl.DefaultClientConnectionReuseStrategy;
import org.apache.hc.client5.http.impl.DefaultConnectionKeepAliveStrategy;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.ContentCompressionExec;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.message.MessageSupport;
import org.apache.hc.core5.http.protocol.HttpProcessor;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * One GET on a direct route (no http or https proxy on the way; SOCKS is the sockets' business)
 * sent straight over the fetcher's connection pool, without HttpClient's exec chain: the chain's
 * redirects, retries and authentication are trawl's own or unused, and its per-request route
 * planning, runtime and handler layers cost CPU on every picture. What the chain did that trawl
 * needs is done with the same library's parts: the protocol interceptors the caller passes (Host,
 * keep-alive, User-Agent, cookies, the user's secret headers), decompression (as {@link
 * ContentCompressionExec} does it) and keep-alive ({@link DefaultConnectionKeepAliveStrategy}).
 *
 * <p>Not thread-safe, except {@link #cancel()}, which any thread may call to abort the exchange
 * (waiting for a connection, or on the network): the connection is then closed, never reused.
 */
final class DirectGet extends BasicClassicHttpRequest implements Cancellable {
  private static final HttpRequestExecutor EXECUTOR =
      new HttpRequestExecutor(DefaultClientConnectionReuseStrategy.INSTANCE);
  private static final Header ACCEPT_ENCODING = acceptEncoding();
  private static final String ID = "trawl";

  private final HttpRoute route;
  private HttpClientConnectionManager pool;
  private volatile LeaseRequest lease;
  private volatile ConnectionEndpoint endpoint;
  private volatile boolean cancelled;
  private ClassicHttpResponse response;

  DirectGet(URI uri) {
    super(Method.GET, uri);
    this.route = new HttpRoute(new HttpHost(uri.getScheme(), uri.getHost(), port(uri)));
  }

  private static int port(URI uri) {
    return uri.getPort() >= 0
        ? uri.getPort()
        : DefaultSchemePortResolver.INSTANCE.resolve(uri.getScheme(), null);
  }

  /**
   * Leases a connection from {@code pool} (opening it if needed), shapes the request with {@code
   * protocol}, sends it and reads the response head; the body is left on the connection for the
   * caller, decompressed if the server compressed it. Call {@link #release} after the body. The
   * wait for the head counts against {@code deadline}'s read timeout (the socket has none).
   */
  ClassicHttpResponse execute(
      HttpClientConnectionManager pool,
      HttpProcessor protocol,
      HttpClientContext context,
      Timeout leaseTimeout,
      RequestDeadline deadline)
      throws IOException {
    this.pool = pool;
    ConnectionEndpoint ep = acquire(leaseTimeout);
    try {
      if (!ep.isConnected()) {
        pool.connect(ep, null, context);
      }
      context.setRoute(route);
      context.setRequest(this);
      if (!containsHeader(HttpHeaders.ACCEPT_ENCODING)) {
        addHeader(ACCEPT_ENCODING);
      }
      protocol.process(this, null, context);
      deadline.waiting(); // for the head; the caller marks its arrival
      response = ep.execute(ID, this, EXECUTOR, context);
      context.setResponse(response);
      protocol.process(response, response.getEntity(), context);
      decode(response);
      return response;
    } catch (HttpException e) {
      discard();
      throw new ClientProtocolException(e);
    } catch (IOException | RuntimeException | Error e) {
      discard();
      throw e;
    }
  }

  /** What HttpClient's {@link ContentCompressionExec} accepts: every coding it can decode. */
  private static Header acceptEncoding() {
    List<String> tokens = new ArrayList<>();
    for (ContentCoding c : ContentCoding.values()) {
      if (c != ContentCoding.X_GZIP && ContentCodecRegistry.decoder(c) != null) {
        tokens.add(c.token());
      }
    }
    if (ContentCodecRegistry.decoder(ContentCoding.GZIP) != null) {
      tokens.add(ContentCoding.X_GZIP.token());
    }
    return MessageSupport.headerOfTokens(HttpHeaders.ACCEPT_ENCODING, tokens);
  }

  /** Decodes the body as {@link ContentCompressionExec} does: the last coding applied first. */
  private static void decode(ClassicHttpResponse response) throws HttpException {
    HttpEntity entity = response.getEntity();
    if (entity == null || entity.getContentLength() == 0) {
      return;
    }
    List<String> codecs = ContentCodingSupport.parseContentCodecs(entity);
    if (codecs.isEmpty()) {
      return;
    }
    ContentCodingSupport.validate(codecs, ContentCodingSupport.MAX_CODEC_LIST_LEN);
    for (int i = codecs.size() - 1; i >= 0; i--) {
      ContentCoding c = ContentCoding.fromToken(codecs.get(i));
      UnaryOperator<HttpEntity> decoder =
          c == null
              ? null
              : ContentCodecRegistry.decoder(c == ContentCoding.X_GZIP ? ContentCoding.GZIP : c);
      if (decoder == null) {
        throw new HttpException("Unsupported Content-Encoding: " + codecs.get(i));
      }
      response.setEntity(decoder.apply(response.getEntity()));
    }
  }

  private ConnectionEndpoint acquire(Timeout timeout) throws IOException {
    LeaseRequest l = pool.lease(ID, route, timeout, null);
    lease = l;
    if (cancelled) {
      l.cancel();
    }
    ConnectionEndpoint ep;
    try {
      ep = l.get(timeout);
    } catch (TimeoutException e) {
      l.cancel();
      throw new ConnectionRequestTimeoutException(e.getMessage());
    } catch (InterruptedException e) {
      l.cancel();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a connection");
    } catch (ExecutionException e) {
      l.cancel();
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException("no connection: " + cause, cause);
    }
    endpoint = ep;
    if (cancelled) {
      discard();
      throw new InterruptedIOException("request cancelled");
    }
    return ep;
  }

  /**
   * Gives the connection back: kept for the next request when the response's body was read to its
   * end (a small unread rest is drained) and the server allows it, closed otherwise.
   */
  void release(HttpClientContext context) {
    ConnectionEndpoint ep = endpoint;
    if (ep == null || cancelled) {
      discard();
      return;
    }
    try {
      EntityUtils.consume(response.getEntity());
      if (DefaultClientConnectionReuseStrategy.INSTANCE.keepAlive(this, response, context)) {
        TimeValue keep =
            DefaultConnectionKeepAliveStrategy.INSTANCE.getKeepAliveDuration(response, context);
        endpoint = null;
        pool.release(ep, null, keep);
        return;
      }
    } catch (IOException | RuntimeException e) {
      // the rest did not come: the connection is not reusable
    }
    discard();
  }

  /** Closes the connection, if one was leased, and returns it to the pool as not reusable. */
  void discard() {
    ConnectionEndpoint ep = endpoint;
    endpoint = null;
    if (ep != null) {
      ep.close(CloseMode.IMMEDIATE);
      pool.release(ep, null, TimeValue.ZERO_MILLISECONDS);
    }
  }

  @Override
  public boolean cancel() {
    cancelled = true;
    LeaseRequest l = lease;
    if (l != null) {
      l.cancel();
    }
    ConnectionEndpoint ep = endpoint;
    if (ep != null) {
      ep.close(CloseMode.IMMEDIATE); // unblocks a read; the owner's discard() returns it
    }
    return true;
  }
}
