package dev.trawl.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trawl.frontier.CrawlStore;
import dev.trawl.frontier.MemoryCrawlStore;
import dev.trawl.frontier.PictureInfo;
import dev.trawl.testing.Chromium;
import dev.trawl.testing.Pictures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The contact sheet's cost at 10,000 and 100,000 pictures, for docs/benchmarks.md (a measurement,
 * not a test): the time to write it, its size, and in headless Chromium the time from navigation to
 * the first sheet page rendered and to the load event, and to turn to the last sheet page. Run with
 * the test classpath; arguments are the picture counts (default 10000 100000).
 */
public final class ContactSheetMeasure {
  private static final int PER_LISTING = 48;
  private static final int RUNS = 3;

  private ContactSheetMeasure() {}

  public static void main(String[] args) throws Exception {
    int[] counts = args.length == 0 ? new int[] {10_000, 100_000} : parse(args);
    for (int n : counts) {
      measure(n);
    }
  }

  private static int[] parse(String[] args) {
    int[] n = new int[args.length];
    for (int i = 0; i < args.length; i++) {
      n[i] = Integer.parseInt(args[i]);
    }
    return n;
  }

  private static void measure(int pictures) throws Exception {
    Path out = Files.createTempDirectory("trawl-sheet-" + pictures + "-");
    // a few distinct files, each linked under many names: the sheet's cost is per picture
    List<Path> originals = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      Path p = out.resolve(".trawl-original-" + i + ".jpg");
      Files.write(p, Pictures.drawn("jpg", 320 + 8 * i, 240, i));
      originals.add(p);
    }
    MemoryCrawlStore store = new MemoryCrawlStore();
    long run = store.beginRun("measure", "");
    List<CrawlStore.Entry> entries = new ArrayList<>(pictures);
    for (int i = 0; i < pictures; i++) {
      int page = i / PER_LISTING + 1;
      String meta =
          PictureInfo.found(
                  i % PER_LISTING + 1,
                  "Work " + i,
                  "Pictures - page " + page + " - Demo",
                  (long) page)
              .withSize(320, 240)
              .encode();
      entries.add(
          new CrawlStore.Entry(
              CrawlStore.Kind.IMAGE,
              "http://gallery.test/uploads/thumbMid_" + i + ".jpg",
              "http://gallery.test/uploads/thumbMid_" + i + ".jpg",
              "http://gallery.test/picture/lists/p/" + page,
              meta));
    }
    store.add(entries);
    List<CrawlStore.Result> results = new ArrayList<>(pictures);
    for (CrawlStore.Claim c : store.claim("measure", pictures, Duration.ofHours(1))) {
      String file = "thumbMid_" + c.id() + ".jpg";
      Files.createLink(out.resolve(file), originals.get((int) (c.id() % originals.size())));
      results.add(
          new CrawlStore.Result(
              c.id(),
              CrawlStore.Status.SAVED,
              c.url(),
              file,
              20_000,
              "00",
              "image/jpeg",
              null,
              1,
              Instant.now(),
              null,
              null,
              null));
    }
    store.finish(results);
    store.endRun(run);

    long t0 = System.nanoTime();
    ContactSheet.write(out, store);
    long writeMs = (System.nanoTime() - t0) / 1_000_000;
    long size = Files.size(out.resolve(ContactSheet.FILE_NAME));
    String url = out.resolve(ContactSheet.FILE_NAME).toUri().toString();
    try (Chromium chromium = Chromium.start(1280, 900)) {
      for (int r = 0; r < RUNS; r++) {
        long s = System.nanoTime();
        chromium.open(url + "#r" + r);
        long wall = (System.nanoTime() - s) / 1_000_000;
        JsonNode t =
            chromium.eval(
                "(() => { const n = performance.getEntriesByType('navigation')[0];"
                    + " const m = performance.getEntriesByName('trawl-sheet-rendered')[0];"
                    + " return {rendered: m ? m.startTime : -1, load: n.loadEventEnd,"
                    + " pages: window.trawlSheet.pages}; })()");
        JsonNode turn =
            chromium.eval(
                "(() => { const s = performance.now(); window.trawlSheet.go(window.trawlSheet.pages"
                    + " - 1); return performance.now() - s; })()");
        System.out.printf(
            Locale.ROOT,
            "%,d pictures: sheet %,d bytes written in %d ms; Chromium: rendered %.0f ms, load"
                + " event %.0f ms (navigate to load %d ms), last of %d sheet pages in %.0f ms%n",
            pictures,
            size,
            writeMs,
            t.get("rendered").asDouble(),
            t.get("load").asDouble(),
            wall,
            t.get("pages").asInt(),
            turn.asDouble());
        chromium.open("about:blank");
      }
    } finally {
      try (java.util.stream.Stream<Path> all = Files.walk(out)) {
        for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
