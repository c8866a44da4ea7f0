package dev.trawl.cli;

import dev.trawl.frontier.CrawlStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code trawl worker}: joins a crawl shared through a PostgreSQL store and works on it until
 * nothing is left, with the options the crawl was started with.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    versionProvider = Trawl.Version.class,
    description = {
      "Join a crawl shared through --store and work on it until nothing is left.",
      "Start as many as you like, on any machines; each saves into its own -o DIR and may"
          + " bring its own -j, --per-host, --delay, --limit-rate, headers, cookies and proxy."
    })
final class WorkerCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--store",
      paramLabel = "URL",
      description = "The shared PostgreSQL crawl state (default: $TRAWL_STORE).")
  String store;

  @Option(names = "--crawl", paramLabel = "NAME", required = true, description = "The crawl.")
  String crawl;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "DIR",
      description = "Where this worker saves pictures (default: ./imgs).")
  Path out = Path.of("imgs");

  @Option(names = "--quiet", description = "No progress display.")
  boolean quiet;

  @Mixin RunOptions run;

  @Override
  public Integer call() {
    StateOptions state = new StateOptions();
    state.store = store;
    state.crawl = crawl;
    state.dir = out;
    if (state.storeUrl() == null) {
      throw new IllegalArgumentException("trawl worker needs --store URL (or $TRAWL_STORE)");
    }
    List<String> args;
    try (CrawlStore s = state.open()) {
      args = RunArgs.lastGet(s, "crawl '" + crawl + "'");
    }
    String[] get =
        RunArgs.withOut(RunOptions.over(args, spec), out.toAbsolutePath(), state.storeUrl(), crawl);
    if (quiet) {
      String[] q = Arrays.copyOf(get, get.length + 1);
      q[get.length] = "--quiet";
      get = q;
    }
    return spec.root().commandLine().execute(get);
  }
}
