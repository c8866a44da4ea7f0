package dev.trawl.cli;

import dev.trawl.frontier.CrawlStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trawl retry}: queues a crawl's failed images again and runs the crawl. */
@Command(
    name = "retry",
    mixinStandardHelpOptions = true,
    versionProvider = Trawl.Version.class,
    description = {
      "Queue the failed images of a crawl again (all, or one --reason) and run them.",
      "-j, --per-host, --delay, --limit-rate, headers, cookies and proxy given here replace the"
          + " recorded ones; secret headers and proxy passwords are never recorded: give them"
          + " again."
    })
final class RetryCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin StateOptions state;

  @Mixin RunOptions run;

  @Option(
      names = "--reason",
      paramLabel = "R",
      description = "Only failures with this reason, e.g. 'http 503' or timeout.")
  String reason;

  @Override
  public Integer call() {
    List<String> args;
    int queued;
    try (CrawlStore store = state.open()) {
      args =
          RunArgs.lastGet(
              store,
              state.storeUrl() == null ? state.dir().toString() : "crawl '" + state.crawl + "'");
      queued = store.requeue(CrawlStore.Kind.IMAGE, CrawlStore.Status.FAILED, reason);
      queued += store.requeue(CrawlStore.Kind.PAGE, CrawlStore.Status.FAILED, reason);
      store.flush();
    }
    spec.commandLine()
        .getErr()
        .printf(
            "trawl: %d failed item(s) queued again%s%n",
            queued, reason == null ? "" : " (" + reason + ")");
    return spec.root()
        .commandLine()
        .execute(
            RunArgs.withOut(
                RunOptions.over(args, spec),
                state.dir().toAbsolutePath(),
                state.storeUrl(),
                state.crawl));
  }
}
