package dev.trawl.cli;

import dev.trawl.CrawlConfig;
import dev.trawl.Crawler;
import dev.trawl.DetectedGallery;
import dev.trawl.Level;
import dev.trawl.extract.ExtractRules;
import dev.trawl.rewrite.RewriteRule;
import dev.trawl.rewrite.UrlRewriter;
import dev.trawl.store.PictureFilters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Option;

/**
 * The crawl options shared by commands. Every field is null unless given, so that a flag overrides
 * the recipe and the recipe overrides the defaults, which live in {@link Crawler} and {@link
 * ExtractRules}.
 */
final class CrawlOptions {
  // Every numeric option's range, documented in the README's table; outside it is exit 2.
  static final Range MAX_PAGES = new Range("--max-pages", 0, 1_000_000_000, "");
  static final Range CONCURRENCY = new Range("--concurrency", 1, Crawler.MAX_CONCURRENCY, "");
  static final Range PER_HOST = new Range("--per-host", 1, Crawler.MAX_CONCURRENCY, "");
  static final Range MAX_FILE_SIZE = new Range("--max-file-size", 1, 1L << 40, " bytes (1T)");
  static final Range TIMEOUT = new Range("--timeout", 1, 86_400, " seconds");
  static final Range RETRIES = new Range("--retries", 0, 100, "");
  static final DurationRange DELAY = new DurationRange("--delay", Duration.ofHours(1), "1h");
  static final DurationRange MAX_RETRY_AFTER =
      new DurationRange("--max-retry-after", Duration.ofDays(1), "24h");
  static final DurationRange MAX_CRAWL_DELAY =
      new DurationRange("--max-crawl-delay", Duration.ofHours(1), "1h");

