package dev.trawl.internal;

import dev.trawl.CrawlConfig;
import dev.trawl.CrawlListener;
import dev.trawl.CrawlSummary;
import dev.trawl.ItemOutcome;
import dev.trawl.PageOutcome;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/** Counts outcomes for the summary. Thread-safe. */
final class Tally implements CrawlListener {
  private final LongAdder pages = new LongAdder();
  private final LongAdder[] pagesByLevel = new LongAdder[CrawlConfig.MAX_LEVELS];
  private final List<String> levelNames;
  private final LongAdder discovered = new LongAdder();
  private final LongAdder saved = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder rewritten = new LongAdder();
  private final LongAdder fellBack = new LongAdder();
  private final LongAdder shown = new LongAdder();
  private final LongAdder thumbnails = new LongAdder();
  private final ConcurrentLinkedQueue<PageOutcome> pageFailures = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<ItemOutcome> failures = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> rejectedLines = new ConcurrentLinkedQueue<>();
  private final LongAdder rejected = new LongAdder();

  Tally(List<String> levelNames) {
    this.levelNames = List.copyOf(levelNames);
    for (int i = 0; i < pagesByLevel.length; i++) {
      pagesByLevel[i] = new LongAdder();
    }
  }

  @Override
  public void pageDone(PageOutcome outcome) {
    if (outcome.ok()) {
      pages.increment();
      shown.add(outcome.shown());
      pagesByLevel[Math.min(outcome.level(), pagesByLevel.length - 1)].increment();
    } else {
      pageFailures.add(outcome);
    }
  }

  @Override
  public void imageDiscovered(String url, String page) {
    discovered.increment();
  }

  @Override
  public void imageDone(ItemOutcome o) {
    switch (o.status()) {
      case SAVED -> {
        saved.increment();
        bytes.add(o.bytes());
        if (o.savedSmallerThan(CrawlSummary.THUMBNAIL_SIZE)) {
          thumbnails.increment();
        }
      }
      case DUPLICATE -> duplicates.increment();
      case FAILED -> {
        failed.increment();
        failures.add(o);
      }
      case SKIPPED -> skipped.increment();
    }
  }

  @Override
  public void inputRejected(String list, long line, String text) {
    rejected.increment();
    if (rejected.sum() <= CrawlSummary.REJECTED_KEPT) {
      rejectedLines.add(list + " line " + line + ": not an http(s) URL: " + text);
    }
  }

  @Override
  public void imageRewritten(String url, String rewritten, boolean fellBack) {
    this.rewritten.increment();
    if (fellBack) {
      this.fellBack.increment();
    }
  }

  long pagesFetched() {
    return pages.sum();
  }

  CrawlSummary summary(Duration elapsed, CrawlSummary.Totals totals) {
    Map<String, Long> byReason = new TreeMap<>();
    for (ItemOutcome f : failures) {
      byReason.merge(f.reason(), 1L, Long::sum);
    }
    Map<String, Long> byLevel = new LinkedHashMap<>();
    for (int i = 0; i < levelNames.size(); i++) {
      byLevel.put(levelNames.get(i), pagesByLevel[i].sum());
    }
    return new CrawlSummary(
        pages.sum(),
        byLevel,
        List.copyOf(pageFailures),
        discovered.sum(),
        saved.sum(),
        duplicates.sum(),
        failed.sum(),
        skipped.sum(),
        bytes.sum(),
        elapsed,
        byReason,
        List.copyOf(failures),
        totals,
        shown.sum(),
        thumbnails.sum(),
        List.copyOf(rejectedLines),
        rejected.sum(),
        rewritten.sum(),
        fellBack.sum());
  }
}
