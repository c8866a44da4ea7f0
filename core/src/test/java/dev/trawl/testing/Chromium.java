package dev.trawl.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Headless Chromium driven over the DevTools protocol (the one Selenium and Playwright speak to it)
 * through the JDK's WebSocket client: the system's {@code /usr/bin/chromium} (Debian's package;
 * {@code TRAWL_CHROMIUM} names another), a new empty profile, no network of its own. Records every
 * event of the page it opens, so a test can check script errors and requests.
 */
public final class Chromium implements AutoCloseable {
  /** Set to 1 to make browser tests fail instead of skip when Chromium is missing (CI does). */
  public static final String REQUIRE_ENV = "TRAWL_REQUIRE_CHROMIUM";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration CALL = Duration.ofSeconds(120);

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
  private String session;

  private record Waiter(Predicate<JsonNode> match, CompletableFuture<JsonNode> done) {}

  /** The browser binary tests use. */
  public static Path binary() {
    String named = System.getenv("TRAWL_CHROMIUM");
    return Path.of(named == null || named.isBlank() ? "/usr/bin/chromium" : named);
  }

  /** True when the browser binary is installed. */
  public static boolean available() {
    return Files.isExecutable(binary());
  }

  /** True when browser tests must run (CI), so a missing browser is a failure, not a skip. */
  public static boolean required() {
    return "1".equals(System.getenv(REQUIRE_ENV)) || "true".equals(System.getenv(REQUIRE_ENV));
  }

  /** Why a browser test is skipped, and how to run it. */
  public static String howToRun() {
    return "no Chromium at "
        + binary()
        + ": install Debian's package (apt-get install chromium) or set TRAWL_CHROMIUM to a"
        + " Chromium binary to run the contact sheet's browser test; "
        + REQUIRE_ENV
        + "=1 (as .ci/run sets) makes its absence a failure";
  }

