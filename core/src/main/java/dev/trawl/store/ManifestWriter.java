package dev.trawl.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.trawl.frontier.CrawlStore;
import dev.trawl.frontier.PictureInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Writes {@code manifest.jsonl} from the crawl state, one JSON object per image with a final
 * outcome, in discovery order. The file is rewritten whole and swapped in atomically, so it never
 * disagrees with the state and is never seen half written.
 */
public final class ManifestWriter {
  public static final String FILE_NAME = "manifest.jsonl";
  private static final JsonFactory JSON = new JsonFactory();

  private ManifestWriter() {}

  /**
   * Throws when the manifest or its temp file inside {@code outDir} is a symbolic link, so a crawl
   * can refuse before it starts rather than at its end.
   */
  public static void refuseLinks(Path outDir) throws LinkRefusedException {
    LinkRefusedException.refuseLink(outDir.resolve(".trawl"));
    LinkRefusedException.refuseLink(outDir.resolve(".trawl").resolve(FILE_NAME + ".tmp"));
    LinkRefusedException.refuseLink(outDir.resolve(FILE_NAME));
  }

  /**
   * Rewrites {@code outDir/manifest.jsonl} from {@code store}.
   *
   * @return how many lines were written
   */
  public static long write(Path outDir, CrawlStore store) throws IOException {
    refuseLinks(outDir);
    Path temp = Files.createDirectories(outDir.resolve(".trawl")).resolve(FILE_NAME + ".tmp");
    long[] lines = {0};
    try (FileChannel ch =
            FileChannel.open(
                temp,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING,
                LinkOption.NOFOLLOW_LINKS);
        OutputStream raw = Channels.newOutputStream(ch);
        JsonGenerator g = JSON.createGenerator(new java.io.BufferedOutputStream(raw, 1 << 16))) {
      g.setRootValueSeparator(null);
      store.forEach(
          CrawlStore.Kind.IMAGE,
          null,
          item -> {
            if (item.status().isFinal()) {
              try {
                line(g, item);
                g.writeRaw('\n');
                lines[0]++;
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
          });
      g.flush();
      ch.force(true);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    Files.move(
        temp,
        outDir.resolve(FILE_NAME),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    return lines[0];
  }

  private static void line(JsonGenerator g, CrawlStore.Item o) throws IOException {
    g.writeStartObject();
    g.writeStringField("url", o.url());
    writeNullable(g, "final_url", o.finalUrl());
    g.writeStringField("page", o.page());
    writeNullable(g, "file", o.file());
    g.writeNumberField("bytes", o.bytes());
    writeNullable(g, "sha256", o.sha256());
    writeNullable(g, "content_type", o.contentType());
    PictureInfo info = PictureInfo.decode(o.meta());
    if (info.width() != null && info.height() != null) {
      g.writeNumberField("width", info.width());
      g.writeNumberField("height", info.height());
    }
    g.writeStringField("status", o.status().name().toLowerCase(Locale.ROOT));
    if (o.reason() != null) {
      g.writeStringField("reason", o.reason());
    }
    g.writeNumberField("attempts", o.attempts());
    writeNullable(g, "fetched_at", o.updatedAt() == null ? null : o.updatedAt().toString());
    g.writeEndObject();
  }

  private static void writeNullable(JsonGenerator g, String name, String value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeStringField(name, value);
    }
  }
}
