package dev.trawl.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.trawl.CrawlListener;
import dev.trawl.ItemOutcome;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends one JSON object per image outcome to {@code manifest.jsonl}, flushed line by line so a
 * killed crawl keeps every line it wrote. Thread-safe.
 */
public final class ManifestWriter implements CrawlListener, AutoCloseable {
  public static final String FILE_NAME = "manifest.jsonl";
  private static final JsonFactory JSON = new JsonFactory();

  private final ReentrantLock lock = new ReentrantLock();
  private final BufferedWriter out;

  public ManifestWriter(Path outDir) throws IOException {
    this.out =
        Files.newBufferedWriter(
            outDir.resolve(FILE_NAME),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
  }

  @Override
  public void imageDone(ItemOutcome outcome) {
    String line = toJson(outcome);
    lock.lock();
    try {
      out.write(line);
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the manifest", e);
    } finally {
      lock.unlock();
    }
  }

  /** One manifest line, without the newline. */
  public static String toJson(ItemOutcome o) {
    StringWriter s = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(s)) {
      g.writeStartObject();
      g.writeStringField("url", o.url());
      writeNullable(g, "final_url", o.finalUrl());
      g.writeStringField("page", o.page());
      writeNullable(g, "file", o.file());
      g.writeNumberField("bytes", o.bytes());
      writeNullable(g, "sha256", o.sha256());
      writeNullable(g, "content_type", o.contentType());
      g.writeStringField("status", o.status().label());
      if (o.reason() != null) {
        g.writeStringField("reason", o.reason());
      }
      g.writeNumberField("attempts", o.attempts());
      g.writeStringField("fetched_at", o.fetchedAt().toString());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return s.toString();
  }

  private static void writeNullable(JsonGenerator g, String name, String value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeStringField(name, value);
    }
  }

  @Override
  public void close() throws IOException {
    lock.lock();
    try {
      out.close();
    } finally {
      lock.unlock();
    }
  }
}
