package dev.trawl;

import dev.trawl.extract.ExtractRules;
import dev.trawl.fetch.Politeness;
import dev.trawl.fetch.RequestOptions;
import dev.trawl.frontier.UrlTemplate;
import dev.trawl.rewrite.UrlRewriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a crawl needs to know, validated. {@code storeUrl} null means the embedded SQLite
 * state in {@code outDir/.trawl}; {@code archive} null means no download archive; {@code request}
 * shapes requests (Referer, headers, cookies, proxies, TLS, rate). Built by {@link
 * Crawler#builder()}, which documents each default.
 */
public record CrawlConfig(
    List<UrlTemplate> start,
    ExtractRules rules,
    UrlRewriter rewriter,
    boolean fallback,
    boolean followNext,
    long maxPages,
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
    RequestOptions request) {

  public CrawlConfig {
    start = List.copyOf(start);
    if (start.isEmpty()) {
      throw new IllegalArgumentException("no start URL");
    }
  }
}
