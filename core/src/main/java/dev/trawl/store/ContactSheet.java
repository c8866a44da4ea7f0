package dev.trawl.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.trawl.frontier.CrawlStore;
import dev.trawl.frontier.PictureInfo;
import java.io.BufferedWriter;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contact sheet {@code OUT/index.html}: every saved picture as a thumbnail (the file itself,
 * lazy-loaded and scaled by the browser), grouped by the page it was found on (pages in the order
 * they were queued), under a summary of the crawl; duplicates, skipped and failed items listed with
 * their reasons and URLs. One self-contained file (inline style and script, the data as JSON inside
 * it) that opens from {@code file://} and makes no network request; the script shows pictures a
 * sheet page of {@value #PER_PAGE} at a time, so 100,000 pictures open as fast as 1,000. Rewritten
 * whole from the crawl state and swapped in atomically, like the manifest.
 */
public final class ContactSheet {
  public static final String FILE_NAME = "index.html";

  /** Pictures shown at once; the sheet pages through the rest. */
  public static final int PER_PAGE = 600;

  private static final String DATA_MARK = "/*TRAWL-DATA*/";
  private static final JsonFactory JSON = new JsonFactory();

  private ContactSheet() {}

  /** One page's saved pictures, in the order they were found. */
  private static final class Group {
    final String page;
    String title;
    final List<CrawlStore.Item> items = new ArrayList<>();

    Group(String page) {
      this.page = page;
    }
  }

  /**
   * Rewrites {@code outDir/index.html} from {@code store}.
   *
   * @return how many pictures it shows
   */
  public static long write(Path outDir, CrawlStore store) throws IOException {
    String template = template();
    int mark = template.indexOf(DATA_MARK);
    Map<String, Group> groups = new LinkedHashMap<>();
    List<CrawlStore.Item> duplicates = new ArrayList<>();
    List<CrawlStore.Item> failed = new ArrayList<>();
    List<CrawlStore.Item> skipped = new ArrayList<>();
    long[] bytes = {0};
    store.forEach(
        CrawlStore.Kind.IMAGE,
        null,
        item -> {
          switch (item.status()) {
            case SAVED -> {
              Group g = groups.computeIfAbsent(item.page(), Group::new);
              if (g.title == null) {
                g.title = PictureInfo.decode(item.meta()).pageTitle();
              }
              g.items.add(item);
              bytes[0] += item.bytes();
            }
            case DUPLICATE -> duplicates.add(item);
            case FAILED -> failed.add(item);
            case SKIPPED -> skipped.add(item);
            default -> {}
          }
        });
    long saved = groups.values().stream().mapToLong(g -> g.items.size()).sum();
    // pages in the order they were queued (page 1, 2, 3...), not in the order they were read
    Map<String, Long> queued = new java.util.HashMap<>();
    store.forEach(CrawlStore.Kind.PAGE, null, page -> queued.putIfAbsent(page.url(), page.id()));
    List<Group> ordered = new ArrayList<>(groups.values());
    ordered.sort(
        java.util.Comparator.comparingLong(g -> queued.getOrDefault(g.page, Long.MAX_VALUE)));
    Path temp = Files.createDirectories(outDir.resolve(".trawl")).resolve(FILE_NAME + ".tmp");
    try (FileChannel ch =
            FileChannel.open(
                temp,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        Writer w =
            new BufferedWriter(
                new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.UTF_8),
                1 << 16)) {
      w.write(template, 0, mark);
      JsonGenerator g = JSON.createGenerator(new ScriptSafe(w));
      g.writeStartObject();
      summary(g, outDir, store, saved, duplicates.size(), skipped.size(), failed.size(), bytes[0]);
      g.writeArrayFieldStart("groups");
      for (Group group : ordered) {
        g.writeStartArray();
        g.writeString(group.page);
        g.writeString(group.title);
        g.writeStartArray();
        for (CrawlStore.Item item : group.items) {
          PictureInfo info = PictureInfo.decode(item.meta());
          g.writeStartArray();
          g.writeString(item.file());
          g.writeNumber(info.width() == null ? 0 : info.width());
          g.writeNumber(info.height() == null ? 0 : info.height());
          g.writeString(info.alt());
          g.writeString(item.url());
          g.writeNumber(item.bytes());
          g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndArray();
      }
      g.writeEndArray();
      list(g, "duplicateItems", duplicates);
      list(g, "failedItems", failed);
      list(g, "skippedItems", skipped);
      g.writeEndObject();
      g.flush();
      w.write(template, mark + DATA_MARK.length(), template.length() - mark - DATA_MARK.length());
      w.flush();
      ch.force(true);
    }
    Files.move(
        temp,
        outDir.resolve(FILE_NAME),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    return saved;
  }

  private static void summary(
      JsonGenerator g,
      Path outDir,
      CrawlStore store,
      long saved,
      long duplicates,
      long skipped,
      long failed,
      long bytes)
      throws IOException {
    Duration time = Duration.ZERO;
    Instant last = null;
    int runs = 0;
    for (CrawlStore.Run r : store.runs()) {
      runs++;
      if (r.ended() != null) {
        time = time.plus(Duration.between(r.started(), r.ended()));
        last = r.ended();
      }
    }
    Path name = outDir.getFileName();
    g.writeStringField("dir", name == null ? outDir.toString() : name.toString());
    g.writeNumberField("saved", saved);
    g.writeNumberField("duplicates", duplicates);
    g.writeNumberField("skipped", skipped);
    g.writeNumberField("failed", failed);
    g.writeNumberField("bytes", bytes);
    g.writeNumberField("millis", time.toMillis());
    g.writeNumberField("runs", runs);
    g.writeStringField("updated", last == null ? null : last.toString());
    g.writeNumberField("perPage", PER_PAGE);
  }

  /** [url, final url, reason, file, page] per item. */
  private static void list(JsonGenerator g, String name, List<CrawlStore.Item> items)
      throws IOException {
    g.writeArrayFieldStart(name);
    for (CrawlStore.Item item : items) {
      g.writeStartArray();
      g.writeString(item.url());
      g.writeString(item.finalUrl());
      g.writeString(item.reason());
      g.writeString(item.file());
      g.writeString(item.page());
      g.writeEndArray();
    }
    g.writeEndArray();
  }

  private static String template() throws IOException {
    try (InputStream in = ContactSheet.class.getResourceAsStream("contact-sheet.html")) {
      if (in == null) {
        throw new IOException("missing resource contact-sheet.html");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * JSON made safe inside a {@code <script>} element: {@code <}, {@code >}, {@code &} and the JS
   * line separators only occur in JSON strings, where {@code \}{@code uXXXX} means the same.
   */
  private static final class ScriptSafe extends FilterWriter {
    ScriptSafe(Writer out) {
      super(out);
    }

    @Override
    public void write(int c) throws IOException {
      switch (c) {
        case '<', '>', '&', '\u2028', '\u2029' -> out.write(String.format("\\u%04x", c));
        default -> out.write(c);
      }
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
      int start = off;
      for (int i = off; i < off + len; i++) {
        char c = buf[i];
        if (c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
          out.write(buf, start, i - start);
          write(c);
          start = i + 1;
        }
      }
      out.write(buf, start, off + len - start);
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
      char[] chars = new char[len];
      s.getChars(off, off + len, chars, 0);
      write(chars, 0, len);
    }

    @Override
    public void close() throws IOException {
      flush(); // the file is closed by its owner
    }
  }
}
