package dev.trawl.cli;

import static dev.trawl.cli.CrawlOptions.or;

import dev.trawl.Crawler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The options each run brings for itself, on {@code trawl get} and also on {@code trawl worker} and
 * {@code trawl retry}: how many requests it keeps in flight, how it paces them, and how it shapes
 * them (Referer, headers, cookies, proxy, TLS). Every field is null unless given: a flag overrides
 * the recipe, the recipe the defaults in {@link Crawler}.
 */
final class RunOptions {
  @Option(
      names = {"-j", "--concurrency"},
      paramLabel = "N",
      description = "Requests in flight (default: " + Crawler.DEFAULT_CONCURRENCY + ").")
  Integer concurrency;

  @Option(
      names = "--per-host",
      paramLabel = "N",
      description = "Requests in flight to one host (default: " + Crawler.DEFAULT_PER_HOST + ").")
  Integer perHost;

  @Option(
      names = "--delay",
      paramLabel = "TIME[-TIME]",
      description =
          "Least time between request starts to one host, e.g. 500ms, 2s, or a random one in a"
              + " range: 1s-3s (default: 0).")
  String delay;

  @Option(
      names = "--limit-rate",
      paramLabel = "RATE",
      description = "Most bytes per second of the whole crawl, e.g. 500K, 2M (default: no cap).")
  String limitRate;

  @Option(
      names = "--referer",
      paramLabel = "auto|none|URL",
      description =
          "Referer: auto (a picture gets its page, a page the page linking it), none, or a URL"
              + " (default: auto).")
  String referer;

  @Option(
      names = "--header",
      paramLabel = "'NAME: VALUE'",
      description =
          "Extra request header, repeatable. Authorization, Cookie and Proxy-Authorization go"
              + " only to the start URLs' hosts and are never recorded.")
  List<String> header;

  @Option(
      names = "--cookies",
      paramLabel = "FILE",
      description = "Cookies from a Netscape cookies.txt, sent only where their domain allows.")
  Path cookies;

  @Option(
      names = "--cookies-from-browser",
      paramLabel = "firefox[:PROFILE]",
      description = "Cookies from a Firefox profile (Chrome encrypts its own: use --cookies).")
  String cookiesFromBrowser;

  @Option(
      names = "--proxy",
      paramLabel = "URL|none",
      description =
          "http://, https://, socks5:// or socks5h://[USER:PASS@]HOST[:PORT]; none ignores"
              + " $https_proxy, $http_proxy, $all_proxy (default: those, minus $no_proxy).")
  String proxy;

  @Option(
      names = "--no-check-certificate",
      description = "Accept any TLS certificate, for any host name.")
  Boolean noCheckCertificate;

  @Option(
      names = "--ca-certificate",
      paramLabel = "FILE",
      description = "Also trust the CA certificates of this PEM file.")
  Path caCertificate;

  /** Fills {@code b} from the flags, then the recipe; proxies from {@code env} unless given. */
  Crawler.Builder apply(Recipe recipe, Map<String, String> env, Crawler.Builder b) {
    Long j = or(concurrency == null ? null : concurrency.longValue(), recipe.number("concurrency"));
    if (j != null) {
      b.concurrency((int) CrawlOptions.CONCURRENCY.check(j));
    }
    Long ph = or(perHost == null ? null : perHost.longValue(), recipe.number("per-host"));
    if (ph != null) {
      b.perHost((int) CrawlOptions.PER_HOST.check(ph));
    }
    String d = or(delay, recipe.string("delay"));
    if (d != null) {
      Duration[] range = parseDelay(d);
      b.delay(range[0], range[1]);
    }
    String rate = or(limitRate, recipe.string("limit-rate"));
    if (rate != null) {
      b.limitRate(parseRate(rate));
    }
    String ref = or(referer, recipe.string("referer"));
    if (ref != null) {
      b.referer(ref);
    }
    List<String> headers = or(header, recipe.strings("header"));
    if (headers != null) {
      headers.forEach(b::header);
    }
    String c = cookies != null ? cookies.toString() : recipe.string("cookies");
    if (c != null) {
      b.cookies(Path.of(c));
    }
    String browser = or(cookiesFromBrowser, recipe.string("cookies-from-browser"));
    if (browser != null) {
      b.cookiesFromBrowser(browser);
    }
    String p = or(proxy, recipe.string("proxy"));
    String noProxy = env.get("no_proxy") != null ? env.get("no_proxy") : env.get("NO_PROXY");
    if (p != null) {
      b.proxy(p, noProxy);
    } else {
      b.proxyEnvironment(env);
    }
    Boolean noCheck = or(noCheckCertificate, recipe.bool("no-check-certificate"));
    if (noCheck != null) {
      b.noCheckCertificate(noCheck);
    }
    String ca = caCertificate != null ? caCertificate.toString() : recipe.string("ca-certificate");
    if (ca != null) {
      b.caCertificate(Path.of(ca));
    }
    return b;
  }

  /**
   * The options of the {@code run} mixin given on {@code spec}'s command line, by their long names,
   * each followed by its value (a flag by none): what a worker or a retry adds to the recorded
   * {@code trawl get}.
   */
  static List<String> given(CommandSpec spec) {
    List<String> args = new ArrayList<>();
    ParseResult parsed = spec.commandLine().getParseResult();
    for (OptionSpec o : spec.mixins().get("run").options()) {
      OptionSpec matched = parsed.matchedOption(o.longestName());
      if (matched == null) {
        continue;
      }
      if (o.arity().max() == 0) {
        args.add(o.longestName());
        continue;
      }
      for (String v : matched.originalStringValues()) {
        args.add(o.longestName());
        args.add(v);
      }
    }
    return args;
  }

  /**
   * {@code recorded} (a {@code trawl get}'s arguments) with the run options given on {@code spec}'s
   * command line in place of the recorded ones.
   */
  static List<String> over(List<String> recorded, CommandSpec spec) {
    Set<String> valued = new HashSet<>();
    Map<String, String> aliases = new HashMap<>();
    for (OptionSpec o : spec.root().subcommands().get("get").getCommandSpec().options()) {
      for (String n : o.names()) {
        aliases.put(n, o.longestName());
        if (o.arity().max() > 0) {
          valued.add(n);
        }
      }
    }
    return RunArgs.merge(recorded, given(spec), valued, aliases);
  }

  /** "2s" (a fixed delay) or "1s-3s" (a random one in the range). */
  static Duration[] parseDelay(String text) {
    int dash = text.indexOf('-', 1);
    if (dash < 0) {
      Duration fixed = CrawlOptions.DELAY.check(text);
      return new Duration[] {fixed, fixed};
    }
    Duration min = CrawlOptions.DELAY.check(text.substring(0, dash));
    Duration max = CrawlOptions.DELAY.check(text.substring(dash + 1));
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException(
          "bad --delay: '" + text + "' (the range ends before it starts)");
    }
    return new Duration[] {min, max};
  }

  /** "500K", "2M", "1G" or plain bytes, per second; binary units. */
  static long parseRate(String text) {
    long rate;
    try {
      rate = CrawlOptions.parseSize(text.trim().toUpperCase(Locale.ROOT).replace("/S", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "bad --limit-rate: '" + text + "' (want bytes per second above 0, e.g. 500K, 2M)");
    }
    return LIMIT_RATE.check(rate);
  }

  static final CrawlOptions.Range LIMIT_RATE =
      new CrawlOptions.Range("--limit-rate", 1, 1L << 40, " bytes per second (1T)");
}
