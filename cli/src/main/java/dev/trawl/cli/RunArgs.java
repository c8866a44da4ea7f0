package dev.trawl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.frontier.CrawlStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code trawl get} command line as recorded with a run in the crawl state, so that {@code trawl
 * retry} and {@code trawl worker} can crawl again with the same options.
 */
final class RunArgs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "trawl get ";

  private RunArgs() {}

  /**
   * The text stored with a run: "trawl get " and the arguments as a JSON array, without --store and
   * --crawl (a password stays out of the state; whoever reruns names the store).
   */
  static String describe(List<String> args) {
    List<String> all = new ArrayList<>(args.size());
    int first = !args.isEmpty() && args.get(0).equals("get") ? 1 : 0;
    for (int i = first; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--store") || a.equals("--crawl")) {
        i++; // each worker names the store and crawl itself
        continue;
      }
      if (a.startsWith("--store=") || a.startsWith("--crawl=")) {
        continue;
      }
      boolean pathNext = (a.equals("--recipe") || a.equals("--archive")) && i + 1 < args.size();
      all.add(a);
      if (pathNext) {
        all.add(Path.of(args.get(++i)).toAbsolutePath().normalize().toString());
      }
    }
    try {
      return PREFIX + JSON.writeValueAsString(all);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The arguments of a recorded {@code trawl get}, or empty when the run was not one. */
  static Optional<List<String>> parse(String description) {
    if (description == null || !description.startsWith(PREFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          JSON.readValue(description.substring(PREFIX.length()), new TypeReference<>() {}));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /**
   * {@code args} with the out dir replaced by {@code out}, without {@code --refresh}, "get" in
   * front, and {@code --store} and {@code --crawl} when {@code store} is not null.
   */
  static String[] withOut(List<String> args, Path out, String store, String crawl) {
    List<String> result = new ArrayList<>();
    result.add("get");
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("-o") || a.equals("--out")) {
        i++;
      } else if (a.equals("--refresh")) {
        continue; // a revisit belongs to the run that asked for it, not to every rerun
      } else if (!a.startsWith("--out=") && !(a.startsWith("-o") && a.length() > 2)) {
        result.add(a);
      }
    }
    result.add("--out");
    result.add(out.toString());
    if (store != null) {
      result.addAll(List.of("--store", store, "--crawl", crawl));
    }
    return result.toArray(String[]::new);
  }

  /** The arguments of the last {@code trawl get} recorded in the state. */
  static List<String> lastGet(CrawlStore store, String which) {
    List<CrawlStore.Run> runs = store.runs();
    for (int i = runs.size() - 1; i >= 0; i--) {
      var args = RunArgs.parse(runs.get(i).description());
      if (args.isPresent()) {
        return args.get();
      }
    }
    throw new IllegalArgumentException(
        "no trawl get recorded for " + which + " (start the crawl with trawl get first)");
  }
}
