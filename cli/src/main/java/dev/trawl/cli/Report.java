package dev.trawl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trawl.CrawlSummary;
import dev.trawl.ItemOutcome;
import dev.trawl.PageOutcome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a crawl's summary for people (text) or programs (JSON). */
final class Report {
  private static final int LISTED = 20;

  private Report() {}

  static void text(CrawlSummary s, Path out, PrintWriter w) {
    w.printf(Locale.ROOT, "trawl: done in %s%n", seconds(s.elapsed().toNanos()));
    w.printf(
        Locale.ROOT,
        "  pages   %d read%s%s%n",
        s.pagesFetched(),
        byLevel(s.pagesByLevel()),
        s.pageFailures().isEmpty() ? "" : ", " + s.pageFailures().size() + " failed");
    w.printf(
        Locale.ROOT,
        "  images  %d found: %d saved, %d duplicates, %d failed, %d skipped%n",
        s.imagesDiscovered(),
        s.saved(),
        s.duplicates(),
        s.failed(),
        s.skipped());
    w.printf(Locale.ROOT, "  bytes   %s at %.1f images/s%n", size(s.bytes()), s.imagesPerSecond());
    CrawlSummary.Totals t = s.totals();
    if (t.saved() != s.saved() || t.failed() != s.failed() || t.open() > 0) {
      w.printf(
          Locale.ROOT,
          "  crawl   %d saved, %d duplicates, %d failed, %d skipped, %d open (all runs)%n",
          t.saved(),
          t.duplicates(),
          t.failed(),
          t.skipped(),
          t.open());
    }
    w.printf(Locale.ROOT, "  out     %s%n", out.toAbsolutePath().normalize());
    if (s.rewriteLooksWrong()) {
      w.printf(Locale.ROOT, "warning: %s%n", rewriteWarning(s));
    }
    if (!s.failuresByReason().isEmpty()) {
      w.println("failed by reason:");
      s.failuresByReason()
          .forEach(
              (reason, n) -> w.printf(Locale.ROOT, "  %-20s %d%n", TerminalText.safe(reason), n));
      List<ItemOutcome> f = s.failures();
      for (ItemOutcome o : f.subList(0, Math.min(LISTED, f.size()))) {
        // the URL requested (after rewrites), which is the one that answered the failure
        String url = o.finalUrl() != null ? o.finalUrl() : o.url();
        w.printf(
            Locale.ROOT,
            "  failed: %s (%s)%n",
            TerminalText.safe(url),
            TerminalText.safe(o.reason()));
      }
      if (f.size() > LISTED) {
        w.printf(Locale.ROOT, "  ... and %d more in manifest.jsonl%n", f.size() - LISTED);
      }
    }
    if (s.rejected() > 0) {
      w.printf(Locale.ROOT, "  input   %d lines skipped: not http(s) URLs%n", s.rejected());
      s.rejectedLines().forEach(line -> w.printf(Locale.ROOT, "  skipped: %s%n", line));
      if (s.rejected() > s.rejectedLines().size()) {
        w.printf(Locale.ROOT, "  ... and %d more%n", s.rejected() - s.rejectedLines().size());
      }
    }
    for (PageOutcome p : s.pageFailures()) {
      w.printf(
          Locale.ROOT,
          "  page failed: %s (%s)%n",
          TerminalText.safe(p.url()),
          TerminalText.safe(p.reason()));
    }
  }

  /**
   * The one line that ends a crawl that brought nothing worth having ({@link
   * CrawlSummary#shortfall()}), with what to try on {@code start}.
   */
  static String shortfall(CrawlSummary s, String start) {
    String tryThese =
        "try `trawl inspect "
            + start
            + "` to see what the pages hold, --follow CSS to open the pages they link to"
            + " (--follow-tree CSS for albums of albums), or --attr href to take links instead of"
            + " thumbnails";
    return switch (s.shortfall()) {
      case NOTHING_SAVED ->
          String.format(
              Locale.ROOT,
              "trawl: no picture saved, though the %s read %s; %s",
              count(s.pagesFetched(), "page", "pages"),
              (s.pagesFetched() == 1 ? "shows " : "show ")
                  + count(s.picturesShown(), "picture", "pictures"),
              tryThese);
      case NOTHING_SHOWN ->
          String.format(
              Locale.ROOT,
              "trawl: no picture saved: the %s read %s none (pictures drawn by scripts are"
                  + " not seen); %s",
              count(s.pagesFetched(), "page", "pages"),
              s.pagesFetched() == 1 ? "shows" : "show",
              tryThese);
      case ONLY_THUMBNAILS ->
          String.format(
              Locale.ROOT,
              "trawl: %s saved %s thumbnail-sized (under %dx%d); the full-size ones are likely"
                  + " a link away: %s",
              s.saved() == 1 ? "the only picture" : "all " + s.saved() + " pictures",
              s.saved() == 1 ? "is" : "are",
              CrawlSummary.THUMBNAIL_SIZE,
              CrawlSummary.THUMBNAIL_SIZE,
              tryThese);
      case NONE -> throw new IllegalArgumentException("no shortfall in " + s);
    };
  }

