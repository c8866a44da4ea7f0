package dev.trawl.frontier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A list of URLs to start a crawl from ({@code trawl get -i FILE}): one per line, UTF-8, blank
 * lines and lines starting with {@code #} skipped. Read as a stream, line by line, so a list of
 * millions costs no more memory than a line.
 *
 * @param name how the list is named in messages (the file, or "-" for stdin)
 * @param source opens the list; called once per crawl run
 */
public record UrlList(String name, Source source) {
  /** Opens the list's bytes. */
  @FunctionalInterface
  public interface Source {
    InputStream open() throws IOException;
  }

  /** Receives each URL line with its line number (from 1). */
  @FunctionalInterface
  public interface LineConsumer {
    void accept(long number, String line) throws IOException;
  }

  public UrlList {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(source, "source == null");
  }

  /** The list in {@code file}. */
  public static UrlList of(Path file) {
    return new UrlList(file.toString(), () -> Files.newInputStream(file));
  }

  /**
   * Calls {@code consumer} with every line that is neither blank nor a comment, stripped, in order.
   * Bytes that are not UTF-8 are replaced (the line is then reported as a bad URL, not fatal).
   */
  public void forEach(LineConsumer consumer) throws IOException {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                source.open(),
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)),
            1 << 16)) {
      long number = 0;
      String line;
      while ((line = in.readLine()) != null) {
        number++;
        String url = line.strip();
        if (!url.isEmpty() && !url.startsWith("#")) {
          consumer.accept(number, url);
        }
      }
    }
  }
}
