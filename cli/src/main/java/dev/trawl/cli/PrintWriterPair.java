package dev.trawl.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** The out and err writers a command was given (so tests can capture them). */
record PrintWriterPair(PrintWriter out, PrintWriter err) {
  static PrintWriterPair of(CommandLine.Model.CommandSpec spec) {
    return new PrintWriterPair(spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
