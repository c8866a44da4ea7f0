package dev.trawl.store;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Files with no name until they are complete: {@code open(2)} with {@code O_TMPFILE} in a
 * directory, written and synced by descriptor, then given their name with {@code
 * linkat("/proc/self/fd/N", name, AT_SYMLINK_FOLLOW)}, which never replaces a file. One directory
 * entry per file instead of a temp name created, linked and deleted; a process killed before the
 * link leaves nothing behind. Linux (x86-64, AArch64) only, JDK 22 or later, native access granted,
 * and a file system with {@code O_TMPFILE} (ext4, XFS, Btrfs, tmpfs): {@link #open} tries it once
 * and returns null elsewhere. Thread-safe; the caller closes each descriptor it creates.
 */
final class UnnamedFiles {
  private static final int O_WRONLY = 01;
  private static final int O_CLOEXEC = 02000000;
  private static final int AT_FDCWD = -100;
  private static final int AT_SYMLINK_FOLLOW = 0x400;
  private static final int EINTR = 4;
  private static final int EEXIST = 17;
  private static final int MODE = 0666; // as FileChannel.open: the umask applies
  private static final int BUFFER = 64 * 1024;
  // The bytes of a path as the JDK passes them to the kernel.
  private static final Charset PATHS = pathCharset();

  private final Libc c;
  private final Object dir; // the directory's path, NUL-terminated, in native memory
  private final Path dirPath;

  private UnnamedFiles(Libc c, Path dir) throws Throwable {
    this.c = c;
    this.dirPath = dir;
    this.dir = c.nativeString(dir.toString().getBytes(PATHS));
  }

  /**
   * Unnamed files in {@code dir}, or null when they cannot be made there: not Linux, no foreign
   * function API or native access, a file system or kernel without {@code O_TMPFILE}, or no {@code
   * /proc} to link them by. Tries one: creates, names and deletes {@code probe-*.part} in {@code
   * dir}.
   */
  static UnnamedFiles open(Path dir) {
    Libc c = Bound.LIBC;
    if (c == null) {
      return null;
    }
    try {
      UnnamedFiles files = new UnnamedFiles(c, dir);
      int fd = files.create();
      try {
        Path probe = dir.resolve("probe-" + UUID.randomUUID() + ".part");
        if (!files.link(fd, probe)) {
          return null;
        }
        Files.delete(probe);
      } finally {
        files.close(fd);
      }
      return files;
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      return null; // EOPNOTSUPP, EISDIR or EINVAL from an old kernel or another file system
    }
  }

  /**
   * A new unnamed file in the directory, open for writing.
   *
   * @return its descriptor
   */
  int create() throws IOException {
    Scratch s = c.scratch();
    int fd;
    try {
      fd = (int) c.open.invokeExact(s.errno, dir, O_WRONLY | O_CLOEXEC | c.tmpfile, MODE);
    } catch (Throwable e) {
      throw failure(e);
    }
    if (fd < 0) {
      throw c.error(s, "open(O_TMPFILE)", dirPath.toString());
    }
    return fd;
  }

  /** Writes all of {@code bytes} to {@code fd}. */
  void write(int fd, byte[] bytes) throws IOException {
    Scratch s = c.scratch();
    try {
      for (int off = 0; off < bytes.length; ) {
        int len = Math.min(BUFFER, bytes.length - off);
        c.copy.invokeExact((Object) bytes, off, s.buffer, c.byteLayout, 0L, len);
        long done = 0;
        while (done < len) {
          Object from = done == 0 ? s.buffer : c.slice(s.buffer, done);
          long n = (long) c.write.invokeExact(s.errno, fd, from, len - done);
          if (n < 0) {
            if (c.errno(s) == EINTR) {
              continue;
            }
            throw c.error(s, "write", dirPath.toString());
          }
          done += n;
        }
        off += len;
      }
    } catch (IOException e) {
      throw e;
    } catch (Throwable e) {
      throw failure(e);
    }
  }

  /** Makes the file's bytes and size durable ({@code fdatasync(2)}). */
  void sync(int fd) throws IOException {
    Scratch s = c.scratch();
    int status;
    try {
      status = (int) c.fdatasync().invokeExact(s.errno, fd);
    } catch (Throwable e) {
      throw failure(e);
    }
    if (status != 0) {
      throw c.error(s, "fdatasync", dirPath.toString());
    }
  }

  /**
   * Gives the file {@code fd} the name {@code target} unless something is under it already.
   *
   * @return false when the name is taken (as {@code Files.createLink}'s {@code
   *     FileAlreadyExistsException})
   * @throws IOException when the name cannot be made for another reason
   */
  boolean link(int fd, Path target) throws IOException {
    Scratch s = c.scratch();
    byte[] from = ("/proc/self/fd/" + fd + "\0").getBytes(StandardCharsets.US_ASCII);
    byte[] to = nulTerminated(target.toString().getBytes(PATHS));
    if (from.length + to.length > BUFFER) {
      throw new FileSystemException(target.toString(), null, "file name too long");
    }
    int status;
    try {
      c.copy.invokeExact((Object) from, 0, s.buffer, c.byteLayout, 0L, from.length);
      c.copy.invokeExact((Object) to, 0, s.buffer, c.byteLayout, (long) from.length, to.length);
      status =
          (int)
              c.linkat.invokeExact(
                  s.errno,
                  AT_FDCWD,
                  s.buffer,
                  AT_FDCWD,
                  c.slice(s.buffer, from.length),
                  AT_SYMLINK_FOLLOW);
    } catch (Throwable e) {
      throw failure(e);
    }
    if (status == 0) {
      return true;
    }
    if (c.errno(s) == EEXIST) {
      return false;
    }
    throw c.error(s, "linkat", target.toString());
  }

  /** Closes {@code fd}; an unnamed file that was never linked is gone with it. */
  void close(int fd) {
    try {
      int ignored = (int) c.close.invokeExact(fd);
    } catch (Throwable e) {
      // nothing to do: close(2) frees the descriptor even when it reports an error
    }
  }

  private static byte[] nulTerminated(byte[] b) {
    return Arrays.copyOf(b, b.length + 1);
  }

  private static Charset pathCharset() {
    try {
      return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8;
    }
  }

  private static IOException failure(Throwable e) {
    if (e instanceof Error err) {
      throw err;
    }
    if (e instanceof RuntimeException r) {
      throw r;
    }
    return new IOException(e);
  }

  /**
   * Per thread: where {@code errno} is captured, and a buffer for bytes and paths (freed with the
   * thread).
   */
  private record Scratch(Object errno, Object buffer) {}

  /** The C library, bound on first use. */
  private static final class Bound {
    static final Libc LIBC = Libc.bind();
  }

  /** The C library's functions, bound once per process. */
  private static final class Libc {
    final MethodHandle open; // (errno, path, flags, mode) int
    final MethodHandle write; // (errno, fd, buffer, count) long
    final MethodHandle linkat; // (errno, fd, path, fd, path, flags) int
    final MethodHandle close; // (fd) int
    final MethodHandle copy; // MemorySegment.copy(array, index, segment, layout, offset, count)
    final MethodHandle getInt; // MemorySegment.get(JAVA_INT, offset)
    final MethodHandle asSlice; // MemorySegment.asSlice(offset)
    final MethodHandle reinterpret; // MemorySegment.reinterpret(size)
    final MethodHandle getString; // MemorySegment.getString(offset)
    final MethodHandle allocate; // Arena.allocate(size, alignment)
    final MethodHandle ofAuto; // Arena.ofAuto(): freed once it and its segments are unreachable
    final Object byteLayout;
    final Object int32;
    final long errnoOffset;
    final long stateSize;
    final int tmpfile; // O_TMPFILE (with O_DIRECTORY, which it includes)
    private final ThreadLocal<Scratch> scratch;
    // Bound on first use (each binding costs milliseconds in a new JVM): what only failures and
    // other sync methods than syncfs call.
    private final NativeLibrary lib;
    private final ReentrantLock binding = new ReentrantLock();
    private volatile MethodHandle fdatasync; // (errno, fd) int
    private volatile MethodHandle strerror; // (errno) char *

    private Libc(NativeLibrary lib, int tmpfile) throws Throwable {
      this.tmpfile = tmpfile;
      this.lib = lib;
      Object errno = lib.options(true, -1);
      open =
          lib.functionWith(
              lib.options(true, 2), "open", lib.int32, lib.address, lib.int32, lib.int32);
      write = lib.functionWith(errno, "write", lib.int64, lib.int32, lib.address, lib.int64);
      linkat =
          lib.functionWith(
              errno,
              "linkat",
              lib.int32,
              lib.int32,
              lib.address,
              lib.int32,
              lib.address,
              lib.int32);
      close = lib.function("close", lib.int32, false, lib.int32);
      Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");
      Class<?> ofInt = Class.forName("java.lang.foreign.ValueLayout$OfInt");
      byteLayout = valueLayout.getField("JAVA_BYTE").get(null);
      int32 = lib.int32;
      copy =
          lib.segment.findStatic(
              "copy",
              Object.class,
              int.class,
              lib.segment.type(),
              valueLayout,
              long.class,
              int.class);
      getInt = lib.segment.findVirtual("get", ofInt, long.class);
      asSlice = lib.segment.findVirtual("asSlice", long.class);
      reinterpret = lib.segment.findVirtual("reinterpret", long.class);
      getString = lib.segment.findVirtual("getString", long.class);
      NativeLibrary.Api arenas = NativeLibrary.Api.of("Arena");
      allocate = arenas.findVirtual("allocate", long.class, long.class);
      ofAuto = arenas.findStatic("ofAuto");
      Object state = lib.option.findStatic("captureStateLayout").invoke();
      NativeLibrary.Api layouts = NativeLibrary.Api.of("MemoryLayout");
      NativeLibrary.Api path = NativeLibrary.Api.of("MemoryLayout$PathElement");
      Object errnoElement = path.findStatic("groupElement", String.class).invoke("errno");
      Object elements = java.lang.reflect.Array.newInstance(path.type(), 1);
      java.lang.reflect.Array.set(elements, 0, errnoElement);
      errnoOffset =
          (long) layouts.findVirtual("byteOffset", path.type().arrayType()).invoke(state, elements);
      stateSize = (long) layouts.findVirtual("byteSize").invoke(state);
      scratch =
          ThreadLocal.withInitial(
              () -> {
                try {
                  Object arena = ofAuto.invokeExact();
                  return new Scratch(
                      allocate.invokeExact(arena, stateSize, 8L),
                      allocate.invokeExact(arena, (long) BUFFER, 8L));
                } catch (Throwable e) {
                  throw new IllegalStateException("cannot allocate native memory", e);
                }
              });
    }

    /** The library bound, or null when this platform, JDK or process cannot use it. */
    static Libc bind() {
      Integer tmpfile = tmpfileFlag();
      NativeLibrary lib = tmpfile == null ? null : NativeLibrary.libc();
      if (lib == null) {
        return null;
      }
      try {
        return new Libc(lib, tmpfile);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        return null; // no foreign function API here after all: named temp files
      }
    }

    /** O_TMPFILE on this architecture (it holds O_DIRECTORY, which differs), else null. */
    private static Integer tmpfileFlag() {
      String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
      if (arch.equals("amd64") || arch.equals("x86_64")) {
        return 020000000 | 0200000;
      }
      if (arch.equals("aarch64")) {
        return 020000000 | 040000;
      }
      return null;
    }

    Scratch scratch() {
      return scratch.get();
    }

    MethodHandle fdatasync() throws Throwable {
      if (fdatasync == null) {
        binding.lock();
        try {
          if (fdatasync == null) {
            fdatasync = lib.functionWith(lib.options(true, -1), "fdatasync", lib.int32, lib.int32);
          }
        } finally {
          binding.unlock();
        }
      }
      return fdatasync;
    }

    MethodHandle strerror() throws Throwable {
      if (strerror == null) {
        binding.lock();
        try {
          if (strerror == null) {
            strerror = lib.function("strerror", lib.address, false, lib.int32);
          }
        } finally {
          binding.unlock();
        }
      }
      return strerror;
    }

    Object nativeString(byte[] bytes) throws Throwable {
      Object s = allocate.invokeExact(ofAuto.invokeExact(), bytes.length + 1L, 1L);
      copy.invokeExact((Object) bytes, 0, s, byteLayout, 0L, bytes.length);
      return s;
    }

    Object slice(Object segment, long offset) throws Throwable {
      return asSlice.invokeExact(segment, offset);
    }

    int errno(Scratch s) {
      try {
        return (int) getInt.invokeExact(s.errno, int32, errnoOffset);
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }

    /** The failure a call reported, named as the JDK names its own ("file: reason"). */
    IOException error(Scratch s, String call, String file) {
      int errno = errno(s);
      String reason;
      try {
        Object text = reinterpret.invokeExact(strerror().invokeExact(errno), 1024L);
        reason = (String) getString.invoke(text, 0L);
      } catch (Throwable e) {
        reason = "errno " + errno;
      }
      return new FileSystemException(file, null, call + ": " + reason);
    }
  }
}
