package dev.trawl.store;

import java.lang.invoke.MethodHandle;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SHA-256 from the system's OpenSSL ({@code libcrypto}), called through the JDK's foreign function
 * API: about 1.7 GB/s with the CPU's SHA instructions against 150 MB/s for {@code MessageDigest}
 * under C1. Used only on Linux, on JDK 22 or later (the API is final there; trawl's bytecode
 * targets 21, hence the reflective binding), and when native access is granted (the jar's manifest
 * grants it), so the JDK never prints its restricted-method warning. Loading costs about 60 ms, so
 * it starts in the background once the JDK has hashed {@value #LOAD_AFTER_BYTES} bytes: a small
 * crawl never pays for it. Thread-safe.
 */
final class LibCrypto {
  static final long LOAD_AFTER_BYTES = 1L << 20;
  private static final String[] NAMES = {"libcrypto.so.3", "libcrypto.so.1.1"};

  private static final AtomicLong javaBytes = new AtomicLong();
  private static final AtomicBoolean loading = new AtomicBoolean();
  private static volatile LibCrypto ready;

  // EVP_MD_CTX_new, EVP_DigestInit_ex, EVP_DigestUpdate, EVP_DigestFinal_ex, EVP_MD_CTX_free
  private final MethodHandle evpNew;
  private final MethodHandle evpInit;
  private final MethodHandle evpUpdate;
  private final MethodHandle evpFinal;
  private final MethodHandle evpFree;
  // MemorySegment.ofArray(byte[]) and MemorySegment.asSlice(long, long)
  private final MethodHandle ofArray;
  private final MethodHandle asSlice;
  private final Object sha256; // EVP_sha256(): const EVP_MD *
  private final Object nullSegment; // MemorySegment.NULL

  /** The library when loaded, else null (not loaded yet, or not available here). */
  static LibCrypto ready() {
    return ready;
  }

  /** Counts bytes hashed by the JDK; past the threshold the library loads in the background. */
  static void hashedInJava(long bytes) {
    if (javaBytes.addAndGet(bytes) >= LOAD_AFTER_BYTES && loading.compareAndSet(false, true)) {
      // a platform thread: a virtual one would queue behind every download in flight
      Thread.ofPlatform().daemon().name("trawl-libcrypto").start(() -> ready = load());
    }
  }

  /** Binds libcrypto now; null when this platform, JDK or process cannot use it. */
  static LibCrypto load() {
    if (!NativeLibrary.usable()) {
      return null;
    }
    for (String name : NAMES) {
      try {
        LibCrypto lib = new LibCrypto(name);
        if (lib.selfTest()) {
          return lib;
        }
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        // not this library: try the next name
      }
    }
    return null;
  }

  private LibCrypto(String library) throws Throwable {
    NativeLibrary c = new NativeLibrary(library);
    evpNew = c.function("EVP_MD_CTX_new", c.address, false);
    evpInit = c.function("EVP_DigestInit_ex", c.int32, false, c.address, c.address, c.address);
    evpUpdate = c.function("EVP_DigestUpdate", c.int32, true, c.address, c.address, c.int64);
    evpFinal = c.function("EVP_DigestFinal_ex", c.int32, true, c.address, c.address, c.address);
    evpFree = c.function("EVP_MD_CTX_free", null, false, c.address);
    sha256 = c.function("EVP_sha256", c.address, false).invoke();
    ofArray = c.segment.findStatic("ofArray", byte[].class);
    asSlice = c.segment.findVirtual("asSlice", long.class, long.class);
    nullSegment = c.segment.type().getField("NULL").get(null);
  }

  /** The digest of a known input, so a wrong library is never used. */
  private boolean selfTest() {
    try (Sha256 sha = sha256()) {
      sha.update("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 3);
      return sha.finish()
          .equals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
  }

  Sha256 sha256() {
    return new Native();
  }

  private final class Native extends Sha256 {
    private Object ctx;

    Native() {
      try {
        Object c = evpNew.invokeExact();
        if (c.equals(nullSegment)) {
          throw new IllegalStateException("EVP_MD_CTX_new failed");
        }
        ctx = c;
        check((int) evpInit.invokeExact(ctx, sha256, nullSegment), "EVP_DigestInit_ex");
      } catch (Throwable e) {
        close();
        throw failure(e);
      }
    }

    @Override
    void update(byte[] b, int off, int len) {
      try {
        Object bytes = asSlice.invokeExact(ofArray.invokeExact((Object) b), (long) off, (long) len);
        check((int) evpUpdate.invokeExact(ctx, bytes, (long) len), "EVP_DigestUpdate");
      } catch (Throwable e) {
        throw failure(e);
      }
    }

    @Override
    String finish() {
      byte[] digest = new byte[32];
      try {
        Object out = ofArray.invokeExact((Object) digest);
        check((int) evpFinal.invokeExact(ctx, out, nullSegment), "EVP_DigestFinal_ex");
      } catch (Throwable e) {
        throw failure(e);
      }
      return HexFormat.of().formatHex(digest);
    }

    @Override
    public void close() {
      if (ctx != null) {
        try {
          evpFree.invokeExact(ctx);
        } catch (Throwable e) {
          throw failure(e);
        } finally {
          ctx = null;
        }
      }
    }
  }

  private static void check(int status, String function) {
    if (status != 1) {
      throw new IllegalStateException(function + " failed: " + status);
    }
  }

  private static RuntimeException failure(Throwable e) {
    if (e instanceof RuntimeException r) {
      return r;
    }
    if (e instanceof Error err) {
      throw err;
    }
    return new IllegalStateException(e);
  }
}
