package dev.trawl.store;

import dev.trawl.frontier.CrawlStore.Holder;
import dev.trawl.frontier.PictureInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Saves image bodies into the out dir so that a file under its final name is always complete:
 * bodies stream into {@code .trawl/tmp} while hashed, and are synced just before they are linked
 * into place. Never overwrites: a name taken by different bytes gets a suffix from the content
 * hash. The same bytes reached from two URLs are stored once. Thread-safe.
 *
 * <p>Where the file system allows it (Linux, see {@link UnnamedFiles}), a body kept in memory is
 * written to a file with no name in {@code .trawl/tmp} ({@code O_TMPFILE}) that gets its final name
 * and no other: no temp name is created or deleted, and a killed process leaves none behind. {@code
 * -Dtrawl.tmpfile=false} turns that off (named temp files, as everywhere else).
 */
public final class ImageStore {
  private static final int SNIFF_BYTES = 512;
  private static final int CHUNK = 64 * 1024;

  // Header bytes kept while looking for a picture's size; past this it stays unknown.
  private static final int HEAD_LIMIT = 1 << 20;

  private final Path outDir;
  private final Path tmpDir;
  private final ContentIndex index;
  private final FilenameTemplate names;
  // Unique temp names without a SecureRandom call per picture; the prefix keeps stores apart.
  private final String tempPrefix = UUID.randomUUID() + "-";
  private final AtomicLong tempCount = new AtomicLong();
  // Read buffers, one per concurrent stage() at most.
  private final ConcurrentLinkedQueue<byte[]> buffers = new ConcurrentLinkedQueue<>();
  // Staged bodies kept in memory, by temp file, until they are committed or discarded.
  private final ConcurrentHashMap<Path, byte[]> unwritten = new ConcurrentHashMap<>();
  // Whether bodies kept in memory may go to unnamed files; whether they do is decided once:
  private final boolean unnamedWanted;
  private final ReentrantLock deciding = new ReentrantLock();
  private volatile boolean decided;
  // null: named temp files (set before decided). Else bodies kept in memory go to unnamed files...
  private UnnamedFiles unnamedFiles;
  // ... whose descriptors are kept here, by the temp name they never get, until named or discarded.
  private final ConcurrentHashMap<Path, Integer> unnamed = new ConcurrentHashMap<>();

  /**
   * Opens the out dir, creating it and {@code .trawl/tmp} when missing, and deletes temp files a
   * killed run left behind; {@code index} (the crawl state) says which bytes and names are taken.
   *
   * @throws IOException when the directory cannot be created or written
   */
  public ImageStore(Path outDir, ContentIndex index) throws IOException {
    this(outDir, index, FilenameTemplate.defaults());
  }

  /**
   * The same, naming pictures by {@code names} ({@code /} in it makes folders under the out dir).
   *
   * @throws IOException when the directory cannot be created or written
   */
  public ImageStore(Path outDir, ContentIndex index, FilenameTemplate names) throws IOException {
    this(outDir, index, names, Boolean.parseBoolean(System.getProperty("trawl.tmpfile", "true")));
  }

