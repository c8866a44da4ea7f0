package dev.trawl.cli;

import dev.trawl.CrawlSummary;
import dev.trawl.Crawler;
import dev.trawl.demo.DemoGallery;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trawl demo}: serves the bundled gallery on loopback and crawls it with the seed's recipe,
 * then shows how long the seed's one-request-at-a-time crawl takes for the same job.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = Trawl.Version.class,
    description = {
      "Serve the bundled demo gallery on loopback and crawl it with the seed's recipe",
      "(recipes/seed-gallery.toml), then time the same crawl one request at a time."
    })
final class DemoCommand implements Callable<Integer> {
  static final String RECIPE = "recipes/seed-gallery.toml";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--serve", description = "Only serve the gallery, until Ctrl-C.")
  boolean serve;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "Port to serve on (default: a free one).")
  int port;

  @Option(
      names = "--latency",
      paramLabel = "MS",
      description = "Delay before every response, standing in for the network (default: 50).")
  int latency = 50;

  @Option(names = "--pages", paramLabel = "N", description = "Listing pages (default: 16).")
  int pages = 16;

  @Option(
      names = "--works",
      paramLabel = "N",
      description = "Works per listing page (default: 12).")
  int works = 12;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "DIR",
      description = "Where pictures go (default: ./imgs).")
  Path out = Path.of("imgs");

  @Option(
      names = {"-j", "--concurrency"},
      paramLabel = "N",
      description = "Requests in flight (default: " + Crawler.DEFAULT_CONCURRENCY + ").")
  int concurrency = Crawler.DEFAULT_CONCURRENCY;

  @Option(names = "--no-serial", description = "Skip the one-request-at-a-time comparison.")
  boolean noSerial;

  @Option(names = "--quiet", description = "No progress display.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("bad port: " + port);
    }
    if (latency < 0) {
      throw new IllegalArgumentException("latency < 0: " + latency);
    }
    CrawlOptions.CONCURRENCY.check(concurrency);
    if (pages < 1 || works < 1) {
      throw new IllegalArgumentException("pages and works must be >= 1: " + pages + ", " + works);
    }
    PrintWriterPair io = PrintWriterPair.of(spec);
    PrintWriter w = io.out();
    try (DemoGallery gallery =
        DemoGallery.builder()
            .port(port)
            .latency(Duration.ofMillis(latency))
            .pages(pages)
            .worksPerPage(works)
            .start()
            .prerender()) {
      if (serve) {
        w.printf(
            "demo gallery at %s (%d ms per request), Ctrl-C to stop%n", gallery.baseUri(), latency);
        w.printf("  try: ./trawl get --recipe %s '%s'%n", RECIPE, gallery.listingTemplate());
        w.flush();
        new CountDownLatch(1).await();
        return ExitCode.OK;
      }
      Recipe recipe = bundledRecipe();
      w.printf(
          "demo gallery at %s: %d pages x %d works, %d ms per request%n",
          gallery.baseUri(), pages, works, latency);
      w.printf("crawling %s with %s into %s%n", gallery.listingTemplate(), RECIPE, out);
      w.flush();
      CrawlJob.Result result =
          CrawlJob.run(
              crawl(gallery, recipe, out, concurrency),
              new CrawlJob.Output(io.out(), io.err(), quiet, false));
      if (result.summary() != null && quiet) {
        w.printf("contact sheet: %s%n", CrawlJob.sheet(out)); // the report names it otherwise
      }
      if (result.summary() == null || noSerial) {
        return result.code();
      }
      w.printf("%nnow the seed's way: the same crawl, one request at a time ...%n");
      w.flush();
      Path tmp = Files.createTempDirectory("trawl-serial-");
      try {
        CrawlSummary serial =
            crawl(gallery, recipe, tmp, 1).perHost(1).contactSheet(false).build().run();
        double ratio =
            serial.elapsed().toNanos() / (double) Math.max(1, result.summary().elapsed().toNanos());
        w.printf(
            Locale.ROOT,
            "serial: %s   trawl (-j %d): %s   %.1fx faster%n",
            Report.seconds(serial.elapsed().toNanos()),
            concurrency,
            Report.seconds(result.summary().elapsed().toNanos()),
            ratio);
      } finally {
        deleteTree(tmp);
      }
      return result.code();
    }
  }

  private static Crawler.Builder crawl(DemoGallery g, Recipe recipe, Path out, int concurrency) {
    Crawler.Builder b = Crawler.builder().start(g.listingTemplate());
    new CrawlOptions().apply(recipe, b);
    return b.outDir(out).concurrency(concurrency);
  }

  static Recipe bundledRecipe() throws IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream("/" + RECIPE)) {
      if (in == null) {
        throw new IOException("missing bundled " + RECIPE);
      }
      return Recipe.parse(RECIPE, in);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
