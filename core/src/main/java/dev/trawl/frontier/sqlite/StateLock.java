package dev.trawl.frontier.sqlite;

import dev.trawl.frontier.StateException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One crawl per out dir: an exclusive lock on {@code stateDir/lock}, holding the owner's pid. The
 * JVM also keeps its own set of held dirs, because on Linux closing any channel to a file drops
 * every lock the process holds on it, so a second opener in this JVM must not touch the file.
 */
final class StateLock implements AutoCloseable {
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;

  private StateLock(Path key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /** Locks {@code stateDir} (which must exist) or throws a StateException naming the holder. */
  static StateLock take(Path stateDir, String shown) {
    if (Files.isSymbolicLink(stateDir.resolve("lock"))) {
      throw StateErrors.link(stateDir.resolve("lock"));
    }
    Path key;
    try {
      key = stateDir.toRealPath();
    } catch (IOException e) {
      throw new StateException("cannot open the crawl state in " + stateDir + ": " + e, e);
    }
    if (!HELD.add(key)) {
      throw busy(shown, Long.toString(ProcessHandle.current().pid()));
    }
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              key.resolve("lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS); // a link planted since the look above fails here
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        ByteBuffer buf = ByteBuffer.allocate(32);
        channel.read(buf, 0);
        String pid = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).trim();
        throw busy(shown, pid.isEmpty() ? "unknown" : pid);
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
          0);
      channel.force(true);
      return new StateLock(key, channel, lock);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      HELD.remove(key);
      if (e instanceof StateException) {
        throw (StateException) e;
      }
      throw new StateException("cannot lock the crawl state in " + stateDir + ": " + e, e);
    }
  }

  private static StateException busy(String shown, String pid) {
    return new StateException("another trawl is crawling into " + shown + " (pid " + pid + ")");
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    closeQuietly(channel);
    HELD.remove(key);
  }
}
