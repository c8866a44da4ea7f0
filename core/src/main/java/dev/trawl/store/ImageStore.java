package dev.trawl.store;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Saves image bodies into the out dir so that a file under its final name is always complete:
 * bodies stream into {@code .trawl/tmp} while hashed, and are synced just before they are linked
 * into place. Never overwrites: a name taken by different bytes gets a suffix from the content
 * hash. The same bytes reached from two URLs are stored once. Thread-safe.
 */
public final class ImageStore {
  private static final int SNIFF_BYTES = 512;
  private static final int CHUNK = 64 * 1024;

  private final Path outDir;
  private final Path tmpDir;
  private final ContentIndex index;
  // Unique temp names without a SecureRandom call per picture; the prefix keeps stores apart.
  private final String tempPrefix = UUID.randomUUID() + "-";
  private final AtomicLong tempCount = new AtomicLong();
  // Read buffers, one per concurrent stage() at most.
  private final ConcurrentLinkedQueue<byte[]> buffers = new ConcurrentLinkedQueue<>();

  /**
   * Opens the out dir, creating it and {@code .trawl/tmp} when missing, and deletes temp files a
   * killed run left behind; {@code index} (the crawl state) says which bytes and names are taken.
   *
   * @throws IOException when the directory cannot be created or written
   */
  public ImageStore(Path outDir, ContentIndex index) throws IOException {
    this.index = index;
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
  }

  public Path outDir() {
    return outDir;
  }

