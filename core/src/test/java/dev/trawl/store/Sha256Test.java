package dev.trawl.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Sha256Test {
  private static final LibCrypto LIB = LibCrypto.load();

  @Test
  void libcryptoIsUsedOnLinuxWhereOpenSslIsInstalled() throws Exception {
    assumeTrue(System.getProperty("os.name").equals("Linux"), "Linux only");
    boolean installed;
    try (Stream<Path> libs =
        Stream.of("/lib", "/usr/lib", "/usr/lib64", "/lib64")
            .map(Path::of)
            .filter(Files::isDirectory)
            .flatMap(d -> uncheckedWalk(d))) {
      installed =
          libs.anyMatch(p -> p.getFileName().toString().matches("libcrypto\\.so\\.(3|1\\.1)"));
    }
    assumeTrue(installed, "no libcrypto.so.3 or .so.1.1 here");
    assertThat(LIB).isNotNull();
  }

  private static Stream<Path> uncheckedWalk(Path dir) {
    try {
      return Files.walk(dir, 2);
    } catch (IOException e) {
      return Stream.empty();
    }
  }

  @ParameterizedTest(name = "{0} bytes in chunks of {1}")
  @CsvSource({
    "0, 1",
    "3, 3",
    "55, 55",
    "56, 56",
    "64, 64",
    "1000, 7",
    "20000, 20000",
    "100000, 65536",
    "300001, 4096"
  })
  void libcryptoDigestsEqualTheJdks(int size, int chunk) throws Exception {
    assumeTrue(LIB != null, "no libcrypto here (Linux, JDK 22+, native access)");
    byte[] data = new byte[size + 5];
    new Random(size).nextBytes(data);
    MessageDigest jdk = MessageDigest.getInstance("SHA-256");
    jdk.update(data, 5, size);
    try (Sha256 sha = LIB.sha256()) {
      for (int off = 0; off < size; off += chunk) {
        sha.update(data, 5 + off, Math.min(chunk, size - off));
      }
      assertThat(sha.finish()).isEqualTo(HexFormat.of().formatHex(jdk.digest()));
    }
  }

  @ParameterizedTest(name = "{0} bytes")
  @CsvSource({"0", "100", "70000"})
  void theJdkFallbackDigestsTheSame(int size) throws Exception {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    try (Sha256 sha = new Sha256.Jdk()) {
      sha.update(data, 0, size);
      assertThat(sha.finish())
          .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
    }
  }
}
