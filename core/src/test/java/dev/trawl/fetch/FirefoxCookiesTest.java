package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.testing.FirefoxProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FirefoxCookiesTest {
  private static final Instant NOW = Instant.now();

  @TempDir Path root;
  @TempDir Path scratch;

  private static long inADayMillis() {
    return NOW.plus(Duration.ofDays(1)).toEpochMilli();
  }

  @Test
  void readsTheCookiesOfANamedProfileAndLeavesNoCopyBehind() throws Exception {
    try (FirefoxProfile p =
        FirefoxProfile.create(root, "x1y2.default-release", "default-release", 17)) {
      p.cookie(".example.com", "/", true, inADayMillis(), "sid", "s3cret");
      p.cookie("www.example.com", "/m", false, 0, "pref", "1");
      p.cookie("example.com", "/", false, NOW.minusSeconds(60).toEpochMilli(), "old", "x");
      p.cookie("example.com", "/", false, 0, "box", "y", "^userContextId=2");

      List<BrowserCookie> c =
          FirefoxCookies.read("firefox:default-release", List.of(root), scratch, NOW);

      assertThat(c).extracting(BrowserCookie::name).containsExactlyInAnyOrder("sid", "pref");
      BrowserCookie sid = c.stream().filter(k -> k.name().equals("sid")).findFirst().orElseThrow();
      assertThat(sid.includeSubdomains()).isTrue();
      assertThat(sid.secure()).isTrue();
      assertThat(sid.expires()).isAfter(NOW).isBefore(NOW.plus(Duration.ofDays(2)));
      assertThat(sid.value().reveal()).isEqualTo("s3cret");
      try (Stream<Path> left = Files.list(scratch)) {
        assertThat(left).isEmpty();
      }
    }
  }

  @Test
  void beforeSchema16TheExpiryIsInSeconds() throws Exception {
    try (FirefoxProfile p = FirefoxProfile.create(root, "old.default", "default", 15)) {
      p.cookie(
          "example.com", "/", false, NOW.plus(Duration.ofDays(1)).getEpochSecond(), "sid", "v");

      List<BrowserCookie> c =
          FirefoxCookies.read("firefox:old.default", List.of(root), scratch, NOW);

      assertThat(c.get(0).expires()).isAfter(NOW).isBefore(NOW.plus(Duration.ofDays(2)));
    }
  }

  @Test
  void withoutAProfileNameTheProfileWhoseCookiesChangedLastIsRead() throws Exception {
    try (FirefoxProfile old = FirefoxProfile.create(root, "a.old", "old", 17);
        FirefoxProfile recent = FirefoxProfile.create(root, "b.recent", "recent", 17)) {
      old.cookie("example.com", "/", false, 0, "from", "old");
      recent.cookie("example.com", "/", false, 0, "from", "recent");
      Files.setLastModifiedTime(
          old.dir().resolve("cookies.sqlite"),
          java.nio.file.attribute.FileTime.from(NOW.minus(Duration.ofDays(3))));

      List<BrowserCookie> c = FirefoxCookies.read("firefox", List.of(root), scratch, NOW);

      assertThat(c).extracting(k -> k.value().reveal()).containsExactly("recent");
    }
  }

  @Test
  void aProfileCanBeGivenByItsPath() throws Exception {
    try (FirefoxProfile p = FirefoxProfile.create(root, "z.custom", "custom", 17)) {
      p.cookie("example.com", "/", false, 0, "sid", "v");

      assertThat(FirefoxCookies.read("firefox:" + p.dir(), List.of(), scratch, NOW)).hasSize(1);
    }
  }

  @Test
  void aProfileWithoutACookieDatabaseIsNamedInOnePlainLine() throws Exception {
    Path profile = Files.createDirectories(root.resolve("empty.profile"));
    assertThatThrownBy(() -> FirefoxCookies.read("firefox:" + profile, List.of(), scratch, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no cookies.sqlite in Firefox profile " + profile);
  }

  @Test
  void aProfileNotFoundListsWhereTrawlLooked() {
    Path other = root.resolve("elsewhere");
    assertThatThrownBy(
            () -> FirefoxCookies.read("firefox:work", List.of(root, other), scratch, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Firefox profile not found: 'work'; looked in: " + root + ", " + other);
  }

  @ParameterizedTest
  @ValueSource(strings = {"chrome", "chromium:Default", "edge"})
  void chromeFamilyBrowsersAreRefusedWithAPointerToCookiesTxt(String spec) {
    assertThatThrownBy(() -> FirefoxCookies.read(spec, List.of(root), scratch, NOW))
        .hasMessageContaining("encrypts its cookies")
        .hasMessageContaining("cookies.txt")
        .hasMessageContaining("--cookies FILE");
  }
}
