package dev.trawl.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.testing.Pictures;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageHeaderTest {
  static Stream<Arguments> pictures() {
    return Stream.of(
        Arguments.of("JPEG", ImageType.JPEG, Pictures.drawn("jpg", 37, 23, 1), 37, 23),
        Arguments.of("PNG", ImageType.PNG, Pictures.drawn("png", 640, 480, 2), 640, 480),
        Arguments.of("GIF", ImageType.GIF, Pictures.drawn("gif", 5, 300, 3), 5, 300),
        Arguments.of("BMP", ImageType.BMP, Pictures.drawn("bmp", 17, 9, 4), 17, 9),
        Arguments.of("WebP lossy", ImageType.WEBP, Pictures.webpLossy(1920, 1080), 1920, 1080),
        Arguments.of(
            "WebP lossless", ImageType.WEBP, Pictures.webpLossless(800, 16383), 800, 16383),
        Arguments.of("WebP extended", ImageType.WEBP, Pictures.webpExtended(20000, 3), 20000, 3),
        Arguments.of("AVIF", ImageType.AVIF, Pictures.avif(4032, 3024), 4032, 3024));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pictures")
  void theHeaderGivesWidthAndHeight(String name, ImageType type, byte[] body, int w, int h)
      throws Exception {
    assertThat(ImageType.sniff(body, Math.min(512, body.length))).contains(type);
    assertThat(ImageHeader.read(type, body, body.length)).isEqualTo(new Dimensions(w, h));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pictures")
  void aHeaderCutShortAsksForMoreAndFailsClearlyAtTheEnd(
      String name, ImageType type, byte[] body, int w, int h) throws Exception {
    int cut = cutBeforeSize(type, body);
    assertThat(ImageHeader.read(type, body, cut)).isNull();
    assertThatThrownBy(() -> ImageHeader.readComplete(type, Arrays.copyOf(body, cut), cut))
        .isInstanceOf(ImageHeader.BadHeaderException.class)
        .hasMessage(
            "truncated "
                + (type == ImageType.JPEG
                    ? "JPEG"
                    : type.extension().toUpperCase(java.util.Locale.ROOT))
                + " header");
  }

  /** The longest start of the body that does not yet show the size. */
  private static int cutBeforeSize(ImageType type, byte[] body) throws Exception {
    int cut = 0;
    for (int n = 1; n <= body.length; n++) {
      if (ImageHeader.read(type, body, n) == null) {
        cut = n;
      } else {
        break;
      }
    }
    return cut;
  }

  @Test
  void everyPrefixOfAJpegEitherWaitsOrAnswersNeverCrashes() {
    byte[] jpeg = Pictures.drawn("jpg", 300, 200, 9);
    for (int n = 0; n <= jpeg.length; n += 7) {
      try {
        Dimensions d = ImageHeader.read(ImageType.JPEG, jpeg, n);
        assertThat(d == null || d.equals(new Dimensions(300, 200))).isTrue();
      } catch (ImageHeader.BadHeaderException e) {
        throw new AssertionError("prefix of " + n + " bytes: " + e.getMessage());
      }
    }
  }

  @Test
  void garbageAfterTheMagicIsABadHeaderNamingTheFormat() {
    byte[] fake = {
      (byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 4, 0, 0, 0x41, 0x42, 0x43
    };
    assertThatThrownBy(() -> ImageHeader.read(ImageType.JPEG, fake, fake.length))
        .isInstanceOf(ImageHeader.BadHeaderException.class)
        .hasMessageStartingWith("bad JPEG header (no marker at byte 8");
    byte[] png = Pictures.drawn("png", 3, 3, 1);
    png[12] = 'X';
    assertThatThrownBy(() -> ImageHeader.read(ImageType.PNG, png, png.length))
        .hasMessage("bad PNG header (no IHDR chunk first)");
  }

  @Test
  void svgHasNoSizeInItsHeader() throws Exception {
    byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes();
    assertThat(ImageHeader.read(ImageType.SVG, svg, svg.length)).isEqualTo(Dimensions.UNKNOWN);
  }

  @Test
  void aJpegWhoseFrameHeaderComesAfterLargeMetadataIsReadAcrossChunks() throws Exception {
    byte[] jpeg = Pictures.drawn("jpg", 120, 80, 5);
    // an APP1 segment of 60 KB before the rest, as cameras write EXIF with a preview
    byte[] app1 = new byte[60_000];
    app1[0] = (byte) 0xff;
    app1[1] = (byte) 0xe1;
    app1[2] = (byte) ((app1.length - 2) >> 8);
    app1[3] = (byte) (app1.length - 2);
    byte[] big =
        Pictures.concat(Arrays.copyOf(jpeg, 2), app1, Arrays.copyOfRange(jpeg, 2, jpeg.length));
    assertThat(ImageHeader.read(ImageType.JPEG, big, 30_000)).isNull();
    assertThat(ImageHeader.read(ImageType.JPEG, big, big.length))
        .isEqualTo(new Dimensions(120, 80));
  }
}
