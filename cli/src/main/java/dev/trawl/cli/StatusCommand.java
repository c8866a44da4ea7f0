package dev.trawl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trawl.frontier.CrawlStore;
import dev.trawl.frontier.CrawlStore.Kind;
import dev.trawl.frontier.CrawlStore.Status;
import dev.trawl.frontier.SharedCrawlStore;
import dev.trawl.frontier.WorkerInfo;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trawl status}: what a crawl's state says, by kind and status. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    versionProvider = Trawl.Version.class,
    description = "Show a crawl's pages and images by state, failures by reason, bytes and runs.")
final class StatusCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin StateOptions state;

  @Option(names = "--json", description = "Print the status as JSON.")
  boolean json;

  /** A crawl's state in numbers. */
  record Snapshot(
      Map<Status, Long> pages,
      Map<Status, Long> images,
      Map<String, Long> imageFailures,
      Map<String, Long> pageFailures,
      long bytes,
      List<CrawlStore.Run> runs,
      List<WorkerInfo> liveWorkers,
      Instant now) {

    static Snapshot of(CrawlStore store) {
      long[] bytes = {0};
      store.forEach(Kind.IMAGE, Status.SAVED, i -> bytes[0] += i.bytes());
      List<WorkerInfo> live = new ArrayList<>();
      Instant now = Instant.now();
      if (store instanceof SharedCrawlStore shared) {
        now = shared.databaseTime();
        for (WorkerInfo w : shared.workers()) {
          if (Duration.between(w.lastSeen(), now).compareTo(LIVE) < 0) {
            live.add(w);
          }
        }
      }
      return new Snapshot(
          store.counts(Kind.PAGE),
          store.counts(Kind.IMAGE),
          store.failureReasons(Kind.IMAGE),
          store.failureReasons(Kind.PAGE),
          bytes[0],
          store.runs(),
          live,
          now);
    }
  }

  /** A worker whose last heartbeat is older than this has stopped or died. */
  static final Duration LIVE = Duration.ofSeconds(20);

  @Override
  public Integer call() {
    Snapshot s;
    try (CrawlStore store = state.open()) {
      s = Snapshot.of(store);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(json(s));
    } else {
      text(s, out);
    }
    return ExitCode.OK;
  }

  private void text(Snapshot s, PrintWriter w) {
    w.printf(
        Locale.ROOT,
        "pages    %d discovered: %d read, %d failed, %d skipped, %d queued, %d in flight%n",
        total(s.pages()),
        n(s.pages(), Status.DONE),
        n(s.pages(), Status.FAILED),
        n(s.pages(), Status.SKIPPED),
        n(s.pages(), Status.QUEUED),
        n(s.pages(), Status.LEASED));
    w.printf(
        Locale.ROOT,
        "images   %d discovered: %d saved, %d duplicate, %d failed, %d skipped, %d queued,"
            + " %d in flight%n",
        total(s.images()),
        n(s.images(), Status.SAVED),
        n(s.images(), Status.DUPLICATE),
        n(s.images(), Status.FAILED),
        n(s.images(), Status.SKIPPED),
        n(s.images(), Status.QUEUED),
        n(s.images(), Status.LEASED));
    w.printf(Locale.ROOT, "bytes    %s%n", Report.size(s.bytes()));
    if (!s.imageFailures().isEmpty()) {
      w.println("failed images by reason:");
      s.imageFailures()
          .forEach((r, n) -> w.printf(Locale.ROOT, "  %-24s %d%n", TerminalText.safe(r), n));
    }
    if (!s.pageFailures().isEmpty()) {
      w.println("failed pages by reason:");
      s.pageFailures()
          .forEach((r, n) -> w.printf(Locale.ROOT, "  %-24s %d%n", TerminalText.safe(r), n));
    }
    for (WorkerInfo wk : s.liveWorkers()) {
      w.printf(
          Locale.ROOT,
          "worker   %s pid %d: %d items done, %.1f/s, last seen %d s ago%n",
          TerminalText.safe(wk.host()),
          wk.pid(),
          wk.itemsDone(),
          wk.rate(),
          Duration.between(wk.lastSeen(), s.now()).toSeconds());
    }
    if (!s.runs().isEmpty()) {
      CrawlStore.Run last = s.runs().get(s.runs().size() - 1);
      w.printf(
          Locale.ROOT,
          "runs     %d; last started %s, %s%n",
          s.runs().size(),
          last.started(),
          last.ended() == null ? "did not finish" : "ended " + last.ended());
    }
  }

  private static String json(Snapshot s) {
    ObjectMapper m = TerminalText.json();
    ObjectNode root = m.createObjectNode();
    ObjectNode pages = root.putObject("pages");
    s.pages().forEach((k, v) -> pages.put(k.name().toLowerCase(Locale.ROOT), v));
    ObjectNode images = root.putObject("images");
    s.images().forEach((k, v) -> images.put(k.name().toLowerCase(Locale.ROOT), v));
    ObjectNode fi = root.putObject("failed_images_by_reason");
    s.imageFailures().forEach(fi::put);
    ObjectNode fp = root.putObject("failed_pages_by_reason");
    s.pageFailures().forEach(fp::put);
    root.put("bytes", s.bytes());
    var runs = root.putArray("runs");
    for (CrawlStore.Run r : s.runs()) {
      ObjectNode o = runs.addObject();
      o.put("id", r.id());
      o.put("worker", r.worker());
      o.put("started", String.valueOf(r.started()));
      o.put("ended", r.ended() == null ? null : r.ended().toString());
    }
    var workers = root.putArray("workers");
    for (WorkerInfo wk : s.liveWorkers()) {
      ObjectNode o = workers.addObject();
      o.put("worker", wk.worker());
      o.put("host", wk.host());
      o.put("pid", wk.pid());
      o.put("items_done", wk.itemsDone());
      o.put("rate", wk.rate());
      o.put("last_seen", wk.lastSeen().toString());
    }
    return root.toString();
  }

  private static long total(Map<Status, Long> counts) {
    long t = 0;
    for (long n : counts.values()) {
      t += n;
    }
    return t;
  }

  private static long n(Map<Status, Long> counts, Status s) {
    return counts.getOrDefault(s, 0L);
  }
}
