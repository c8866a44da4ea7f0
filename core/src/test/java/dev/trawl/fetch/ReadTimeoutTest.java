package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trawl.testing.HostileServer;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The idle read timeout: a request fails when it waits longer than that on the network (for the
 * head, or for the next body bytes), not when its whole body takes longer, and not for time the
 * caller spends between reads. The whole-request timeout is far away in every case.
 */
class ReadTimeoutTest {
  private static final Duration READ = Duration.ofMillis(700);
  private static final Duration REQUEST = Duration.ofSeconds(60);
  // Far below the request timeout, far above the read timeout: a loaded machine stays in between.
  private static final Duration PROMPT = Duration.ofSeconds(20);
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16};

  private HostileServer server;
  private HttpFetcher http;

  @BeforeEach
  void start() throws IOException {
    server = HostileServer.start();
    http =
        new HttpFetcher(
            new HttpFetcher.Settings(
                "trawl-test", 16, 8, Duration.ofSeconds(5), READ, REQUEST, 10));
  }

  @AfterEach
  void stop() throws IOException {
    http.close();
    server.close();
  }

  private byte[] get(String path, HttpFetcher.Handler<byte[]> handler) throws IOException {
    return http.get(server.url(path), Map.of(), 1 << 20, handler);
  }

  private static byte[] all(Response r) throws IOException {
    return r.body().readAllBytes();
  }

  @Test
  void aServerThatNeverAnswersFailsAfterTheReadTimeout() {
    server.route("/a.jpg", HostileServer.Exchange::silent);

    long start = System.nanoTime();
    SocketTimeoutException e =
        catchThrowableOfType(SocketTimeoutException.class, () -> get("/a.jpg", r -> all(r)));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(e).hasMessageContaining("/a.jpg");
    assertThat(FailureReason.of(e)).isEqualTo("timeout");
    assertThat(took).isGreaterThanOrEqualTo(READ).isLessThan(PROMPT);
  }

  @Test
  void aBodyThatStopsFailsAfterTheReadTimeout() {
    server.route("/b.jpg", ex -> ex.stall(200, 1000, JPEG));

    long start = System.nanoTime();
    SocketTimeoutException e =
        catchThrowableOfType(SocketTimeoutException.class, () -> get("/b.jpg", r -> all(r)));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(e).isNotNull();
    assertThat(took).isGreaterThanOrEqualTo(READ).isLessThan(PROMPT);
  }

  @Test
  void aBodyThatKeepsComingOutlivesTheReadTimeout() throws IOException {
    byte[] body = new byte[24];
    System.arraycopy(JPEG, 0, body, 0, JPEG.length);
    // one byte every 100 ms: 2.4 s in all, more than three read timeouts, never 700 ms idle
    server.route("/c.jpg", ex -> ex.trickle(200, body, Duration.ofMillis(100)));

    assertThat(get("/c.jpg", ReadTimeoutTest::all)).isEqualTo(body);
  }

  @Test
  void timeTheCallerSpendsBetweenReadsIsNotAWaitOnTheNetwork() throws IOException {
    server.route("/d.jpg", ex -> ex.respond(200, "image/jpeg", JPEG));

    byte[] got =
        get(
            "/d.jpg",
            r -> {
              try {
                Thread.sleep(READ.multipliedBy(2)); // the bytes wait in the socket meanwhile
              } catch (InterruptedException e) {
                throw new IOException(e);
              }
              return all(r);
            });

    assertThat(got).isEqualTo(JPEG);
  }
}