  /** A whole-number option's range; {@link #check} names the option and the range. */
  record Range(String option, long min, long max, String unit) {
    long check(long value) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT, "%s must be %,d to %,d%s: %d", option, min, max, unit, value));
      }
      return value;
    }
  }

  /** A duration option's range, from 0 to {@code max}. */
  record DurationRange(String option, Duration max, String shown) {
    Duration check(String text) {
      Duration d = parseDuration(option, text);
      if (d.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            option + " must be 0 to " + shown + ": '" + text.trim() + "'");
      }
      return d;
    }
  }

  @Option(
      names = "--select",
      paramLabel = "CSS",
      description =
          "Elements carrying image URLs; a link (a) whose href is a picture gives its href,"
              + " other elements without the attributes their first img (default: "
              + ExtractRules.DEFAULT_IMAGE_SELECTOR
              + ").")
  String select;

  @Option(
      names = "--follow",
      paramLabel = "CSS",
      description =
          "Links to follow from the pages of the level before to a new level of pages (a work"
              + " page); repeatable, at most 5. --select, --attr, --rewrite and --fallback apply"
              + " to the last level, --next to the first.")
  List<String> follow;

  @Option(
      names = "--follow-tree",
      paramLabel = "CSS",
      description =
          "Links to follow level after level into a tree of start pages (album indexes,"
              + " categories, years, albums), up to --max-depth links from a start page. Every"
              + " page of the tree is read with --select (or --follow), paginated by --next and"
              + " fetched once; links to other hosts only with --span-hosts.")
  String followTree;

  @Option(
      names = "--max-depth",
      paramLabel = "N",
      description =
          "Most --follow-tree links from a start page, 1 to "
              + Level.MAX_DEPTH
              + " (default: "
              + Level.DEFAULT_MAX_DEPTH
              + ").")
  Long maxDepth;

  @Option(
      names = "--attr",
      paramLabel = "NAMES",
      split = ",",
      description =
          "Attributes tried in order (default: data-original,data-src,data-lazy-src,srcset,src).")
  List<String> attr;

  @Option(
      names = "--rewrite",
      paramLabel = "REGEX=>REPLACEMENT",
      description = "Turn a found URL into the one to download; repeatable, applied in order.")
  List<String> rewrite;

  @Option(
      names = "--fallback",
      description =
          "When the rewritten URL answers 404/410 or is not an image, take the URL as found.")
  Boolean fallback;

  @Option(
      names = "--next",
      paramLabel = "CSS",
      description =
          "Next-page links: every link matching CSS is followed as a next page of the same"
              + " level, read with the same rules, and counts towards the endless-pager guard"
              + " (default: "
              + ExtractRules.DEFAULT_NEXT_SELECTOR
              + ").")
  String next;

  @Option(
      names = "--sitemaps",
      description = "Also start from the sitemaps the start hosts' robots.txt name (Sitemap:).")
  Boolean sitemaps;

  @Option(
      names = "--max-pages",
      paramLabel = "N",
      description = "Fetch at most N listing pages (default: no limit).")
  Long maxPages;

  @Option(names = "--span-hosts", description = "Follow next-page links to other hosts.")
  Boolean spanHosts;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "DIR",
      description = "Where pictures go (default: ./imgs).")
  Path out;

  @Option(
      names = "--user-agent",
      paramLabel = "TEXT",
      description = "User-Agent header (default: trawl/VERSION (+project URL)).")
  String userAgent;

  @Option(
      names = "--max-file-size",
      paramLabel = "SIZE",
      description = "Largest picture to save, e.g. 500K, 20M, 1G (default: 100M).")
  String maxFileSize;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "Longest a request may take, body included (default: 120).")
  Long timeout;

  @Option(
      names = "--ignore-robots",
      description = "Do not fetch or obey robots.txt (default: obey it, and its Crawl-delay).")
  Boolean ignoreRobots;

  @Option(
      names = "--retries",
      paramLabel = "N",
      description = "Retries of a failed request that may succeed later (default: 4).")
  Integer retries;

  @Option(
      names = "--max-retry-after",
      paramLabel = "TIME",
      description = "Longest Retry-After honoured; longer ones end the retries (default: 120s).")
  String maxRetryAfter;

  @Option(
      names = "--max-crawl-delay",
      paramLabel = "TIME",
      description = "Longest robots.txt Crawl-delay honoured (default: 10s).")
  String maxCrawlDelay;

  @Option(
      names = "--archive",
      paramLabel = "FILE",
      description =
          "Download archive shared across out dirs and runs: URLs and contents recorded there"
              + " are skipped.")
  Path archive;

  @Option(
      names = "--refresh",
      description = "Revisit listing pages already read (If-None-Match/If-Modified-Since).")
  Boolean refresh;

  @Option(
      names = "--store",
      paramLabel = "URL",
      description =
          "Shared crawl state: postgresql://HOST[:PORT]/DB?user=U&password=P (or jdbc:postgresql:"
              + "...; default: $TRAWL_STORE, else SQLite in OUT/.trawl).")
  String store;

  @Option(
      names = "--crawl",
      paramLabel = "NAME",
      description = "The crawl workers share in a --store (default: from the start URLs).")
  String crawl;

  @Option(
      names = "--filename",
      paramLabel = "TEMPLATE",
      description =
          "How pictures are named; / makes folders. Fields: {name} {ext} {sha256} {host}"
              + " {page_title} {listing_title} {n} {page_n} {alt} {date} {json.FIELD};"
              + " formats {n:03}, {sha256:.12} (default: {name}.{ext}).")
  String filename;

  @Option(
      names = "--write-metadata",
      description = "Write FILE.json beside each saved picture (URL, page, title, size, ...).")
  Boolean writeMetadata;

  @Option(
      names = "--min-width",
      paramLabel = "PX",
      description = "Skip pictures narrower than PX (read from the header).")
  Integer minWidth;

  @Option(
      names = "--min-height",
      paramLabel = "PX",
      description = "Skip pictures lower than PX (read from the header).")
  Integer minHeight;

  @Option(
      names = "--min-file-size",
      paramLabel = "SIZE",
      description = "Skip pictures smaller than SIZE, e.g. 20K.")
  String minFileSize;

  @Option(
      names = "--accept-regex",
      paramLabel = "RE",
      description = "Only pictures whose URL (after rewrites) contains a match.")
  String acceptRegex;

  @Option(
      names = "--reject-regex",
      paramLabel = "RE",
      description = "Skip pictures whose URL (after rewrites) contains a match.")
  String rejectRegex;

  @Option(
      names = "--type",
      paramLabel = "TYPES",
      split = ",",
      description = "Only these formats, by content: jpg,png,gif,webp,avif,bmp,svg.")
  List<String> type;

  @Option(names = "--no-index", description = "Do not write the contact sheet OUT/index.html.")
  Boolean noIndex;

  /** Fills {@code b} from the flags, then the recipe, leaving the rest to the defaults. */
  Crawler.Builder apply(Recipe recipe, Crawler.Builder b) {
    List<Recipe> tables = recipe.levels();
    if (tables != null) {
      for (String key :
          List.of(
              "follow",
              "follow-tree",
              "max-depth",
              "select",
              "attr",
              "next",
              "rewrite",
              "fallback")) {
        if (recipe.values().containsKey(key)) {
          throw new IllegalArgumentException(
              "recipe "
                  + recipe.name()
                  + " has [[level]] tables and a top-level '"
                  + key
                  + "': put it in a level");
        }
      }
      b.levels(levels(tables));
    } else {
      String sel = or(select, recipe.string("select"));
      List<String> attrs = or(attr, recipe.strings("attr"));
      String nxt = or(next, recipe.string("next"));
      b.rules(
          new ExtractRules(
              sel == null ? ExtractRules.DEFAULT_IMAGE_SELECTOR : sel,
              attrs == null ? ExtractRules.DEFAULT_ATTRIBUTES : trimmed(attrs),
              nxt == null ? ExtractRules.DEFAULT_NEXT_SELECTOR : nxt));
      List<String> follows = or(follow, recipe.strings("follow"));
      if (follows != null) {
        if (follows.size() > Crawler.MAX_FOLLOW) {
          throw new IllegalArgumentException(
              "too many --follow: " + follows.size() + " (at most " + Crawler.MAX_FOLLOW + ")");
        }
        follows.forEach(b::follow);
      }
      String tree = or(followTree, recipe.string("follow-tree"));
      if (tree != null) {
        b.followTree(tree);
      }
      Long depth = or(maxDepth, recipe.number("max-depth"));
      if (depth != null) {
        b.maxDepth(maxDepth(depth));
      }
      List<String> rules = or(rewrite, recipe.strings("rewrite"));
      if (rules != null) {
        rules.forEach(b::rewrite);
      }
      Boolean fb = or(fallback, recipe.bool("fallback"));
      if (fb != null) {
        b.fallback(fb);
      }
    }
    Boolean sm = or(sitemaps, recipe.bool("sitemaps"));
    if (sm != null) {
      b.sitemaps(sm);
    }
    Long mp = or(maxPages, recipe.number("max-pages"));
    if (mp != null) {
      b.maxPages(MAX_PAGES.check(mp));
    }
    Boolean span = or(spanHosts, recipe.bool("span-hosts"));
    if (span != null) {
      b.spanHosts(span);
    }
    Path o =
        out != null ? out : recipe.string("out") == null ? null : Path.of(recipe.string("out"));
    if (o != null) {
      b.outDir(o);
    }
    String ua = or(userAgent, recipe.string("user-agent"));
    if (ua != null) {
      b.userAgent(ua);
    }
    String size = or(maxFileSize, recipe.string("max-file-size"));
    if (size != null) {
      b.maxFileSize(MAX_FILE_SIZE.check(parseSize(size)));
    }
    Long t = or(timeout, recipe.number("timeout"));
    if (t != null) {
      b.requestTimeout(Duration.ofSeconds(TIMEOUT.check(t)));
    }
    Boolean ignore = or(ignoreRobots, recipe.bool("ignore-robots"));
    if (ignore != null) {
      b.obeyRobots(!ignore);
    }
    Long r = or(retries == null ? null : retries.longValue(), recipe.number("retries"));
    if (r != null) {
      b.retries((int) RETRIES.check(r));
    }
    String mra = or(maxRetryAfter, recipe.string("max-retry-after"));
    if (mra != null) {
      b.maxRetryAfter(MAX_RETRY_AFTER.check(mra));
    }
    String mcd = or(maxCrawlDelay, recipe.string("max-crawl-delay"));
    if (mcd != null) {
      b.maxCrawlDelay(MAX_CRAWL_DELAY.check(mcd));
    }
    String a = archive != null ? archive.toString() : recipe.string("archive");
    if (a != null) {
      b.archive(Path.of(a));
    }
    Boolean rf = or(refresh, recipe.bool("refresh"));
    if (rf != null) {
      b.refresh(rf);
    }
    String template = or(filename, recipe.string("filename"));
    if (template != null) {
      b.filename(template);
    }
    Boolean meta = or(writeMetadata, recipe.bool("write-metadata"));
    if (meta != null) {
      b.writeMetadata(meta);
    }
    Boolean ni = or(noIndex, recipe.bool("no-index"));
    if (ni != null) {
      b.contactSheet(!ni);
    }
    b.filters(filters(recipe));
    b.store(StateOptions.storeUrl(store));
    if (crawl != null) {
      b.crawlName(crawl);
    }
    return b;
  }

  private PictureFilters filters(Recipe recipe) {
    Long w = or(minWidth == null ? null : minWidth.longValue(), recipe.number("min-width"));
    Long h = or(minHeight == null ? null : minHeight.longValue(), recipe.number("min-height"));
    String size = or(minFileSize, recipe.string("min-file-size"));
    String accept = or(acceptRegex, recipe.string("accept-regex"));
    String reject = or(rejectRegex, recipe.string("reject-regex"));
    List<String> types = or(type, recipe.strings("type"));
    return new PictureFilters(
        pixels("min-width", w),
        pixels("min-height", h),
        size == null ? 0 : parseSize(size),
        regex("accept-regex", accept),
        regex("reject-regex", reject),
        types == null ? java.util.Set.of() : PictureFilters.types(types));
  }

  private static int pixels(String option, Long px) {
    if (px == null) {
      return 0;
    }
    if (px < 1 || px > 1_000_000) {
      throw new IllegalArgumentException("bad --" + option + ": " + px + " (want 1 to 1000000)");
    }
    return px.intValue();
  }

  private static Pattern regex(String option, String re) {
    if (re == null) {
      return null;
    }
    try {
      return Pattern.compile(re);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "bad --" + option + " '" + re + "': " + e.getDescription());
    }
  }

  /**
   * A recipe's {@code [[level]]} tables as levels. Flags still override: {@code --select}, {@code
   * --attr}, {@code --rewrite} and {@code --fallback} the last level's keys, {@code --next} the
   * first's, {@code --max-depth} every table's {@code max-depth} that has a {@code follow-tree};
   * {@code --follow} and {@code --follow-tree} would add to levels written out, and are refused.
   */
  private List<Level> levels(List<Recipe> tables) {
    if (follow != null) {
      throw new IllegalArgumentException(
          "--follow cannot be combined with a recipe's [[level]] tables: add a table instead");
    }
    if (followTree != null) {
      throw new IllegalArgumentException(
          "--follow-tree cannot be combined with a recipe's [[level]] tables: add follow-tree to"
              + " a table instead");
    }
    if (tables.size() > CrawlConfig.MAX_LEVELS) {
      throw new IllegalArgumentException(
          "too many [[level]] tables: "
              + tables.size()
              + " (at most "
              + CrawlConfig.MAX_LEVELS
              + ")");
    }
    if (maxDepth != null && tables.stream().allMatch(t -> t.string("follow-tree") == null)) {
      throw new IllegalArgumentException(
          "--max-depth " + maxDepth + " without a follow-tree in the recipe's [[level]] tables");
    }
    List<Level> levels = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      Recipe t = tables.get(i);
      boolean first = i == 0;
      boolean last = i == tables.size() - 1;
      String fol = t.string("follow");
      String sel = last && select != null ? select : t.string("select");
      if (sel == null && last) {
        sel = ExtractRules.DEFAULT_IMAGE_SELECTOR;
      }
      String nxt = first && next != null ? next : t.string("next");
      if (nxt == null && first) {
        nxt = ExtractRules.DEFAULT_NEXT_SELECTOR;
      }
      List<String> attrs = last && attr != null ? attr : t.strings("attr");
      List<String> rules = last && rewrite != null ? rewrite : t.strings("rewrite");
      Boolean fb = last && fallback != null ? fallback : t.bool("fallback");
      List<RewriteRule> parsed = new ArrayList<>();
      if (rules != null) {
        rules.forEach(r -> parsed.add(RewriteRule.parse(r)));
      }
      String name = t.string("name");
      String tree = t.string("follow-tree");
      Long depth = maxDepth != null && tree != null ? maxDepth : t.number("max-depth");
      if (depth != null && tree == null) {
        throw new IllegalArgumentException(
            "max-depth without follow-tree in recipe " + t.name() + ": " + depth);
      }
      levels.add(
          new Level(
              name != null ? name : Level.defaultName(i, tables.size()),
              new ExtractRules(
                  sel,
                  attrs == null ? ExtractRules.DEFAULT_ATTRIBUTES : trimmed(attrs),
                  nxt,
                  fol,
                  tree),
              new UrlRewriter(parsed),
              fb != null && fb,
              depth == null ? Level.DEFAULT_MAX_DEPTH : maxDepth(depth)));
    }
    return levels;
  }

  /** A tree depth from a flag or recipe, named when outside 1 to {@value Level#MAX_DEPTH}. */
  private static int maxDepth(long depth) {
    if (depth < 1 || depth > Level.MAX_DEPTH) {
      throw new IllegalArgumentException(
          "max-depth out of range (1 to " + Level.MAX_DEPTH + "): " + depth);
    }
    return (int) depth;
  }

  /**
   * Whether the flags or the recipe say where the pictures are ({@code --select}, {@code --follow},
   * {@code --follow-tree}, or a recipe's {@code select}, {@code follow}, {@code follow-tree} or
   * {@code [[level]]} tables); when not, {@code trawl get} detects the gallery.
   */
  boolean configures(Recipe recipe) {
    return select != null
        || follow != null
        || followTree != null
        || recipe.values().containsKey("select")
        || recipe.values().containsKey("follow")
        || recipe.values().containsKey("follow-tree")
        || recipe.values().containsKey("level");
  }

  /** The detected recipe with --next, --attr, --rewrite and --fallback (flag or recipe) over it. */
  DetectedGallery override(DetectedGallery g, Recipe recipe) {
    String nxt = or(next, recipe.string("next"));
    List<String> attrs = or(attr, recipe.strings("attr"));
    List<String> rules = or(rewrite, recipe.strings("rewrite"));
    Boolean fb = or(fallback, recipe.bool("fallback"));
    List<DetectedGallery.LevelSpec> levels = new ArrayList<>(g.levels());
    DetectedGallery.LevelSpec last = levels.get(levels.size() - 1);
    levels.set(
        levels.size() - 1,
        new DetectedGallery.LevelSpec(
            last.follow(),
            last.select(),
            attrs == null ? last.attr() : trimmed(attrs),
            rules == null ? last.rewrite() : rules,
            fb == null ? last.fallback() : fb));
    return new DetectedGallery(
        g.url(),
        g.urls(),
        nxt == null ? g.next() : nxt,
        g.tree(),
        levels,
        g.decisions(),
        g.requests());
  }

  /**
   * The flags that crawl the detected levels, leaving out the ones given (they are on the command
   * line already): {@code --follow-tree}, {@code --follow}, {@code --select}, {@code --attr},
   * {@code --rewrite}, {@code --fallback}, {@code --next}.
   */
  List<String> flagsFor(DetectedGallery g) {
    List<String> flags = new ArrayList<>();
    DetectedGallery.LevelSpec last = g.pictures();
    if (g.tree() != null) {
      flags.addAll(List.of("--follow-tree", g.tree()));
    }
    for (DetectedGallery.LevelSpec l : g.levels()) {
      if (l.follow() != null) {
        flags.addAll(List.of("--follow", l.follow()));
      }
    }
    flags.addAll(List.of("--select", last.select()));
    if (attr == null) {
      flags.addAll(List.of("--attr", String.join(",", last.attr())));
    }
    if (rewrite == null) {
      last.rewrite().forEach(r -> flags.addAll(List.of("--rewrite", r)));
    }
    if (fallback == null && last.fallback()) {
      flags.add("--fallback");
    }
    if (next == null && g.next() != null) {
      flags.addAll(List.of("--next", g.next()));
    }
    return flags;
  }

  /** "500ms", "2s", "1.5s", "3m", "1h" or plain seconds ("10"). */
  static Duration parseDuration(String option, String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    long unitMillis = 1000;
    if (s.endsWith("ms")) {
      unitMillis = 1;
      s = s.substring(0, s.length() - 2);
    } else if (s.endsWith("s")) {
      s = s.substring(0, s.length() - 1);
    } else if (s.endsWith("m")) {
      unitMillis = 60_000;
      s = s.substring(0, s.length() - 1);
    } else if (s.endsWith("h")) {
      unitMillis = 3_600_000;
      s = s.substring(0, s.length() - 1);
    }
    try {
      double v = Double.parseDouble(s);
      if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
        throw new NumberFormatException();
      }
      // Math.round saturates at Long.MAX_VALUE ms: an absurd value stays absurd, not negative.
      return Duration.ofMillis(Math.round(v * unitMillis));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "bad " + option + ": '" + text + "' (want e.g. 500ms, 2s, 1m)");
    }
  }

  /** The flag when given, else the recipe's value. */
  static <T> T or(T flag, T recipe) {
    return flag != null ? flag : recipe;
  }

  private static List<String> trimmed(List<String> names) {
    return names.stream().map(String::trim).toList();
  }

  /** "500K", "20M", "1G", "2GiB" or a plain byte count; binary units. */
  static long parseSize(String text) {
    String s = text.trim().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
    long unit = 1;
    if (!s.isEmpty() && "KMGT".indexOf(s.charAt(s.length() - 1)) >= 0) {
      unit = 1L << (10 * ("KMGT".indexOf(s.charAt(s.length() - 1)) + 1));
      s = s.substring(0, s.length() - 1);
    }
    try {
      long n = Long.parseLong(s.trim());
      if (n < 1) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(n, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("bad size: '" + text + "' (want e.g. 500K, 20M, 1G)");
    }
  }
}
