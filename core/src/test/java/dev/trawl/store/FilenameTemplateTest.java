package dev.trawl.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.frontier.PictureInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FilenameTemplateTest {
  static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  static final String URL = "https://img.example.com/uploads/thumbMid_42.jpg?x=1";

  static String render(String template, PictureInfo info) {
    return FilenameTemplate.parse(template)
        .render(
            new FilenameTemplate.Fields(
                URL, ImageType.JPEG, SHA, LocalDate.of(2026, 11, 26), info));
  }

  static final PictureInfo FOUND =
      PictureInfo.found(7, "A red lantern", "Pictures - page 3 - Demo Gallery", 3L)
          .withListing("https://example.com/list", "Cosplay 2026")
          .withJson(
              "{\"id\":1234,\"tag_string\":\"red lantern\",\"tags\":[\"a\",\"b\"],\"file\":{\"ext\":\"png\"}}");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{name}.{ext} | thumbMid_42.jpg",
        "{host}/{page_title}/{n:03}.{ext} | img.example.com/Pictures - page 3 - Demo Gallery/007.jpg",
        "{sha256:.12}.{ext} | 9f86d081884c.jpg",
        "{sha256}.{ext} | " + SHA + ".jpg",
        "{page_title:.8}/{alt}.{ext} | Pictures/A red lantern.jpg",
        "p{page_n:02}-{n} {name}.{ext} | p03-7 thumbMid_42.jpg",
        "{listing_title}/{date}_{name}.{ext} | Cosplay 2026/2026-11-26_thumbMid_42.jpg",
        "{json.id} {json.tag_string}.{ext} | 1234 red lantern.jpg",
        "{json.tags}/{json.file.ext}.{ext} | a b/png.jpg",
        "{{{n}}}.{ext} | {7}.jpg",
      })
  void fieldsAndFormatsRender(String template, String expected) {
    assertThat(render(template, FOUND)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{page_title}/{n}.{ext} | _/_.jpg",
        "{json.id}-{alt}.{ext} | _-_.jpg",
        "{listing_title}/{name}.{ext} | _/thumbMid_42.jpg",
      })
  void aMissingFieldGivesAnUnderscore(String template, String expected) {
    assertThat(render(template, PictureInfo.NONE)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "title {0}")
  @ValueSource(
      strings = {
        "../../etc",
        "/",
        "..",
        "...",
        ". .",
        "a/../../b",
        "\\..\\..\\windows",
        "evil\u0000name\u001b[2J\u202e",
        "CON",
        "C:\\x",
        ".trawl",
        "/etc/passwd"
      })
  void hostileTitlesStayOneSafeFolderInsideTheOutDir(String title) {
    String path = render("{page_title}/{n}.{ext}", PictureInfo.found(1, null, title, null));
    String[] parts = path.split("/");
    assertThat(parts).hasSize(2);
    assertThat(parts[0]).isNotEmpty().isNotIn(".", "..").doesNotStartWith(".");
    assertThat(parts[0]).doesNotContain("\\", "\u0000", "\u001b", "\u202e", ":");
    assertThat(parts[1]).isEqualTo("1.jpg");
    Path out = Path.of("/out");
    assertThat(out.resolve(path).normalize().startsWith(out)).isTrue();
  }

  @Test
  void aTitleOfOnlyDotsIsAMissingField() {
    assertThat(render("{page_title}/{n}.{ext}", PictureInfo.found(1, null, "....", null)))
        .isEqualTo("_/1.jpg");
  }

  @Test
  void a400ByteTitleIsCutTo200BytesKeepingTheExtension() {
    String title = "é".repeat(200); // 400 bytes in UTF-8
    String path =
        render("{page_title}/{page_title}.{ext}", PictureInfo.found(1, null, title, null));
    String[] parts = path.split("/");
    assertThat(parts[0].getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(200);
    assertThat(parts[1]).endsWith(".jpg");
    assertThat(parts[1].getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(200);
  }

  @Test
  void theDefaultTemplateGivesTodaysNames() {
    for (String url :
        new String[] {
          URL, "http://h/view.php?id=3", "http://h/a%2F..%2Fb.JPEG", "http://h/", "http://h/CON.jpg"
        }) {
      assertThat(
              FilenameTemplate.defaults()
                  .render(new FilenameTemplate.Fields(url, ImageType.JPEG, SHA, null, null)))
          .isEqualTo(ImageNamer.name(url, ImageType.JPEG));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "{nam}.{ext} | unknown field {nam}",
        "{n:3x}.{ext} | bad format in {n:3x}",
        "{n.{ext} | is not closed",
        "a}.{ext} | '}' without '{'",
        "a//{n}.{ext} | an empty folder name",
        "/{n}.{ext} | it must be relative",
        "{n}/ | it ends with '/'",
        "\"\" | it is empty",
        "{json.}.jpg | unknown field {json.}",
      })
  void badTemplatesAreRefusedNamingWhatIsWrong(String template, String why) {
    assertThatThrownBy(() -> FilenameTemplate.parse(template))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bad --filename '" + template + "': ")
        .hasMessageContaining(why);
  }

  @Test
  void theHashSuffixGoesOnTheFileNotTheFolder() {
    assertThat(ImageNamer.withHashSuffix("my.site/a b/pic.jpg", SHA))
        .isEqualTo("my.site/a b/pic-9f86d081884c.jpg");
    assertThat(ImageNamer.withHashSuffix("my.site/noext", SHA))
        .isEqualTo("my.site/noext-9f86d081884c");
  }

  @Test
  void pictureInfoSurvivesTheState() {
    PictureInfo i = FOUND.withSize(640, 480);
    assertThat(PictureInfo.decode(i.encode())).isEqualTo(i);
    assertThat(PictureInfo.decode(null)).isEqualTo(PictureInfo.NONE);
    assertThat(PictureInfo.decode("range:0:3")).isEqualTo(PictureInfo.NONE);
  }
}
