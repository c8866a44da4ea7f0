package dev.trawl.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 computed as a body streams in. {@link #start()} hands out the system's OpenSSL when
 * {@link LibCrypto} has it loaded (about ten times faster than {@link MessageDigest} under the
 * C1-only JIT the launcher picks, which has no SHA intrinsic), else the JDK's. Not thread-safe: one
 * per body; always {@link #close()} it.
 */
abstract class Sha256 implements AutoCloseable {
  static Sha256 start() {
    LibCrypto lib = LibCrypto.ready();
    if (lib != null) {
      try {
        return lib.sha256();
      } catch (IllegalStateException e) {
        // OpenSSL could not start a digest (out of memory): this body gets the JDK's
      }
    }
    return new Jdk();
  }

  abstract void update(byte[] b, int off, int len);

  /** The digest in lowercase hex; nothing may be added after. */
  abstract String finish();

  /** Frees what the hasher holds; safe after {@link #finish()} and more than once. */
  @Override
  public void close() {}

  static final class Jdk extends Sha256 {
    private final MessageDigest md;

    Jdk() {
      try {
        md = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new AssertionError(e);
      }
    }

    @Override
    void update(byte[] b, int off, int len) {
      md.update(b, off, len);
      LibCrypto.hashedInJava(len);
    }

    @Override
    String finish() {
      return HexFormat.of().formatHex(md.digest());
    }
  }
}
