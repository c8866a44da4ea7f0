package dev.trawl.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ThumbnailNamesTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          WordPress          | http://s.test/wp-content/uploads/2024/05/photo-300x200.jpg               | http://s.test/wp-content/uploads/2024/05/photo.jpg
          WordPress          | http://s.test/wp-content/uploads/2024/05/photo-150x150.PNG?v=2           | http://s.test/wp-content/uploads/2024/05/photo.PNG?v=2
          MediaWiki          | http://s.test/images/thumb/a/ab/Cosplay_01.jpg/120px-Cosplay_01.jpg      | http://s.test/images/a/ab/Cosplay_01.jpg
          Piwigo             | http://s.test/_data/i/upload/2024/01/01/20240101-abc-th.jpg              | http://s.test/upload/2024/01/01/20240101-abc.jpg
          Piwigo             | http://s.test/_data/i/upload/2024/01/01/20240101-abc-cu_e250.jpg         | http://s.test/upload/2024/01/01/20240101-abc.jpg
          a thumb_ prefix    | http://s.test/albums/userpics/10001/thumb_beach.jpg                      | http://s.test/albums/userpics/10001/beach.jpg
          a normal_ prefix   | http://s.test/albums/userpics/10001/normal_beach.jpg                     | http://s.test/albums/userpics/10001/beach.jpg
          a _thumb suffix    | http://s.test/pics/beach_thumb.jpg                                       | http://s.test/pics/beach.jpg
          a _thumb suffix    | http://s.test/pics/beach-thumbnail.png                                   | http://s.test/pics/beach.png
          a /thumbs/ folder  | http://s.test/gallery/thumbs/beach.jpg                                   | http://s.test/gallery/beach.jpg
          size parameters    | http://s.test/i/beach.jpg?w=200                                          | http://s.test/i/beach.jpg
          size parameters    | http://s.test/i/beach.jpg?resize=300%2C200&ssl=1                         | http://s.test/i/beach.jpg
          """)
  void thumbnailNameGivesTheOriginalsName(String software, String thumb, String original) {
    assertThat(ThumbnailNames.guesses(thumb))
        .filteredOn(g -> g.software().equals(software))
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.original()).isEqualTo(original);
              assertThat(g.rewrite().apply(thumb)).isEqualTo(original);
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://s.test/uploads/2024/photo.jpg",
        "http://s.test/images/a/ab/Cosplay_01.jpg",
        "http://s.test/i/beach.jpg?id=7",
        "http://s.test/thumbnail-guide/"
      })
  void originalNameHasNoGuess(String url) {
    assertThat(ThumbnailNames.guesses(url)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "http://s.test/a/b.jpg, true",
    "http://s.test/a/b.JPEG?x=1, true",
    "http://s.test/a/b.webp, true",
    "http://s.test/a/b.html, false",
    "http://s.test/a.jpg/, false",
    "http://s.test/wiki/File:Photo.jpg, false",
    "http://s.test/action.php?id=1&part=e, false"
  })
  void pictureFilesAreToldByTheirExtension(String url, boolean picture) {
    assertThat(ThumbnailNames.isPictureFile(url)).isEqualTo(picture);
  }
}
