package dev.trawl.cli;

import dev.trawl.CrawlConfig;
import dev.trawl.CrawlListener;
import dev.trawl.ItemOutcome;
import dev.trawl.PageOutcome;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a crawl's progress: a bar on a terminal (its total grows as pages discover images), plain
 * lines every few seconds otherwise, nothing when quiet.
 */
abstract class Progress implements CrawlListener, AutoCloseable {
  final LongAdder pagesDiscovered = new LongAdder();
  final LongAdder pagesDone = new LongAdder();
  final LongAdder[] pagesDoneByLevel = new LongAdder[CrawlConfig.MAX_LEVELS];
  private volatile List<String> levelNames = List.of();

  Progress() {
    for (int i = 0; i < pagesDoneByLevel.length; i++) {
      pagesDoneByLevel[i] = new LongAdder();
    }
  }

  /** The crawl's level names, to count pages per level when there are more than one. */
  void levels(List<String> names) {
    levelNames = List.copyOf(names);
  }

  final LongAdder imagesDiscovered = new LongAdder();
  final LongAdder imagesDone = new LongAdder();
  final LongAdder saved = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder bytes = new LongAdder();

  static Progress quiet() {
    return new Progress() {
      @Override
      public void close() {}
    };
  }

  static Progress bar(String task, PrintStream terminal) {
    return new Bar(task, terminal);
  }

  static Progress lines(PrintWriter err, Duration every) {
    return new Lines(err, every);
  }

  @Override
  public void resumed(long pages, long images) {
    pagesDiscovered.add(pages);
    imagesDiscovered.add(images);
  }

  @Override
  public void pageDiscovered(String url, int level) {
    pagesDiscovered.increment();
  }

  @Override
  public void pageDone(PageOutcome outcome) {
    pagesDone.increment();
    pagesDoneByLevel[Math.min(outcome.level(), pagesDoneByLevel.length - 1)].increment();
  }

  @Override
  public void imageDiscovered(String url, String page) {
    imagesDiscovered.increment();
  }

  @Override
  public void imageDone(ItemOutcome outcome) {
    imagesDone.increment();
    switch (outcome.status()) {
      case SAVED -> saved.increment();
      case FAILED -> failed.increment();
      default -> {}
    }
  }

  @Override
  public void bytesReceived(long n) {
    bytes.add(n);
  }

  String status() {
    return "pages "
        + pagesDone.sum()
        + "/"
        + pagesDiscovered.sum()
        + byLevel()
        + ", saved "
        + saved.sum()
        + (failed.sum() > 0 ? ", failed " + failed.sum() : "")
        + ", "
        + Report.size(bytes.sum());
  }

  /** " (5 listing + 40 work)" when the crawl has more than one level, else "". */
  private String byLevel() {
    Map<String, Long> pages = new LinkedHashMap<>();
    List<String> names = levelNames;
    for (int i = 0; i < names.size(); i++) {
      pages.put(names.get(i), pagesDoneByLevel[i].sum());
    }
    return Report.byLevel(pages);
  }

  @Override
  public abstract void close();

  /** A progress bar on the terminal, refreshed by its own thread. */
  private static final class Bar extends Progress {
    private final ProgressBar bar;

    Bar(String task, PrintStream terminal) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(task)
              .setInitialMax(0)
              .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
              .setUpdateIntervalMillis(200)
              .setUnit(" img", 1)
              .showSpeed()
              .setConsumer(new ConsoleProgressBarConsumer(terminal))
              .build();
    }

    @Override
    public void resumed(long pages, long images) {
      super.resumed(pages, images);
      bar.maxHint(imagesDiscovered.sum());
    }

    @Override
    public void imageDiscovered(String url, String page) {
      super.imageDiscovered(url, page);
      bar.maxHint(imagesDiscovered.sum());
    }

    @Override
    public void imageDone(ItemOutcome outcome) {
      super.imageDone(outcome);
      bar.stepTo(imagesDone.sum());
      bar.setExtraMessage(status());
    }

    @Override
    public void pageDone(PageOutcome outcome) {
      super.pageDone(outcome);
      bar.setExtraMessage(status());
    }

    @Override
    public void close() {
      bar.setExtraMessage(status());
      bar.close();
    }
  }

  /** A status line every few seconds, for logs and pipes. */
  private static final class Lines extends Progress {
    private final Thread ticker;
    private final long started = System.nanoTime();

    Lines(PrintWriter err, Duration every) {
      ticker =
          Thread.ofVirtual()
              .name("trawl-progress")
              .start(
                  () -> {
                    try {
                      long last = 0;
                      while (true) {
                        Thread.sleep(every);
                        long now = pagesDone.sum() + imagesDone.sum() + bytes.sum();
                        if (now == last) {
                          continue; // a line only when something moved
                        }
                        last = now;
                        double s = (System.nanoTime() - started) / 1e9;
                        err.printf(
                            "trawl: %s/%s images, %s, %.1f img/s%n",
                            imagesDone.sum(),
                            imagesDiscovered.sum(),
                            status(),
                            imagesDone.sum() / s);
                      }
                    } catch (InterruptedException e) {
                      // closed
                    }
                  });
    }

    @Override
    public void close() {
      ticker.interrupt();
      try {
        ticker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
