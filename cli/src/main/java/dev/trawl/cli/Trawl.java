package dev.trawl.cli;

import dev.trawl.Crawler;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code trawl} command: its subcommands, and how errors become exit codes. */
@Command(
    name = "trawl",
    mixinStandardHelpOptions = true,
    versionProvider = Trawl.Version.class,
    description = "Crawl image galleries and download their pictures: fast, polite, crash-safe.",
    subcommands = {
      GetCommand.class,
      InspectCommand.class,
      StatusCommand.class,
      RetryCommand.class,
      WorkerCommand.class,
      ManifestCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes:",
      "  0    all images saved",
      "  1    some items failed (listed in the summary)",
      "  2    usage error or bad input; no gallery found (get without --select)",
      "  3    fatal: start pages unreachable, out dir not writable",
      "  130  interrupted"
    })
public final class Trawl implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "missing command (get, inspect, status, retry, worker, manifest, demo)");
  }

  /** Runs trawl in-process; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Trawl());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (e, a) -> {
          err.println("trawl: " + TerminalText.safe(e.getMessage()) + " (see 'trawl --help')");
          return ExitCode.USAGE;
        });
    cl.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          if (e instanceof IllegalArgumentException || e instanceof dev.trawl.NoGalleryException) {
            err.println("trawl: " + TerminalText.safe(e.getMessage()));
            return ExitCode.USAGE;
          }
          if (e instanceof FatalException
              || e instanceof dev.trawl.CrawlException
              || e instanceof dev.trawl.frontier.StateException
              || e instanceof dev.trawl.store.LinkRefusedException) {
            err.println("trawl: " + TerminalText.safe(e.getMessage()));
            return ExitCode.FATAL;
          }
          throw e;
        });
    return cl.execute(args);
  }

  /** Reports the build's version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"trawl " + Crawler.VERSION};
    }
  }
}
