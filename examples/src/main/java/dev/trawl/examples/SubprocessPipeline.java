package dev.trawl.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.trawl.aio.Aio;
import dev.trawl.aio.StreamReader;
import dev.trawl.aio.Subprocess;
import dev.trawl.aio.Task;
import java.io.PrintStream;
import java.util.List;

/**
 * A shell-style pipeline, {@code printf ... | sort | uniq -c}, built from three subprocesses whose
 * pipes are joined by tasks: each task copies one process's stdout into the next one's stdin with
 * {@code read}, {@code write} and {@code drain}, so a slow consumer holds the producer back. The
 * last stage's output is read line by line.
 */
public final class SubprocessPipeline {
  private SubprocessPipeline() {}

  /** Copies {@code from} into {@code to}'s stdin until the end, then closes that stdin. */
  static Void pipe(StreamReader from, Subprocess to) throws Exception {
    byte[] chunk;
    while ((chunk = from.read(64 * 1024)).length > 0) {
      to.stdin().write(chunk);
      to.stdin().drain();
    }
    to.stdin().close();
    return null;
  }

  /** Counts the distinct words of {@code words}; returns uniq's lines, trimmed. */
  public static List<String> demo(List<String> words, PrintStream out) {
    return Aio.run(
        () -> {
          Subprocess source = Aio.createSubprocessExec("cat");
          Subprocess sort = Aio.createSubprocessExec("sort");
          Subprocess uniq = Aio.createSubprocessExec("uniq", "-c");
          Task<Void> a = Aio.createTask(() -> pipe(source.stdout(), sort));
          Task<Void> b = Aio.createTask(() -> pipe(sort.stdout(), uniq));
          source.stdin().write((String.join("\n", words) + "\n").getBytes(UTF_8));
          source.stdin().close();
          List<String> lines = new java.util.ArrayList<>();
          String line;
          while ((line = uniq.stdout().readLine()) != null) {
            out.println(line);
            lines.add(line.trim());
          }
          Aio.gather(a, b);
          List<Integer> codes =
              Aio.gather(
                  Aio.createTask(source::await),
                  Aio.createTask(sort::await),
                  Aio.createTask(uniq::await));
          out.println("exit codes " + codes);
          return lines;
        });
  }

  /** Runs the pipeline over a few words. */
  public static void main(String[] args) {
    demo(List.of("pear", "apple", "pear", "fig", "apple", "pear"), System.out);
  }
}
