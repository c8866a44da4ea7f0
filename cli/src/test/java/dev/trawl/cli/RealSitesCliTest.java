package dev.trawl.cli;

import static dev.trawl.cli.TrawlCliTest.assertOneLineError;
import static dev.trawl.cli.TrawlCliTest.trawl;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trawl.cli.TrawlCliTest.Run;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The command line on a members-only gallery whose pictures live on a second host (127.0.0.2):
 * cookies and secret headers get every picture, and the secret is nowhere to be found afterwards:
 * not in any file under the out dir, not in stdout or stderr of get, status or retry.
 */
class RealSitesCliTest {
  private static final String SESSION = "c00k1e-5ecret-7a1b";
  private static final String TOKEN = "t0ken-5ecret-99";

  @TempDir Path tmp;

  private HttpServer gallery;
  private HttpServer pictures;
  private final List<String> pictureHostHeaders = new CopyOnWriteArrayList<>();

  /**
   * Pages on 127.0.0.1 need the session cookie (else a 302 to /login) or, with {@code wantToken},
   * the bearer token (else 401); each shows five pictures (a gallery detection is sure of) from
   * 127.0.0.2.
   */
  private String start(boolean wantToken) throws IOException {
    pictures = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
    pictures.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    pictures.createContext(
        "/",
        ex -> {
          if (!ex.getRequestURI().getPath().endsWith(".png")) {
            send(ex, 404, "not found"); // robots.txt too
            return;
          }
          pictureHostHeaders.add(String.valueOf(ex.getRequestHeaders()));
          byte[] png = png(ex.getRequestURI().getPath());
          ex.getResponseHeaders().add("Content-Type", "image/png");
          ex.sendResponseHeaders(200, png.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(png);
          }
        });
    pictures.start();
    String pics = "http://127.0.0.2:" + pictures.getAddress().getPort();
    gallery = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gallery.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    gallery.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          String cookie = String.valueOf(ex.getRequestHeaders().getFirst("Cookie"));
          String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
          if (path.equals("/login") || !path.startsWith("/members/")) {
            send(ex, path.equals("/login") ? 200 : 404, "<html>log in</html>");
          } else if (wantToken && !auth.equals("Bearer " + TOKEN)) {
            send(ex, 401, "<html>who are you?</html>");
          } else if (!wantToken && !cookie.contains("session=" + SESSION)) {
            ex.getResponseHeaders().add("Location", "/login");
            send(ex, 302, "");
          } else {
            int n = Integer.parseInt(path.substring("/members/".length()));
            StringBuilder html = new StringBuilder("<html><head>");
            if (n < 2) {
              html.append("<link rel=next href=\"/members/").append(n + 1).append("\">");
            }
            html.append("</head><body>");
            for (int i = 1; i <= 5; i++) {
              html.append("<img src=\"").append(pics).append("/p").append(n).append(i);
              html.append(".png\">");
            }
            send(ex, 200, html.append("</body></html>").toString());
          }
        });
    gallery.start();
    return "http://127.0.0.1:" + gallery.getAddress().getPort() + "/members/1";
  }

  @AfterEach
  void stop() {
    if (gallery != null) {
      gallery.stop(0);
    }
    if (pictures != null) {
      pictures.stop(0);
    }
  }

  private static byte[] png(String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] png = new byte[8 + n.length];
    byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    System.arraycopy(magic, 0, png, 0, 8);
    System.arraycopy(n, 0, png, 8, n.length);
    return png;
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  /** Every file under {@code dir} that holds {@code secret}; and how many files were searched. */
  private static List<String> filesHolding(Path dir, String secret) throws IOException {
    List<String> found = new ArrayList<>();
    byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        if (text.contains(new String(needle, StandardCharsets.ISO_8859_1))) {
          found.add(p.toString());
        }
      }
    }
    return found;
  }

  private static long pngs(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".png")).count();
    }
  }

  @Test
  void cookiesTxtGetsEveryPictureOfAMembersOnlyGalleryAndTheSecretIsNowhere() throws IOException {
    String url = start(false);
    Path cookies = tmp.resolve("cookies.txt");
    long inAYear = Instant.now().plus(Duration.ofDays(365)).getEpochSecond();
    Files.writeString(
        cookies,
        "# Netscape HTTP Cookie File\n#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t"
            + inAYear
            + "\tsession\t"
            + SESSION
            + "\n",
        StandardCharsets.UTF_8);
    Path out = tmp.resolve("out");

    Run get = trawl("get", "--cookies", cookies.toString(), "-o", out.toString(), url);
    Run status = trawl("status", out.toString());
    Run json = trawl("status", "--json", out.toString());

    assertThat(get.code()).as(get.err()).isZero();
    assertThat(pngs(out)).isEqualTo(10);
    assertThat(pictureHostHeaders).hasSize(10).noneMatch(h -> h.contains("Cookie"));
    assertThat(filesHolding(out, SESSION)).isEmpty();
    for (Run r : List.of(get, status, json)) {
      assertThat(r.out() + r.err()).doesNotContain(SESSION);
    }
    // the recorded command keeps the file's path
    assertThat(filesHolding(out, cookies.toAbsolutePath().toString())).isNotEmpty();
  }

  @Test
  void aRetryBringsTheAuthorizationHeaderTheRecordedCommandMasked() throws IOException {
    String url = start(true);
    Path out = tmp.resolve("out");

    Run refused = trawl("get", "--select", "img", "--retries", "0", "-o", out.toString(), url);
    Run retried =
        trawl(
            "retry",
            "-j",
            "2",
            "--per-host",
            "2",
            "--header",
            "Authorization: Bearer " + TOKEN,
            out.toString());
    Run again =
        trawl("get", "--header", "Authorization: Bearer " + TOKEN, "-o", out.toString(), url);
    Run status = trawl("status", out.toString());

    assertThat(refused.code()).isEqualTo(ExitCode.FATAL); // 401 on the start page
    assertThat(retried.code()).as(retried.err()).isZero();
    assertThat(pngs(out)).isEqualTo(10);
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(pictureHostHeaders).noneMatch(h -> h.contains("Authorization"));
    assertThat(filesHolding(out, TOKEN)).isEmpty();
    assertThat(filesHolding(out, "Authorization: ***")).isNotEmpty();
    for (Run r : List.of(refused, retried, again, status)) {
      assertThat(r.out() + r.err()).doesNotContain(TOKEN);
    }
  }

  @Test
  void anUnreachableProxyIsFatalAndNamed() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Run r =
        trawl(
            "get",
            "--proxy",
            "http://me:pr0xy-pass@127.0.0.1:" + port,
            "-o",
            tmp.resolve("out").toString(),
            "http://127.0.0.1:1/members/1");

    assertOneLineError(r, ExitCode.FATAL, "proxy unreachable: 127.0.0.1:" + port);
    assertThat(r.err()).doesNotContain("pr0xy-pass");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--cookies      | MISSING                      | cookies file not found: ",
        "--cookies      | COOKIES:x\\tTRUE             | :1: 2 tab-separated fields, want 7",
        "--cookies      | COOKIES:[{\"name\": \"a\"}]  | a JSON cookie export; trawl reads cookies.txt",
        "--header       | 'Authorization Bearer 5ecret-v' | bad --header 'Authorization...' (want 'Name: value'",
        "--header       | 'Bad Name: x'                | bad --header name 'Bad Name'",
        "--header       | 'X-A: a\\r\\nX-B: b'         | header injection",
        "--proxy        | 'ftp://me:5ecret-v@proxy'    | bad --proxy: 'ftp://me:***@proxy'",
        "--delay        | 3s-1s                        | bad --delay: '3s-1s' (the range ends before it starts)",
        "--limit-rate   | 0                            | bad --limit-rate: '0'",
        "--ca-certificate | MISSING                    | CA certificate file not found: ",
        "--cookies-from-browser | chrome               | chrome encrypts its cookies",
        "--referer      | sometimes                    | bad --referer: 'sometimes'",
      })
  void badInputIsOneLineNamingItExitTwoAndNothingWritten(String flag, String value, String message)
      throws IOException {
    String v = value.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t");
    if (v.equals("MISSING")) {
      v = tmp.resolve("missing.file").toString();
    } else if (v.startsWith("COOKIES:")) {
      Path f = tmp.resolve("cookies.txt");
      Files.writeString(f, v.substring("COOKIES:".length()) + "\n", StandardCharsets.UTF_8);
      v = f.toString();
    }
    Path out = tmp.resolve("out");

    Run r = trawl("get", flag, v, "-o", out.toString(), "http://127.0.0.1:1/g/1");

    assertOneLineError(r, ExitCode.USAGE, message);
    assertThat(r.err()).doesNotContain("5ecret-v");
    assertThat(out).doesNotExist();
  }
}