  /**
   * Streams {@code body} into a temp file while computing its SHA-256. The first bytes must be an
   * image; otherwise nothing is kept. The file is synced later, by {@link #commit}, just before it
   * gets its final name, so a caller can close the response first.
   *
   * @throws NotAnImageException when the magic bytes are not an image format
   * @throws IOException on read or write failure; the temp file is then deleted
   */
  public Staged stage(InputStream body, String url, String contentType) throws IOException {
    byte[] buf = buffers.poll();
    if (buf == null) {
      buf = new byte[CHUNK];
    }
    try {
      // Most pictures fit one chunk: read whole, sniffed, hashed and written with one call.
      int n = body.readNBytes(buf, 0, buf.length);
      ImageType type =
          ImageType.sniff(buf, Math.min(n, SNIFF_BYTES))
              .orElseThrow(() -> new NotAnImageException(url, contentType));
      Path temp = tmpDir.resolve(tempPrefix + tempCount.incrementAndGet() + ".part");
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
        }
        done = true;
        return new Staged(temp, bytes, sha.finish(), type);
      } finally {
        if (!done) {
          Files.deleteIfExists(temp);
        }
      }
    } finally {
      buffers.offer(buf);
    }
  }

  /**
   * Puts a staged body under its final name, derived from {@code url}. When the same bytes are
   * already stored (in this run, an earlier one, or found on disk under the wanted name) the temp
   * file is deleted and the existing file is named instead; bytes found under the very name this
   * URL wants count as saved (an earlier run saved them and was stopped before recording it).
   * {@link PictureCommitter} does the same for many bodies with one sync.
   */
  public Stored commit(Staged staged, String url) throws IOException {
    try {
      // The bytes and the size, before any name: a file under its final name is always complete.
      force(staged);
    } catch (IOException e) {
      Files.deleteIfExists(staged.temp());
      throw e;
    }
    Stored[] stored = new Stored[1];
    IOException[] failed = new IOException[1];
    placeAll(List.of(staged), List.of(url), stored, failed);
    if (failed[0] != null) {
      throw failed[0];
    }
    return stored[0];
  }

  /** Deletes a staged body that will not be committed. */
  public void discard(Staged staged) throws IOException {
    Files.deleteIfExists(staged.temp());
  }

  /** Makes a staged body's bytes and size durable ({@code fdatasync}). */
  void force(Staged staged) throws IOException {
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
   * {@code failed[i]} is set for each. The names they want are claimed from the index in one call;
   * a body whose wanted name is taken looks further on its own. Every temp file is gone afterwards.
   */
  void placeAll(List<Staged> staged, List<String> urls, Stored[] stored, IOException[] failed) {
    int n = staged.size();
    String[] wanted = new String[n];
    boolean[] present = new boolean[n];
    List<ContentIndex.Claim> claims = new ArrayList<>(n);
    int[] claimOf = new int[n];
    for (int i = 0; i < n; i++) {
      claimOf[i] = -1;
      try {
        wanted[i] = ImageNamer.name(urls.get(i), staged.get(i).type());
        Path target = target(wanted[i]);
        present[i] = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        // a name taken by a link (dangling too) is someone else's: never read or written through
        if (!Files.isSymbolicLink(target)
            && (!present[i] || staged.get(i).sha256().equals(sha256(target)))) {
          claimOf[i] = claims.size();
          claims.add(new ContentIndex.Claim(staged.get(i).sha256(), wanted[i]));
        }
      } catch (IOException e) {
        failed[i] = e;
      }
    }
    List<Optional<String>> holders = claims.isEmpty() ? List.of() : index.claimNames(claims);
    for (int i = 0; i < n; i++) {
      Staged s = staged.get(i);
      try {
        if (failed[i] == null) {
          Optional<String> first = claimOf[i] < 0 ? null : holders.get(claimOf[i]);
          stored[i] = place(s, wanted[i], present[i], first);
        }
      } catch (IOException e) {
        failed[i] = e;
      } finally {
        try {
          Files.deleteIfExists(s.temp());
        } catch (IOException e) {
          // the next run deletes stale temp files
        }
      }
    }
  }

  private Path target(String name) throws IOException {
    Path target = outDir.resolve(name);
    if (!target.getParent().equals(outDir)) {
      throw new IOException("unsafe file name: " + name);
    }
    return target;
  }

  /**
   * @param wantedPresent whether a file exists under {@code wanted}
   * @param firstHolder the index's answer for {@code wanted}, already claimed; null when the name
   *     is someone else's file
   */
  private Stored place(
      Staged staged, String wanted, boolean wantedPresent, Optional<String> firstHolder)
      throws IOException {
    String hashed = ImageNamer.withHashSuffix(wanted, staged.sha256());
    for (int i = 0; ; i++) {
      String name = i == 0 ? wanted : i == 1 ? hashed : numbered(hashed, i);
      Path target = target(name);
      boolean present;
      Optional<String> holder;
      if (i == 0) {
        if (firstHolder == null) {
          continue; // someone else's picture: never overwritten
        }
        present = wantedPresent;
        holder = firstHolder;
      } else {
        if (Files.isSymbolicLink(target)) {
          continue; // a name taken by a link, even a dangling one: never read or written through
        }
        present = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (present && !staged.sha256().equals(sha256(target))) {
          continue; // someone else's picture: never overwritten
        }
        holder = index.claimName(staged.sha256(), name);
      }
      if (holder.isEmpty()) {
        continue; // the name is reserved for other bytes
      }
      String file = holder.get();
      Path held = outDir.resolve(file);
      // (a file appearing since the look above makes the link fail; its bytes are checked then)
      boolean heldPresent =
          held.equals(target) ? present : Files.exists(held, LinkOption.NOFOLLOW_LINKS);
      if (!held.equals(target) && Files.isSymbolicLink(held)) {
        throw new LinkRefusedException(held); // our own recorded name, replaced by a link
      }
      if (held.getParent().equals(outDir) && !heldPresent && !heldElsewhere(file, staged)) {
        // a new name, or one whose file was deleted or never linked by a run that died
        if (!link(staged.temp(), held) && !staged.sha256().equals(sha256(held))) {
          throw new IOException("file appeared while saving: " + held);
        }
        CrashPoint.reach(CrashPoint.SAVED_NOT_RECORDED);
      }
      return new Stored(file, !own(file, wanted, hashed));
    }
  }

  /** True when another worker's out dir holds these bytes under {@code file}. */
  private boolean heldElsewhere(String file, Staged staged) throws IOException {
    Optional<Path> there = index.elsewhere(file);
    return there.isPresent()
        && Files.exists(there.get())
        && staged.sha256().equals(sha256(there.get()));
  }

  /** True when {@code file} is a name this URL's bytes would get: an earlier save of this item. */
  private static boolean own(String file, String wanted, String hashed) {
    if (file.equals(wanted) || file.equals(hashed)) {
      return true;
    }
    int dot = hashed.lastIndexOf('.');
    return file.startsWith(hashed.substring(0, dot) + "-") && file.endsWith(hashed.substring(dot));
  }

  private static String numbered(String hashed, int i) {
    int dot = hashed.lastIndexOf('.');
    return hashed.substring(0, dot) + "-" + i + hashed.substring(dot);
  }

  /** Moves temp to target unless target exists; false when it does. */
  private static boolean link(Path temp, Path target) throws IOException {
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