  /** The same; {@code unnamedFiles} false writes every body to a named temp file. */
  ImageStore(Path outDir, ContentIndex index, FilenameTemplate names, boolean unnamedFiles)
      throws IOException {
    this.index = index;
    this.names = names;
    this.outDir = outDir.toAbsolutePath().normalize();
    this.tmpDir = this.outDir.resolve(".trawl").resolve("tmp");
    LinkRefusedException.refuseLink(tmpDir.getParent());
    LinkRefusedException.refuseLink(tmpDir);
    Files.createDirectories(tmpDir);
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(tmpDir, "*.part")) {
      for (Path p : stale) {
        Files.deleteIfExists(p);
      }
    }
    Path probe = tmpDir.resolve("probe-" + UUID.randomUUID() + ".part");
    Files.write(probe, new byte[0]);
    Files.delete(probe);
    this.unnamedWanted = unnamedFiles;
  }

  /**
   * True when bodies kept in memory are written to unnamed files. Decided once, by the first call
   * (which binds the C library and tries one: tens of milliseconds in a new JVM); the {@link
   * PictureCommitter}'s thread makes it as it starts, so the crawl's start does not wait for it.
   */
  boolean writesUnnamedFiles() {
    if (!decided) {
      deciding.lock();
      try {
        if (!decided) {
          unnamedFiles = unnamedWanted ? UnnamedFiles.open(tmpDir) : null;
          decided = true;
        }
      } finally {
        deciding.unlock();
      }
    }
    return unnamedFiles != null;
  }

  public Path outDir() {
    return outDir;
  }

  /**
   * Reads {@code body} while computing its SHA-256. The first bytes must be an image; otherwise
   * nothing is kept. A body that fits one read ({@value #CHUNK} bytes) stays in memory until {@link
   * #commit} (or the {@link PictureCommitter}) writes it to its temp file, so the calling thread
   * does no file I/O; a larger one streams into its temp file now. Either way it is synced later,
   * just before it gets its final name, so a caller can close the response first.
   *
   * @throws NotAnImageException when the magic bytes are not an image format
   * @throws IOException on read or write failure; the temp file is then deleted
   */
  public Staged stage(InputStream body, String url, String contentType) throws IOException {
    return stage(body, url, contentType, PictureFilters.NONE);
  }

  /**
   * The same, reading the picture's size from its header on the way; a picture {@code filters}
   * refuse stops the reading as soon as its format or size shows it.
   *
   * @throws NotAnImageException when the magic bytes are not an image format
   * @throws ImageHeader.BadHeaderException when {@code filters} need the size and the header is not
   *     one of the format, or the body ends before it shows a size (without such filters the
   *     picture is kept with an unknown size)
   * @throws PictureFilters.RefusedException when {@code filters} refuse the picture
   * @throws IOException on read or write failure; the temp file is then deleted
   */
  public Staged stage(InputStream body, String url, String contentType, PictureFilters filters)
      throws IOException {
    byte[] buf = buffers.poll();
    if (buf == null) {
      buf = new byte[CHUNK];
    }
    try {
      // Most pictures fit one chunk: read whole, sniffed and hashed, written later with one call.
      int n = body.readNBytes(buf, 0, buf.length);
      ImageType type =
          ImageType.sniff(buf, Math.min(n, SNIFF_BYTES))
              .orElseThrow(() -> new NotAnImageException(url, contentType));
      String refusal = filters.refusalOfType(type);
      if (refusal != null) {
        throw new PictureFilters.RefusedException(refusal, type, null, 0);
      }
      Header header = new Header(type, filters);
      header.more(buf, n, n < buf.length);
      Path temp = tmpDir.resolve(tempPrefix + tempCount.incrementAndGet() + ".part");
      if (n < buf.length) {
        refusal = filters.refusalOfBytes(n);
        if (refusal != null) {
          throw new PictureFilters.RefusedException(refusal, type, header.size, n);
        }
        String sha256;
        try (Sha256 sha = Sha256.start()) {
          sha.update(buf, 0, n);
          sha256 = sha.finish();
        }
        unwritten.put(temp, Arrays.copyOf(buf, n));
        return new Staged(temp, n, sha256, type, header.size);
      }
      boolean done = false;
      try (Sha256 sha = Sha256.start();
          FileChannel ch =
              FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        long bytes = 0;
        while (n > 0) {
          sha.update(buf, 0, n);
          ByteBuffer chunk = ByteBuffer.wrap(buf, 0, n);
          while (chunk.hasRemaining()) {
            ch.write(chunk);
          }
          bytes += n;
          n = n < buf.length ? 0 : body.readNBytes(buf, 0, buf.length);
          header.more(buf, n, n < buf.length);
        }
        refusal = filters.refusalOfBytes(bytes);
        if (refusal != null) {
          throw new PictureFilters.RefusedException(refusal, type, header.size, bytes);
        }
        done = true;
        return new Staged(temp, bytes, sha.finish(), type, header.size);
      } finally {
        if (!done) {
          Files.deleteIfExists(temp);
        }
      }
    } finally {
      buffers.offer(buf);
    }
  }

  /** The size of a body being read, from the bytes seen so far. */
  private static final class Header {
    private final ImageType type;
    private final PictureFilters filters;
    private Dimensions size;
    private byte[] head;
    private int length;

    Header(ImageType type, PictureFilters filters) {
      this.type = type;
      this.filters = filters;
    }

    /** Takes the next {@code n} bytes of the body; {@code end} when no more will come. */
    void more(byte[] chunk, int n, boolean end) throws IOException {
      if (size != null) {
        return;
      }
      try {
        if (head == null && n == chunk.length) {
          size = ImageHeader.read(type, chunk, n); // the usual case: no copy
          if (size == null) {
            head = java.util.Arrays.copyOf(chunk, n * 2);
            length = n;
          }
        } else {
          if (head == null) {
            head = chunk;
            length = n;
          } else {
            if (length + n > head.length) {
              head = java.util.Arrays.copyOf(head, Math.max(head.length * 2, length + n));
            }
            System.arraycopy(chunk, 0, head, length, n);
            length += n;
          }
          size =
              end
                  ? ImageHeader.readComplete(type, head, length)
                  : ImageHeader.read(type, head, length);
          if (size == null && length >= HEAD_LIMIT) {
            size = Dimensions.UNKNOWN;
          }
        }
      } catch (ImageHeader.BadHeaderException e) {
        if (filters.needsSize()) {
          throw e; // the filters cannot judge it
        }
        size = Dimensions.UNKNOWN; // browsers show many a picture with an odd header
      }
      if (size != null) {
        head = null;
        String refusal = filters.refusalOfSize(size);
        if (refusal != null) {
          throw new PictureFilters.RefusedException(refusal, type, size, 0);
        }
      }
    }
  }

  /**
   * Writes a body {@link #stage} kept in memory to its temp file, or to an unnamed file where they
   * are made; nothing when it is written already.
   *
   * @throws IOException on write failure; the temp file is then deleted
   */
  void write(Staged staged) throws IOException {
    byte[] bytes = unwritten.remove(staged.temp());
    if (bytes == null) {
      return;
    }
    if (writesUnnamedFiles()) {
      int fd = unnamedFiles.create();
      try {
        unnamedFiles.write(fd, bytes);
      } catch (IOException | RuntimeException e) {
        unnamedFiles.close(fd);
        throw e;
      }
      unnamed.put(staged.temp(), fd);
      return;
    }
    boolean done = false;
    try (FileChannel ch =
        FileChannel.open(staged.temp(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer all = ByteBuffer.wrap(bytes);
      while (all.hasRemaining()) {
        ch.write(all);
      }
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(staged.temp());
      }
    }
  }

  /**
   * Puts a staged body under its final name, derived from {@code url}, for the item {@code url}
   * names. When the same bytes are already stored (in this run, an earlier one, or found on disk
   * under the wanted name) the temp file is deleted and the existing file is named instead: a
   * {@linkplain Stored#duplicate() duplicate} when the index has the bytes for another item, saved
   * when for this one (an earlier run saved them and was stopped before recording it). {@link
   * PictureCommitter} does the same for many bodies with one sync.
   */
  public Stored commit(Staged staged, String url) throws IOException {
    return commit(staged, url, PictureInfo.NONE, url);
  }

  /**
   * The same, named by this store's template from {@code url}, {@code info} and today's date (UTC);
   * folders the name holds are created under the out dir. {@code item} is the key of the item the
   * body was downloaded for (the crawl's image entry; the same across runs, whatever {@code url}
   * redirects or rewrites made): bytes first claimed for another item make this one a duplicate.
   */
  public Stored commit(Staged staged, String url, PictureInfo info, String item)
      throws IOException {
    try {
      // The bytes and the size, before any name: a file under its final name is always complete.
      write(staged);
      force(staged);
    } catch (IOException e) {
      discard(staged);
      throw e;
    }
    Stored[] stored = new Stored[1];
    IOException[] failed = new IOException[1];
    placeAll(List.of(staged), List.of(url), List.of(info), List.of(item), stored, failed);
    if (failed[0] != null) {
      throw failed[0];
    }
    return stored[0];
  }

  /**
   * Writes {@code file}'s sidecar ({@code FILE.json}, see {@link Sidecar}), replacing an older one.
   */
  public void writeSidecar(String file, Sidecar.Facts facts) throws IOException {
    Sidecar.write(outDir, tmpDir, file, facts);
  }

  /** Deletes a staged body that will not be committed (nothing when it is gone already). */
  public void discard(Staged staged) throws IOException {
    unwritten.remove(staged.temp());
    release(staged);
  }

  /** Deletes a staged body's temp file, or closes its unnamed file, which goes with it. */
  private void release(Staged staged) throws IOException {
    Integer fd = unnamed.remove(staged.temp());
    if (fd != null) {
      unnamedFiles.close(fd);
    } else {
      Files.deleteIfExists(staged.temp());
    }
  }

  /** Makes a staged body's bytes and size durable ({@code fdatasync}). */
  void force(Staged staged) throws IOException {
    Integer fd = unnamed.get(staged.temp());
    if (fd != null) {
      unnamedFiles.sync(fd);
      return;
    }
    try (FileChannel ch = FileChannel.open(staged.temp(), StandardOpenOption.WRITE)) {
      ch.force(false);
    }
  }

  /** The directory staged bodies are written to. */
  Path tempDir() {
    return tmpDir;
  }

  /**
   * Names staged bodies that are already durable, as {@link #commit} does one: {@code stored[i]} or
   * {@code failed[i]} is set for each. The names they want are claimed from the index in one call,
   * in order, so of two bodies with the same bytes the first is saved and the second is its
   * duplicate; a body whose wanted name is taken looks further on its own. Every temp file is gone
   * afterwards.
   */
  void placeAll(
      List<Staged> staged,
      List<String> urls,
      List<PictureInfo> infos,
      List<String> items,
      Stored[] stored,
      IOException[] failed) {
    int n = staged.size();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String[] wanted = new String[n];
    boolean[] present = new boolean[n];
    List<ContentIndex.Claim> claims = new ArrayList<>(n);
    int[] claimOf = new int[n];
    for (int i = 0; i < n; i++) {
      claimOf[i] = -1;
      try {
        Staged st = staged.get(i);
        wanted[i] =
            names.render(
                new FilenameTemplate.Fields(
                    urls.get(i), st.type(), st.sha256(), today, infos.get(i)));
        Path target = target(wanted[i]);
        // Files.exists throws nothing for an absent name; the link test only runs for a present one
        present[i] = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        // a name taken by a link (dangling too) is someone else's: never read or written through
        if (!present[i]
            || !Files.isSymbolicLink(target) && staged.get(i).sha256().equals(sha256(target))) {
          claimOf[i] = claims.size();
          claims.add(new ContentIndex.Claim(staged.get(i).sha256(), wanted[i], items.get(i)));
        }
      } catch (IOException e) {
        failed[i] = e;
      }
    }
    List<Optional<Holder>> holders = claims.isEmpty() ? List.of() : index.claimNames(claims);
    for (int i = 0; i < n; i++) {
      Staged s = staged.get(i);
      try {
        if (failed[i] == null) {
          Optional<Holder> first = claimOf[i] < 0 ? null : holders.get(claimOf[i]);
          stored[i] = place(s, items.get(i), wanted[i], present[i], first);
        }
      } catch (IOException e) {
        failed[i] = e;
      } finally {
        try {
          release(s);
        } catch (IOException e) {
          // the next run deletes stale temp files
        }
      }
    }
  }

  /** The path of a name under the out dir; a name that would leave it is refused. */
  private Path target(String name) throws IOException {
    Path target = outDir.resolve(name).normalize();
    if (!target.startsWith(outDir) || target.equals(outDir) || name.startsWith(".trawl")) {
      throw new IOException("unsafe file name: " + name);
    }
    return target;
  }

  /** Creates the folders of {@code target}; none may lead out of the out dir through a link. */
  private void folder(Path target) throws IOException {
    Path parent = target.getParent();
    if (parent.equals(outDir)) {
      return;
    }
    Files.createDirectories(parent);
    if (!parent.toRealPath().startsWith(outDir.toRealPath())) {
      throw new IOException("folder leads out of the out dir: " + parent);
    }
  }

  /**
   * @param item the key of the item the body was downloaded for
   * @param wantedPresent whether a file exists under {@code wanted}
   * @param firstHolder the index's answer for {@code wanted}, already claimed; null when the name
   *     is someone else's file
   */
  private Stored place(
      Staged staged,
      String item,
      String wanted,
      boolean wantedPresent,
      Optional<Holder> firstHolder)
      throws IOException {
    String hashed = ImageNamer.withHashSuffix(wanted, staged.sha256());
    for (int i = 0; ; i++) {
      String name = i == 0 ? wanted : i == 1 ? hashed : numbered(hashed, i);
      Path target = target(name);
      boolean present;
      Optional<Holder> holder;
      if (i == 0) {
        if (firstHolder == null) {
          continue; // someone else's picture: never overwritten
        }
        present = wantedPresent;
        holder = firstHolder;
      } else {
        present = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (present && Files.isSymbolicLink(target)) {
          continue; // a name taken by a link, even a dangling one: never read or written through
        }
        if (present && !staged.sha256().equals(sha256(target))) {
          continue; // someone else's picture: never overwritten
        }
        holder = index.claimName(staged.sha256(), name, item);
      }
      if (holder.isEmpty()) {
        continue; // the name is reserved for other bytes
      }
      String file = holder.get().file();
      Path held = target(file);
      // (a file appearing since the look above makes the link fail; its bytes are checked then)
      boolean heldPresent =
          held.equals(target) ? present : Files.exists(held, LinkOption.NOFOLLOW_LINKS);
      if (!held.equals(target) && heldPresent && Files.isSymbolicLink(held)) {
        throw new LinkRefusedException(held); // our own recorded name, replaced by a link
      }
      if (!heldPresent && !heldElsewhere(file, staged)) {
        folder(held);
        // a new name, or one whose file was deleted or never linked by a run that died
        if (!link(staged, held) && !staged.sha256().equals(sha256(held))) {
          throw new IOException("file appeared while saving: " + held);
        }
        CrashPoint.reach(CrashPoint.SAVED_NOT_RECORDED);
      }
      // bytes first claimed for this item are its own earlier save, never a duplicate of itself
      return new Stored(file, !holder.get().item().equals(item));
    }
  }

  /** True when another worker's out dir holds these bytes under {@code file}. */
  private boolean heldElsewhere(String file, Staged staged) throws IOException {
    Optional<Path> there = index.elsewhere(file);
    return there.isPresent()
        && Files.exists(there.get())
        && staged.sha256().equals(sha256(there.get()));
  }

  private static String numbered(String hashed, int i) {
    int dot = extensionDot(hashed);
    return hashed.substring(0, dot) + "-" + i + hashed.substring(dot);
  }

  /** Where the extension of a name's last path element starts (its length when it has none). */
  private static int extensionDot(String name) {
    int slash = name.lastIndexOf('/');
    int dot = name.lastIndexOf('.');
    return dot > slash + 1 ? dot : name.length();
  }

  /** Gives a staged body the name target unless target exists; false when it does. */
  private boolean link(Staged staged, Path target) throws IOException {
    Integer fd = unnamed.get(staged.temp());
    if (fd != null) {
      return unnamedFiles.link(fd, target); // the file keeps its descriptor until released
    }
    Path temp = staged.temp();
    try {
      Files.createLink(target, temp);
      Files.delete(temp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException | IOException e) {
      // No hard links here (some file systems): check, then rename.
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      return true;
    }
  }

  private static String sha256(Path file) throws IOException {
    byte[] buf = new byte[CHUNK];
    try (Sha256 sha = Sha256.start();
        InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
      }
      return sha.finish();
    }
  }
}
