package dev.trawl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.fetch.ExtraHeader;
import dev.trawl.fetch.Proxies;
import dev.trawl.fetch.Secret;
import dev.trawl.frontier.CrawlStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code trawl get} command line as recorded with a run in the crawl state, so that {@code trawl
 * retry} and {@code trawl worker} can crawl again with the same options.
 */
final class RunArgs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "trawl get ";

  private RunArgs() {}

  /** Options whose value is a file: recorded as an absolute path. */
  private static final Set<String> PATHS =
      Set.of("--recipe", "--archive", "--cookies", "--ca-certificate");

  /**
   * The text stored with a run: "trawl get " and the arguments as a JSON array, without --store and
   * --crawl (a password stays out of the state; whoever reruns names the store), with {@code ***}
   * for the value of a secret header and a proxy's password, and files as absolute paths.
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
      int eq = a.indexOf('=');
      String name = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
      boolean attached = !name.equals(a);
      if (!isValued(name) || (!attached && i + 1 >= args.size())) {
        all.add(a);
        continue;
      }
      String value = attached ? a.substring(eq + 1) : args.get(++i);
      all.add(name);
      all.add(recorded(name, value));
    }
    try {
      return PREFIX + JSON.writeValueAsString(all);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean isValued(String name) {
    return PATHS.contains(name) || name.equals("--header") || name.equals("--proxy");
  }

  /** What the state keeps of an option's value: no secret, files absolute. */
  private static String recorded(String name, String value) {
    if (PATHS.contains(name)) {
      return Path.of(value).toAbsolutePath().normalize().toString();
    }
    if (name.equals("--proxy")) {
      return Proxies.masked(value);
    }
    int colon = value.indexOf(':');
    if (colon > 0 && ExtraHeader.isSecretName(value.substring(0, colon).trim())) {
      return value.substring(0, colon) + ": " + Secret.MASK;
    }
    return colon > 0 ? value : Secret.MASK; // not a header: it may hold anything
  }

  /** True for a recorded argument that lost its secret: each run brings its own. */
  private static boolean isMasked(String name, String value) {
    return (name.equals("--header") || name.equals("--proxy")) && value.contains(Secret.MASK);
  }

  /**
   * The recorded arguments with a run's own: an option the run gives replaces the recorded one
   * ({@code --header}s add up), and recorded options whose secret was masked are dropped.
   *
   * @param own the run's own options, each name followed by its value (none for a flag)
   * @param valued the names of options that take a value, aliases included
   * @param aliases option name to its canonical (longest) name
   */
  static List<String> merge(
      List<String> recorded, List<String> own, Set<String> valued, Map<String, String> aliases) {
    Set<String> given = new HashSet<>();
    for (String a : own) {
      if (a.startsWith("-")) {
        given.add(aliases.getOrDefault(a, a));
      }
    }
    given.remove("--header");
    List<String> result = new ArrayList<>();
    for (int i = 0; i < recorded.size(); i++) {
      String a = recorded.get(i);
      int eq = a.indexOf('=');
      String name = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
      boolean attached = !name.equals(a);
      String canonical = aliases.getOrDefault(name, name);
      boolean takesValue = valued.contains(name) && !attached && i + 1 < recorded.size();
      String value = attached ? a.substring(eq + 1) : takesValue ? recorded.get(i + 1) : null;
      boolean drop = given.contains(canonical) || (value != null && isMasked(canonical, value));
      if (!drop) {
        result.add(a);
        if (takesValue) {
          result.add(value);
        }
      }
      if (takesValue) {
        i++;
      }
    }
    result.addAll(own);
    return result;
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
