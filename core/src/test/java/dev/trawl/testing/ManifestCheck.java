package dev.trawl.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks on a written {@code manifest.jsonl}. */
public final class ManifestCheck {
  private ManifestCheck() {}

  /** {@code pictures} lines, every one saved, each for a URL of its own. */
  public static void everyPictureSavedOnce(Path manifest, int pictures) throws IOException {
    List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(pictures).allMatch(l -> l.contains("\"status\":\"saved\""));
    Set<String> urls = new HashSet<>();
    lines.forEach(l -> urls.add(l.substring(0, l.indexOf(",\"final_url\""))));
    assertThat(urls).hasSize(pictures);
  }
}
