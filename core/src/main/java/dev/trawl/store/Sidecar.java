package dev.trawl.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.trawl.frontier.CrawlStore;
import dev.trawl.frontier.PictureInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.UUID;

/**
 * The metadata file beside a saved picture ({@code --write-metadata}): {@code FILE.json} next to
 * {@code FILE}, a JSON object with {@code url}, {@code final_url}, {@code page}, {@code
 * page_title}, {@code listing}, {@code alt}, {@code width}, {@code height}, {@code bytes}, {@code
 * sha256}, {@code content_type}, {@code fetched_at} and {@code json} (null where not known).
 * Written to a temp file and renamed, so a sidecar is never seen half written. Thread-safe.
 */
public final class Sidecar {
  /** What follows a picture's name in its sidecar's. */
  public static final String SUFFIX = ".json";

  private static final JsonFactory JSON = new JsonFactory();

  private Sidecar() {}

  /**
   * What a sidecar says.
   *
   * @param fetchedAt when the picture was saved
   */
  public record Facts(
      String url,
      String finalUrl,
      String page,
      PictureInfo info,
      long bytes,
      String sha256,
      String contentType,
      Instant fetchedAt) {
    /** The facts the crawl state holds for a saved picture. */
    public static Facts of(CrawlStore.Item item) {
      return new Facts(
          item.url(),
          item.finalUrl(),
          item.page(),
          PictureInfo.decode(item.meta()),
          item.bytes(),
          item.sha256(),
          item.contentType(),
          item.updatedAt());
    }
  }

  /** Where the sidecar of {@code file} (relative to the out dir) is. */
  public static Path of(Path outDir, String file) {
    return outDir.resolve(file + SUFFIX);
  }

  /**
   * Writes the sidecar of {@code file}, replacing an older one.
   *
   * @param tmpDir a directory on the out dir's file system for the temp file
   */
  public static void write(Path outDir, Path tmpDir, String file, Facts f) throws IOException {
    Path target = of(outDir, file);
    Path temp = tmpDir.resolve("sidecar-" + UUID.randomUUID() + ".part");
    try {
      try (OutputStream out =
              Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          JsonGenerator g = JSON.createGenerator(out)) {
        g.setPrettyPrinter(new DefaultPrettyPrinter());
        PictureInfo i = f.info() == null ? PictureInfo.NONE : f.info();
        g.writeStartObject();
        g.writeStringField("url", f.url());
        g.writeStringField("final_url", f.finalUrl());
        g.writeStringField("page", f.page());
        g.writeStringField("page_title", i.pageTitle());
        g.writeStringField("listing", i.listing());
        g.writeStringField("alt", i.alt());
        number(g, "width", i.width());
        number(g, "height", i.height());
        g.writeNumberField("bytes", f.bytes());
        g.writeStringField("sha256", f.sha256());
        g.writeStringField("content_type", f.contentType());
        g.writeStringField("fetched_at", f.fetchedAt() == null ? null : f.fetchedAt().toString());
        g.writeFieldName("json");
        if (i.json() == null) {
          g.writeNull();
        } else {
          g.writeRawValue(i.json());
        }
        g.writeEndObject();
        g.writeRaw('\n');
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void number(JsonGenerator g, String name, Integer value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, value);
    }
  }
}
