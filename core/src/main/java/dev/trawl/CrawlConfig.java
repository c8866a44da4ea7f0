package dev.trawl;

import dev.trawl.fetch.Politeness;
import dev.trawl.fetch.RequestOptions;
import dev.trawl.frontier.UrlList;
import dev.trawl.frontier.UrlTemplate;
import dev.trawl.store.FilenameTemplate;
import dev.trawl.store.PictureFilters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a crawl needs to know, validated. {@code storeUrl} null means the embedded SQLite
 * state in {@code outDir/.trawl}; {@code archive} null means no download archive; {@code request}
 * shapes requests (Referer, headers, cookies, proxies, TLS, rate). Built by {@link
 * Crawler#builder()}, which documents each default.
 *
 * @param levels the levels of pages, start pages first (see {@link Level}); at most {@link
 *     #MAX_LEVELS}, and only the last one without links to a next level
 * @param maxPages the most listing pages, 0 for no limit
 * @param pagerPages the most pages reached by pagers (next links, open ranges), 0 for no limit;
 *     {@link Crawler#DEFAULT_PAGER_PAGES} unless {@code maxPages} was set
 * @param input a list of URLs to start from besides {@code start}, or null
 * @param sitemaps also start from the sitemaps named in the start hosts' robots.txt
 * @param listOnly list the pictures the crawl would download instead of downloading them: nothing
 *     is written under the out dir and the state is kept in memory
 */
public record CrawlConfig(
    List<UrlTemplate> start,
    List<Level> levels,
    boolean followNext,
    long maxPages,
    long pagerPages,
    boolean spanHosts,
    Path outDir,
    int concurrency,
    Politeness politeness,
    String userAgent,
    long maxFileSize,
    long maxPageSize,
    Duration requestTimeout,
    boolean refresh,
    Path archive,
    String storeUrl,
    String crawlName,
    Duration lease,
    String description,
    FilenameTemplate filenames,
    PictureFilters filters,
    boolean writeMetadata,
    boolean contactSheet,
    RequestOptions request,
    UrlList input,
    boolean sitemaps,
    boolean listOnly) {

  /** The most levels a crawl may have: start pages and 5 levels of followed links. */
  public static final int MAX_LEVELS = 6;

  public CrawlConfig {
    start = List.copyOf(start);
    if (start.isEmpty() && input == null) {
      throw new IllegalArgumentException("no start URL");
    }
    levels = List.copyOf(levels);
    if (levels.isEmpty()) {
      throw new IllegalArgumentException("no level");
    }
    if (levels.size() > MAX_LEVELS) {
      throw new IllegalArgumentException(
          "too many levels: " + levels.size() + " (at most " + MAX_LEVELS + ")");
    }
    if (levels.stream().map(Level::name).distinct().count() < levels.size()) {
      throw new IllegalArgumentException(
          "level names repeat: " + levels.stream().map(Level::name).toList());
    }
    Level last = levels.get(levels.size() - 1);
    if (last.follows()) {
      throw new IllegalArgumentException(
          "the last level (" + last.name() + ") follows links to no level: " + last.rules());
    }
  }

  /** The level of pages at {@code index}; the last level for an index past it. */
  public Level level(int index) {
    return levels.get(Math.min(index, levels.size() - 1));
  }
}
