package dev.trawl.cli;

import dev.trawl.CrawlException;
import dev.trawl.CrawlListener;
import dev.trawl.CrawlSummary;
import dev.trawl.Crawler;
import dev.trawl.Level;
import dev.trawl.aio.CancelledException;
import dev.trawl.frontier.UrlTemplate;
import dev.trawl.store.ContactSheet;
import java.io.Console;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Runs one crawl for a command: progress, Ctrl-C, the report and the exit code. */
final class CrawlJob {
  /** How a command wants its output. */
  /**
   * How a command wants its output.
   *
   * @param getUrls a dry run: each picture URL on {@code out}, one per line, the summary on {@code
   *     err}
   */
  record Output(PrintWriter out, PrintWriter err, boolean quiet, boolean json, boolean getUrls) {
    Output(PrintWriter out, PrintWriter err, boolean quiet, boolean json) {
      this(out, err, quiet, json, false);
    }
  }

  private CrawlJob() {}

  /** The exit code, and the summary when the crawl ran to its end. */
  record Result(int code, CrawlSummary summary) {}

  /** Runs the crawl; the report goes to out, problems to err. */
  static Result run(Crawler.Builder builder, Output o) {
    try (Progress progress = progress(o)) {
      AtomicLong pagerLimit = new AtomicLong();
      CrawlListener pagers =
          new CrawlListener() {
            @Override
            public void pagerLimitReached(long limit) {
              pagerLimit.set(limit);
            }
          };
      Crawler crawler =
          builder
              .listener(
                  o.getUrls()
                      ? CrawlListener.of(progress, pagers, urls(o.out()))
                      : CrawlListener.of(progress, pagers))
              .build();
      progress.levels(crawler.config().levels().stream().map(Level::name).toList());
      if (crawler.config().storeUrl() != null && !o.quiet() && !o.json()) {
        o.err()
            .printf(
                "trawl: shared crawl '%s'; more workers join with: trawl worker --store URL"
                    + " --crawl '%s' -o DIR%n",
                crawler.config().crawlName(), crawler.config().crawlName());
      }
      CrawlSummary summary;
      SignalHandler previous = onInterrupt(crawler);
      try {
        summary = crawler.run();
      } finally {
        restore(previous);
      }
      progress.close();
      if (pagerLimit.get() > 0) {
        o.err()
            .printf(
                "trawl: pagers stopped after %d pages (the default limit for next links and open"
                    + " ranges); --max-pages N to go further, --max-pages 0 for no limit%n",
                pagerLimit.get());
      }
      // a dry run's stdout is the list of URLs, for pipes: the summary goes to stderr
      PrintWriter report = o.getUrls() ? o.err() : o.out();
      if (o.json()) {
        Report.json(summary, crawler.config().outDir(), report);
      } else if (!o.quiet() || !summary.complete()) {
        Report.text(summary, crawler.config().outDir(), report);
        if (crawler.config().contactSheet() && !o.getUrls()) {
          report.printf("  sheet   %s%n", sheet(crawler.config().outDir()));
        }
      }
      CrawlSummary.Shortfall shortfall = summary.shortfall();
      boolean nothingSaved = shortfall == CrawlSummary.Shortfall.NOTHING_SAVED;
      if (shortfall != CrawlSummary.Shortfall.NONE && (!o.quiet() || nothingSaved)) {
        List<UrlTemplate> start = crawler.config().start();
        String shown =
            start.isEmpty()
                ? crawler.config().input().name()
                : start.get(0).url(start.get(0).first());
        o.err().println(Report.shortfall(summary, shown));
      }
      boolean ok = summary.complete() && !nothingSaved;
      return new Result(ok ? ExitCode.OK : ExitCode.SOME_FAILED, summary);
    } catch (CrawlException e) {
      o.err().println("trawl: " + TerminalText.safe(e.getMessage()));
      return new Result(ExitCode.FATAL, null);
    } catch (CancelledException e) {
      o.err().println("trawl: interrupted; saved pictures are complete, nothing partial was kept");
      return new Result(ExitCode.INTERRUPTED, null);
    }
  }

  /** Prints each listed picture URL on its own line. */
  private static CrawlListener urls(PrintWriter out) {
    return new CrawlListener() {
      @Override
      public void imageListed(String url, String page) {
        out.println(url);
      }
    };
  }

  /** The contact sheet of an out dir, as a URL a browser opens. */
  static String sheet(Path outDir) {
    return outDir.toAbsolutePath().normalize().resolve(ContactSheet.FILE_NAME).toUri().toString();
  }

  private static Progress progress(Output o) {
    if (o.quiet() || o.json()) {
      return Progress.quiet();
    }
    if (isTerminal()) {
      return Progress.bar("trawl", new PrintStream(System.err, true, StandardCharsets.UTF_8));
    }
    return Progress.lines(o.err(), Duration.ofSeconds(5));
  }

  private static boolean isTerminal() {
    Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      // JDK 22+ returns a Console even when redirected; isTerminal() tells the truth.
      return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  private static SignalHandler onInterrupt(Crawler crawler) {
    try {
      return Signal.handle(
          new Signal("INT"),
          sig -> {
            // A second Ctrl-C kills at once.
            Signal.handle(new Signal("INT"), SignalHandler.SIG_DFL);
            crawler.cancel();
          });
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      return null;
    }
  }

  private static void restore(SignalHandler previous) {
    if (previous != null) {
      try {
        Signal.handle(new Signal("INT"), previous);
      } catch (IllegalArgumentException e) {
        // not ours to restore
      }
    }
  }
}
