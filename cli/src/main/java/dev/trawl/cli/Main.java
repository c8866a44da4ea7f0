package dev.trawl.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The only place that exits the JVM. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    String nativeDir = System.getProperty("trawl.native");
    if (nativeDir != null) {
      SqliteLibrary.useExtracted(Path.of(nativeDir));
    }
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = Trawl.run(args, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }
}
