package dev.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.DetectedGallery;
import dev.trawl.DetectedGallery.Decision;
import dev.trawl.DetectedGallery.LevelSpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecipeTextTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "a:matchesOwn((?i)^\\s*next\\s+page\\s*$)",
        "a[title=\"Next Page\"]",
        "a:matchesOwn((?i)^\\s*l'image suivante\\s*$)",
        "a:containsOwn(\u001b[2Jnext)",
        "-[0-9]{2,5}x[0-9]{2,5}(\\.(?i:jpe?g|png))(?=$|\\?)=>$1"
      })
  void everyValueReadsBackAsWritten(String value) {
    DetectedGallery g =
        new DetectedGallery(
            "http://s.test/g",
            List.of("http://s.test/g", "http://s.test/g?page={2..}"),
            value,
            List.of(
                new LevelSpec(value, null, List.of(), List.of(), false),
                new LevelSpec(null, value, List.of("src", "srcset"), List.of(value), true)),
            List.of(new Decision("items", "3 x " + value), new Decision("pager", value)),
            4);

    String toml = RecipeText.toml(g);
    Recipe r = Recipe.parse("t", new ByteArrayInputStream(toml.getBytes(StandardCharsets.UTF_8)));

    assertThat(toml).doesNotContain("\u001b");
    assertThat(r.strings("urls")).isEqualTo(g.urls());
    List<Recipe> levels = r.levels();
    assertThat(levels).hasSize(2);
    assertThat(levels.get(0).string("follow")).isEqualTo(value);
    assertThat(levels.get(0).string("next")).isEqualTo(value);
    assertThat(levels.get(1).string("select")).isEqualTo(value);
    assertThat(levels.get(1).strings("rewrite")).containsExactly(value);
    assertThat(levels.get(1).bool("fallback")).isTrue();
  }
}
