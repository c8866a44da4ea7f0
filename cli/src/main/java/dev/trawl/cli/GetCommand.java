package dev.trawl.cli;

import dev.trawl.Crawler;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trawl get}: crawl listing pages and download the images they show. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    versionProvider = Trawl.Version.class,
    description = {
      "Crawl the given listing page(s) and download the images they show.",
      "URL templates: '{A..B}' expands to pages A..B; '{A..}' runs until a page answers 404"
          + " or shows no new image; '{,A..B}' and '{,A..}' put an unnumbered page first"
          + " (Album{,2..}.html: Album.html, Album2.html, ...)."
    })
final class GetCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "URL", arity = "0..*", description = "Listing pages or templates.")
  List<String> urls;

  @Option(
      names = "--recipe",
      paramLabel = "FILE.toml",
      description = "Options from a file; flags override it.")
  Path recipe;

  @Option(names = "--quiet", description = "No progress; the summary only when something failed.")
  boolean quiet;

  @Option(names = "--json", description = "Print the summary as JSON on stdout.")
  boolean json;

  @Mixin CrawlOptions options;

  @Mixin RunOptions run;

  @Override
  public Integer call() {
    Recipe r = recipe == null ? Recipe.empty() : Recipe.read(recipe);
    List<String> start = urls != null && !urls.isEmpty() ? urls : r.strings("urls");
    if (start == null || start.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "missing URL");
    }
    Crawler.Builder b = Crawler.builder().start(start.toArray(String[]::new));
    options.apply(r, b);
    run.apply(r, System.getenv(), b);
    b.description(RunArgs.describe(spec.commandLine().getParseResult().originalArgs()));
    PrintWriterPair io = PrintWriterPair.of(spec);
    return CrawlJob.run(b, new CrawlJob.Output(io.out(), io.err(), quiet, json)).code();
  }
}
