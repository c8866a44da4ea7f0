package dev.trawl.cli;

import dev.trawl.Crawler;
import dev.trawl.DetectedGallery;
import dev.trawl.GalleryInspector;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trawl inspect URL}: detect the gallery on a page and print the recipe that crawls it, the
 * evidence in comments; {@code trawl get --recipe FILE} then crawls exactly that.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    versionProvider = Trawl.Version.class,
    description = {
      "Detect the gallery on a page and print the recipe (TOML) that crawls it, with the evidence"
          + " in comments. At most "
          + GalleryInspector.MAX_REQUESTS
          + " requests, robots.txt included.",
      "Then: trawl inspect URL > r.toml && trawl get --recipe r.toml"
    })
final class InspectCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "URL", description = "The page to inspect (a listing page).")
  String url;

  @Option(names = "--json", description = "Print the detection as JSON instead of TOML.")
  boolean json;

  @Mixin CrawlOptions options;

  @Override
  public Integer call() {
    if (options.configures(Recipe.empty())) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "inspect finds the selectors itself: drop --select, --follow and --follow-tree");
    }
    Crawler.Builder b = Crawler.builder().start(url);
    options.apply(Recipe.empty(), b);
    PrintWriterPair io = PrintWriterPair.of(spec);
    DetectedGallery g = GalleryInspector.inspect(url, b.build().config(), d -> {});
    io.out().print(json ? RecipeText.json(g) : RecipeText.toml(g));
    io.out().flush();
    return ExitCode.OK;
  }
}