  private static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  /** " (5 listing + 40 work)" for a crawl of more than one level, else "". */
  static String byLevel(Map<String, Long> pages) {
    if (pages.size() < 2) {
      return "";
    }
    StringBuilder b = new StringBuilder(" (");
    pages.forEach(
        (name, n) -> b.append(b.length() > 2 ? " + " : "").append(n).append(' ').append(name));
    return b.append(')').toString();
  }

  /** "the rewrite fell back on 12 of 12 pictures: check --rewrite" */
  static String rewriteWarning(CrawlSummary s) {
    return "the rewrite fell back on "
        + s.fellBack()
        + " of "
        + s.rewritten()
        + " pictures: check --rewrite";
  }

  static void json(CrawlSummary s, Path out, PrintWriter w) {
    ObjectMapper m = TerminalText.json();
    ObjectNode root = m.createObjectNode();
    root.put("out", out.toAbsolutePath().normalize().toString());
    root.put("pages_fetched", s.pagesFetched());
    root.put("pages_failed", s.pageFailures().size());
    root.put("input_lines_skipped", s.rejected());
    ArrayNode skippedLines = root.putArray("input_lines_skipped_first");
    s.rejectedLines().forEach(skippedLines::add);
    ObjectNode byLevel = root.putObject("pages_by_level");
    s.pagesByLevel().forEach(byLevel::put);
    root.put("images_discovered", s.imagesDiscovered());
    root.put("saved", s.saved());
    root.put("duplicates", s.duplicates());
    root.put("failed", s.failed());
    root.put("skipped", s.skipped());
    root.put("bytes", s.bytes());
    root.put("elapsed_ms", s.elapsed().toMillis());
    root.put("images_per_second", Math.round(s.imagesPerSecond() * 10) / 10.0);
    root.put("pictures_shown", s.picturesShown());
    root.put("thumbnails", s.thumbnails());
    root.put("shortfall", s.shortfall().name().toLowerCase(Locale.ROOT));
    root.put("rewritten", s.rewritten());
    root.put("fell_back", s.fellBack());
    ArrayNode warnings = root.putArray("warnings");
    if (s.rewriteLooksWrong()) {
      warnings.add(rewriteWarning(s));
    }
    ObjectNode totals = root.putObject("crawl");
    totals.put("pages_read", s.totals().pagesRead());
    totals.put("pages_failed", s.totals().pagesFailed());
    totals.put("saved", s.totals().saved());
    totals.put("duplicates", s.totals().duplicates());
    totals.put("failed", s.totals().failed());
    totals.put("skipped", s.totals().skipped());
    totals.put("open", s.totals().open());
    ObjectNode reasons = root.putObject("failed_by_reason");
    for (Map.Entry<String, Long> e : s.failuresByReason().entrySet()) {
      reasons.put(e.getKey(), e.getValue());
    }
    ArrayNode failures = root.putArray("failures");
    for (ItemOutcome o : s.failures()) {
      failures
          .addObject()
          .put("url", o.url())
          .put("final_url", o.finalUrl())
          .put("page", o.page())
          .put("reason", o.reason());
    }
    ArrayNode pages = root.putArray("page_failures");
    for (PageOutcome p : s.pageFailures()) {
      pages.addObject().put("url", p.url()).put("reason", p.reason());
    }
    try {
      w.println(m.writeValueAsString(root));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String units = "KMGT";
    double v = bytes;
    int i = -1;
    while (v >= 1024 && i < units.length() - 1) {
      v /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, "%.1f %siB", v, units.charAt(i));
  }
}
