package dev.trawl.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Looks for a secret where it must never be: in any file under a directory. */
public final class Secrets {
  private Secrets() {}

  /** The files under {@code dir} (at any depth) whose bytes contain {@code secret} in UTF-8. */
  public static List<Path> filesContaining(Path dir, String secret) throws IOException {
    byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
    List<Path> found = new ArrayList<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        if (indexOf(Files.readAllBytes(p), needle) >= 0) {
          found.add(p);
        }
      }
    }
    return found;
  }

  /** How many files there are under {@code dir}: a search over none proves nothing. */
  public static long fileCount(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).count();
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
