package dev.trawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trawl.demo.DemoGallery;
import dev.trawl.frontier.CrawlStore;
import dev.trawl.frontier.sqlite.SqliteCrawlStore;
import dev.trawl.testing.SeedJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crawl into a file system that fills up: a real tmpfs of 1 MiB, so this test needs to be able to
 * mount (root on Linux, as in CI); elsewhere it is skipped.
 */
class DiskFullTest {
  DemoGallery gallery;
  @TempDir Path tmp;
  Path small;
  boolean mounted;

  static boolean sh(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  @BeforeEach
  void mountSmallDisk() throws Exception {
    small = Files.createDirectories(tmp.resolve("small"));
    mounted = sh("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString());
    assumeTrue(mounted, "cannot mount a tmpfs here (needs root)");
    gallery = DemoGallery.builder().pages(4).worksPerPage(12).latency(Duration.ZERO).start();
  }

  @AfterEach
  void unmount() throws Exception {
    if (gallery != null) {
      gallery.close();
    }
    if (mounted) {
      sh("umount", small.toString());
    }
  }

  Map<String, byte[]> pictures() {
    Map<String, byte[]> byName = new HashMap<>();
    for (String id : gallery.workIds()) {
      byName.put("thumbMid_" + id + ".jpg", gallery.fullImage(id));
    }
    return byName;
  }

  List<Path> jpgs() throws IOException {
    try (Stream<Path> s = Files.list(small)) {
      return s.filter(p -> p.toString().endsWith(".jpg")).toList();
    }
  }

  @Test
  void aFullDiskStopsTheCrawlWithNothingHalfSavedAndTheNextRunFinishesIt() throws Exception {
    Throwable t =
        catchThrowable(
            () -> SeedJob.of(small, gallery.listingTemplate()).concurrency(4).build().run());

    assertThat(t).isInstanceOf(CrawlException.class);
    assertThat(t.getMessage().toLowerCase(java.util.Locale.ROOT))
        .containsAnyOf("disk full", "disk is full", "no space");
    Map<String, byte[]> expected = pictures();
    List<Path> saved = jpgs();
    assertThat(saved).isNotEmpty();
    for (Path p : saved) {
      assertThat(p).hasBinaryContent(expected.get(p.getFileName().toString()));
    }
    try (CrawlStore state = SqliteCrawlStore.open(small.resolve(".trawl"))) {
      state.forEach(
          CrawlStore.Kind.IMAGE,
          CrawlStore.Status.SAVED,
          i -> assertThat(small.resolve(i.file())).hasBinaryContent(expected.get(i.file())));
    }

    assertThat(sh("mount", "-o", "remount,size=64m", small.toString())).isTrue();
    CrawlSummary again = SeedJob.of(small, gallery.listingTemplate()).concurrency(4).build().run();

    assertThat(again.complete()).isTrue();
    assertThat(jpgs()).hasSize(48);
    for (Path p : jpgs()) {
      assertThat(p).hasBinaryContent(expected.get(p.getFileName().toString()));
    }
  }
}
