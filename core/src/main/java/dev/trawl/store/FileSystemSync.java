package dev.trawl.store;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code syncfs(2)} of the file system that holds one directory, from the C library through the
 * foreign function API (see {@link NativeLibrary}): one call writes back and flushes every file
 * written there, so a batch of pictures costs one device flush instead of one {@code fdatasync}
 * each. Linux only, JDK 22 or later, native access granted; {@link #open} returns null elsewhere.
 * Not thread-safe: one committer thread uses it.
 */
final class FileSystemSync implements AutoCloseable {
  private final MethodHandle syncfs;
  private final MethodHandle closedir;
  private final Object dir; // DIR * from opendir(3), kept open so its fd names the file system
  private final int fd;
  private boolean closed;

  private FileSystemSync(NativeLibrary c, Path directory) throws Throwable {
    MethodHandle opendir = c.function("opendir", c.address, true, c.address);
    MethodHandle dirfd = c.function("dirfd", c.int32, false, c.address);
    syncfs = c.function("syncfs", c.int32, false, c.int32);
    closedir = c.function("closedir", c.int32, false, c.address);
    MethodHandle ofArray = c.segment.findStatic("ofArray", byte[].class);
    Object nullSegment = c.segment.type().getField("NULL").get(null);
    byte[] name = (directory.toAbsolutePath() + "\0").getBytes(StandardCharsets.UTF_8);
    Object d = opendir.invokeExact(ofArray.invokeExact((Object) name));
    if (d.equals(nullSegment)) {
      throw new IOException("opendir failed: " + directory);
    }
    dir = d;
    fd = (int) dirfd.invokeExact(dir);
  }

  /** The file system holding {@code directory}, or null when syncfs cannot be called here. */
  static FileSystemSync open(Path directory) {
    NativeLibrary c = NativeLibrary.libc();
    if (c == null) {
      return null;
    }
    try {
      return new FileSystemSync(c, directory);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      return null;
    }
  }

  /**
   * Writes back and flushes everything written to this file system so far.
   *
   * @throws IOException when the kernel reports a write-back error (since Linux 5.8) or the call
   *     fails; the caller then syncs each file to learn which
   */
  void sync() throws IOException {
    int status;
    try {
      status = (int) syncfs.invokeExact(fd);
    } catch (Throwable e) {
      throw new IOException("syncfs failed", e);
    }
    if (status != 0) {
      throw new IOException("syncfs failed: " + status);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      int ignored = (int) closedir.invokeExact(dir);
    } catch (Throwable e) {
      // the descriptor goes with the process anyway
    }
  }
}