  private Chromium(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  /** Starts the browser with a page of {@code width x height} CSS pixels. */
  public static Chromium start(int width, int height) throws IOException {
    Path profile = Files.createTempDirectory("trawl-chromium-");
    List<String> cmd =
        List.of(
            binary().toString(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-default-apps",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--hide-scrollbars",
            "--user-data-dir=" + profile,
            "--remote-debugging-port=0",
            "--window-size=" + width + "," + height,
            "about:blank");
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    CompletableFuture<String> endpoint = new CompletableFuture<>();
    StringBuilder log = new StringBuilder();
    Thread.ofVirtual()
        .name("chromium-stderr")
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  if (line.startsWith("DevTools listening on ")) {
                    endpoint.complete(line.substring("DevTools listening on ".length()).trim());
                  } else if (!endpoint.isDone() && log.length() < 4000) {
                    log.append(line).append('\n');
                  }
                }
              } catch (IOException e) {
                // the browser is gone
              }
              endpoint.completeExceptionally(
                  new IOException("chromium exited before listening:\n" + log));
            });
    try {
      String ws = endpoint.get(STARTUP.toSeconds(), TimeUnit.SECONDS);
      Chromium[] self = new Chromium[1];
      Listener listener = new Listener(self);
      WebSocket socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(URI.create(ws), listener)
              .get(STARTUP.toSeconds(), TimeUnit.SECONDS);
      self[0] = new Chromium(p, profile, socket);
      self[0].openPage();
      return self[0];
    } catch (Exception e) {
      p.destroyForcibly();
      deleteTree(profile);
      throw new IOException("cannot start chromium: " + e.getMessage(), e);
    }
  }

  private void openPage() {
    String target =
        call("Target.createTarget", Map.of("url", "about:blank"), false).get("targetId").asText();
    session =
        call("Target.attachToTarget", Map.of("targetId", target, "flatten", true), false)
            .get("sessionId")
            .asText();
    call("Page.enable", Map.of());
    call("Runtime.enable", Map.of());
    call("Log.enable", Map.of());
    call("Network.enable", Map.of());
  }

  /** Calls a method on the page; the result object. */
  public JsonNode call(String method, Map<String, ?> params) {
    return call(method, params, true);
  }

  private JsonNode call(String method, Map<String, ?> params, boolean onPage) {
    int id = ids.incrementAndGet();
    ObjectNode msg = JSON.createObjectNode();
    msg.put("id", id);
    msg.put("method", method);
    msg.set("params", JSON.valueToTree(params));
    if (onPage) {
      msg.put("sessionId", session);
    }
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    socket.sendText(msg.toString(), true).join();
    JsonNode r;
    try {
      r = reply.get(CALL.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(method + " got no answer: " + e, e);
    }
    if (r.has("error")) {
      throw new IllegalStateException(method + " failed: " + r.get("error"));
    }
    return r.get("result");
  }

  /** Opens {@code url} and waits for its load event. */
  public void open(String url) {
    CompletableFuture<JsonNode> loaded =
        next(e -> e.path("method").asText().equals("Page.loadEventFired"));
    call("Page.navigate", Map.of("url", url));
    try {
      loaded.get(CALL.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("no load event for " + url + ": " + e, e);
    }
  }

  /** Evaluates {@code expression} in the page, awaiting a promise; its value as JSON. */
  public JsonNode eval(String expression) {
    JsonNode r =
        call(
            "Runtime.evaluate",
            Map.of("expression", expression, "awaitPromise", true, "returnByValue", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("script failed: " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** A PNG of the viewport ({@code fullPage}: of the whole page). */
  public byte[] screenshot(boolean fullPage) {
    Map<String, Object> params = new java.util.HashMap<>();
    params.put("format", "png");
    params.put("captureBeyondViewport", fullPage);
    return java.util.Base64.getDecoder()
        .decode(call("Page.captureScreenshot", params).get("data").asText());
  }

  /** Every event of the page so far, of {@code method}. */
  public List<JsonNode> events(String method) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode e : events) {
      if (e.path("method").asText().equals(method)) {
        found.add(e.get("params"));
      }
    }
    return found;
  }

  /** Script errors: uncaught exceptions, console.error calls, and error entries of the log. */
  public List<String> errors() {
    List<String> errors = new ArrayList<>();
    for (JsonNode e : events("Runtime.exceptionThrown")) {
      errors.add("exception: " + e.path("exceptionDetails"));
    }
    for (JsonNode e : events("Runtime.consoleAPICalled")) {
      if (e.path("type").asText().equals("error")) {
        errors.add("console.error: " + e.path("args"));
      }
    }
    for (JsonNode e : events("Log.entryAdded")) {
      if (e.path("entry").path("level").asText().equals("error")) {
        errors.add(
            "log: "
                + e.path("entry").path("text").asText()
                + " "
                + e.path("entry").path("url").asText());
      }
    }
    return errors;
  }

  /** The URL of every request the page made. */
  public List<String> requests() {
    List<String> urls = new ArrayList<>();
    for (JsonNode e : events("Network.requestWillBeSent")) {
      urls.add(e.path("request").path("url").asText());
    }
    return urls;
  }

  /** Forgets the events so far. */
  public void clearEvents() {
    events.clear();
  }

  private CompletableFuture<JsonNode> next(Predicate<JsonNode> match) {
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    waiters.add(new Waiter(match, f));
    return f;
  }

  private void received(String text) {
    JsonNode msg;
    try {
      msg = JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (msg.has("id")) {
      CompletableFuture<JsonNode> reply = pending.remove(msg.get("id").asInt());
      if (reply != null) {
        reply.complete(msg);
      }
      return;
    }
    events.add(msg);
    for (Waiter w : waiters) {
      if (w.match().test(msg)) {
        waiters.remove(w);
        w.done().complete(msg);
      }
    }
  }

  private static final class Listener implements WebSocket.Listener {
    private final Chromium[] owner;
    private final StringBuilder part = new StringBuilder();
    private final List<String> early = new ArrayList<>();

    Listener(Chromium[] owner) {
      this.owner = owner;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      part.append(data);
      if (last) {
        String text = part.toString();
        part.setLength(0);
        if (owner[0] == null) {
          early.add(text);
        } else {
          early.forEach(owner[0]::received);
          early.clear();
          owner[0].received(text);
        }
      }
      ws.request(1);
      return null;
    }
  }

  @Override
  public void close() {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    } catch (RuntimeException e) {
      // the browser goes anyway
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteTree(profile);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temp dir left behind
    }
  }
}
