package dev.trawl.testing;

import dev.trawl.Crawler;
import dev.trawl.extract.ExtractRules;
import java.nio.file.Path;

/**
 * A thumbsup gallery's originals, as a user would get them: {@code --follow-tree '#galleries a'
 * --next 'nav.pagination a' --select '#media a'}. Also a child JVM's main: {@code TreeJob START
 * OUT_DIR}.
 */
public final class TreeJob {
  public static final String ALBUMS = "#galleries a";
  public static final String PAGES = "nav.pagination a";
  public static final String ORIGINALS = "#media a";

  private TreeJob() {}

  public static Crawler.Builder of(Path out, String... start) {
    return Crawler.builder()
        .start(start)
        .followTree(ALBUMS)
        .rules(new ExtractRules(ORIGINALS, ExtractRules.DEFAULT_ATTRIBUTES, PAGES))
        .concurrency(4)
        .outDir(out);
  }

  public static void main(String[] args) {
    System.exit(TreeJob.of(Path.of(args[1]), args[0]).build().run().complete() ? 0 : 1);
  }
}
