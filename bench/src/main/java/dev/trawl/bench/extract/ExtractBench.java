package dev.trawl.bench.extract;

import dev.trawl.bench.SeedJob;
import dev.trawl.demo.DemoGallery;
import dev.trawl.extract.ExtractRules;
import dev.trawl.extract.Extraction;
import dev.trawl.extract.PageExtractor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Extraction throughput in pages per second: one demo-gallery listing page (the seed's shape,
 * {@code works} thumbnails in {@code div.workimage img[data-original]} and a pager) through {@link
 * PageExtractor} with the seed recipe's rules: parse, select, resolve and normalise every URL.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ExtractBench {
  @Param({"12", "40"})
  public int works;

  private final PageExtractor seedRules = new PageExtractor(SeedJob.RULES);
  private final PageExtractor defaultRules = new PageExtractor(ExtractRules.defaults());
  private String url;
  private byte[] page;

  @Setup
  public void fetchPage() throws IOException, InterruptedException {
    try (DemoGallery gallery =
            DemoGallery.builder().pages(3).worksPerPage(works).latency(Duration.ZERO).start();
        HttpClient http = HttpClient.newHttpClient()) {
      url = gallery.listingUrl(2);
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      page = r.body();
    }
    int found = seedRules.extract(url, page, "text/html; charset=utf-8").images().size();
    if (found != works) {
      throw new IllegalStateException("expected " + works + " images, found " + found);
    }
  }

  /** The seed recipe's selector and attribute. */
  @Benchmark
  public Extraction seedRecipe() {
    return seedRules.extract(url, page, "text/html; charset=utf-8");
  }

  /** The default rules ({@code img}, src/srcset/data-src...), no charset in the header. */
  @Benchmark
  public Extraction defaultRulesSniffedCharset() {
    return defaultRules.extract(url, page, "text/html");
  }
}
