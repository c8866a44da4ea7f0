package dev.trawl.cli;

import dev.trawl.frontier.CrawlStore;
import dev.trawl.store.ManifestWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trawl manifest}: writes a crawl's complete manifest.jsonl from its state. */
@Command(
    name = "manifest",
    mixinStandardHelpOptions = true,
    versionProvider = Trawl.Version.class,
    description = "Write the crawl's complete manifest.jsonl from its state.")
final class ManifestCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin StateOptions state;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "DIR",
      description = "Where to write manifest.jsonl (default: the crawl's DIR).")
  Path out;

  @Override
  public Integer call() throws IOException {
    Path dir = out != null ? out : state.dir();
    Files.createDirectories(dir.resolve(".trawl"));
    long lines;
    try (CrawlStore store = state.open()) {
      lines = ManifestWriter.write(dir, store);
    }
    spec.commandLine()
        .getOut()
        .printf("wrote %d lines to %s%n", lines, dir.resolve(ManifestWriter.FILE_NAME));
    return ExitCode.OK;
  }
}
