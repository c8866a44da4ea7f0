package dev.trawl.cli;

import dev.trawl.Crawler;
import dev.trawl.DetectedGallery;
import dev.trawl.GalleryInspector;
import dev.trawl.frontier.UrlList;
import dev.trawl.frontier.UrlTemplate;
import java.io.FilterInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trawl get}: crawl listing pages and download the images they show. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    versionProvider = Trawl.Version.class,
    description = {
      "Crawl the given listing page(s) and download the images they show.",
      "Without --select and --follow the gallery is detected on the first page (see trawl"
          + " inspect).",
      "URL templates: '{A..B}' expands to pages A..B; '{A..}' runs until a page answers 404"
          + " or shows no new image; '{,A..B}' and '{,A..}' put an unnumbered page first"
          + " (Album{,2..}.html: Album.html, Album2.html, ...)."
    })
final class GetCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "URL", arity = "0..*", description = "Listing pages or templates.")
  List<String> urls;

  @Option(
      names = "--recipe",
      paramLabel = "FILE.toml",
      description = "Options from a file; flags override it.")
  Path recipe;

  @Option(names = "--quiet", description = "No progress; the summary only when something failed.")
  boolean quiet;

  @Option(names = "--json", description = "Print the summary as JSON on stdout.")
  boolean json;

  @Option(
      names = {"-i", "--input-file"},
      paramLabel = "FILE",
      description =
          "Also start from the URLs in FILE ('-' for stdin): one per line, blank lines and #"
              + " comments skipped. A picture URL is saved as is, a page or sitemap crawled as a"
              + " start URL; a line that is not an http(s) URL is reported by number (exit 1).")
  String inputFile;

  @Option(
      names = {"-g", "--get-urls"},
      description =
          "Print each picture URL the crawl would download (after rewrites), one per line on"
              + " stdout, and download nothing: pages are fetched, nothing is written under the"
              + " out dir.")
  boolean getUrls;

  @Mixin CrawlOptions options;

  @Mixin RunOptions run;

  @Override
  public Integer call() {
    Recipe r = recipe == null ? Recipe.empty() : Recipe.read(recipe);
    List<String> start = urls != null && !urls.isEmpty() ? urls : r.strings("urls");
    if ((start == null || start.isEmpty()) && inputFile == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "missing URL");
    }
    if (getUrls && options.store != null) {
      throw new IllegalArgumentException(
          "--get-urls cannot be used with --store: a dry run keeps no crawl state");
    }
    Crawler.Builder b =
        Crawler.builder().start(start == null ? new String[0] : start.toArray(String[]::new));
    options.apply(r, b);
    run.apply(r, System.getenv(), b);
    if (inputFile != null) {
      b.input(inputList(inputFile));
    }
    if (getUrls) {
      b.store(null).listOnly(true); // not even $TRAWL_STORE: nothing is kept
    }
    b.description(RunArgs.describe(spec.commandLine().getParseResult().originalArgs()));
    PrintWriterPair io = PrintWriterPair.of(spec);
    if (!options.configures(r) && start != null && !start.isEmpty()) {
      detect(b, start, r, io);
    }
    return CrawlJob.run(b, new CrawlJob.Output(io.out(), io.err(), quiet, json, getUrls)).code();
  }

  /** The list in {@code name}, or stdin for "-"; a file that is not there is bad input. */
  static UrlList inputList(String name) {
    if (name.equals("-")) {
      // stdin is the process's: the crawl reads it and leaves it open
      return new UrlList(
          "-",
          () ->
              new FilterInputStream(System.in) {
                @Override
                public void close() {}
              });
    }
    Path file = Path.of(name);
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException("input file not found or not readable: " + name);
    }
    return UrlList.of(file);
  }

  /**
   * No --select, --follow or levels given: the gallery on the first start page decides the levels,
   * one stderr line per decision (none with --quiet); --next, --attr, --rewrite and --fallback
   * still override.
   */
  private void detect(Crawler.Builder b, List<String> start, Recipe r, PrintWriterPair io) {
    UrlTemplate first = UrlTemplate.parse(start.get(0));
    String url = first.url(first.first());
    DetectedGallery g =
        GalleryInspector.inspect(
            url,
            b.build().config(),
            d -> {
              if (!quiet) {
                io.err().println("trawl: " + TerminalText.safe(d));
              }
            });
    g = options.override(g, r);
    b.levels(g.crawlLevels());
    List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
    boolean plain = start.size() == 1 && start.get(0).equals(url);
    if (plain) {
      for (String template : g.urls().subList(1, g.urls().size())) { // a page number pager
        b.start(template);
        args.add(template);
      }
    }
    // retry and worker rerun the recorded command: record what was detected, not detect again
    args.addAll(options.flagsFor(g));
    b.description(RunArgs.describe(args));
  }
}
