package dev.trawl.store;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SHA-256 of one picture body, the JDK's {@code MessageDigest} against OpenSSL through {@link
 * LibCrypto}, in the JIT mode the launcher runs (C1 only) and in the JDK's default (C2, which has a
 * SHA intrinsic). In package {@code dev.trawl.store} to reach the package-private hashers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1"})
public class Sha256Bench {
  @Param({"20000", "1000000"})
  public int bytes;

  private byte[] body;
  private LibCrypto lib;

  @Setup
  public void setUp() {
    body = new byte[bytes];
    new Random(bytes).nextBytes(body);
    lib = LibCrypto.load();
    if (lib == null) {
      throw new IllegalStateException("no libcrypto here (Linux, JDK 22+, native access)");
    }
  }

  @Benchmark
  public String jdk() {
    return digest(new Sha256.Jdk());
  }

  @Benchmark
  public String libcrypto() {
    return digest(lib.sha256());
  }

  private String digest(Sha256 sha) {
    try (sha) {
      for (int off = 0; off < body.length; off += 65536) {
        sha.update(body, off, Math.min(65536, body.length - off));
      }
      return sha.finish();
    }
  }
}
