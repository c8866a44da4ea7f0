package dev.trawl.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageTypeTest {

  private static Optional<ImageType> sniffHex(String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
    return ImageType.sniff(bytes, bytes.length);
  }

  private static Optional<ImageType> sniffText(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return ImageType.sniff(bytes, bytes.length);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "JFIF JPEG | JPEG | ffd8ffe0 0010 4a464946 00 0101 0000 0001 0001 0000",
        "Exif JPEG | JPEG | ffd8ffe1 1c45 45786966 0000 4d4d 002a",
        "PNG | PNG | 89504e47 0d0a1a0a 0000000d 49484452 00000001 00000001 0806000000 1f15c489",
        "GIF89a | GIF | 47494638 3961 0100 0100 8000 00 ffffff 000000",
        "GIF87a | GIF | 47494638 3761 0100 0100 8000 00",
        "WebP lossless | WEBP | 52494646 1a000000 57454250 5650384c 0d000000 2f000000 10",
        "WebP lossy | WEBP | 52494646 24000000 57454250 56503820 18000000 3001009d 012a0100",
        "AVIF major brand | AVIF | 0000001c 66747970 61766966 00000000 61766966 6d696631 6d696166",
        "AVIF sequence | AVIF | 00000018 66747970 61766973 00000000 61766973 6d736631",
        "AVIF compatible brand | AVIF | 00000020 66747970 6d696631 00000000 6d696631 61766966 6d696166 4d413141",
        "BMP v3 | BMP | 424d 3a000000 0000 0000 36000000 28000000 01000000 01000000 0100 1800",
        "BMP core | BMP | 424d 1e000000 0000 0000 1a000000 0c000000 0100 0100 0100 1800"
      })
  void magicBytesNameTheFormat(String name, ImageType expected, String hex) {
    assertThat(sniffHex(hex)).contains(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "empty | ''",
        "truncated JPEG | ffd8",
        "truncated PNG | 89504e47 0d0a",
        "GIF88a | 47494638 3861 0100",
        "RIFF WAVE | 52494646 24000000 57415645 666d7420",
        "HEIC | 00000018 66747970 68656963 00000000 6d696631 68656963",
        "MP4 | 00000018 66747970 69736f6d 00000200 69736f6d 69736f32",
        "avif after the ftyp box | 00000010 66747970 6d696631 00000000 61766966",
        "BM without DIB header | 424d 3a000000 0000 0000 36000000 99000000 01000000 01000000",
        "PDF | 25504446 2d312e37",
        "zeros | 00000000 00000000 00000000 00000000"
      })
  void otherBytesAreNotAnImage(String name, String hex) {
    assertThat(sniffHex(hex)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"></svg>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        "\uFEFF<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        "  \n\t<svg>",
        "<svg/>",
        "<!-- Generator: Adobe Illustrator -->\n<svg version=\"1.1\">",
        "<?xml version=\"1.0\"?><!-- a --><!-- b --><svg>",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\""
            + " \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg width=\"1\">",
        "<!DOCTYPE svg [ <!ENTITY ns \"http://www.w3.org/2000/svg\"> ]><svg xmlns=\"&ns;\">",
        "<?xml-stylesheet href=\"s.css\"?><svg>",
        "<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\">"
      })
  void svgIsRecognisedByContent(String text) {
    assertThat(sniffText(text)).contains(ImageType.SVG);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><svg></svg>",
        "<html><body><h1>Internal Server Error</h1></body></html>",
        "<?xml version=\"1.0\"?><rss version=\"2.0\">",
        "<!DOCTYPE html><svg>",
        "<svgfoo>",
        "<!-- unterminated comment <svg>",
        "<?xml unterminated <svg>",
        "svg",
        "Not Found",
        "{\"error\": \"not found\"}",
        "BM is a text file, not a bitmap",
        "<svg"
      })
  void textIsNotAnImage(String text) {
    assertThat(sniffText(text)).isEmpty();
  }

  @Test
  void onlyTheFirstLengthBytesAreLookedAt() {
    byte[] jpeg = HexFormat.of().parseHex("ffd8ffe000104a464946");

    assertThat(ImageType.sniff(jpeg, 2)).isEmpty();
  }

  @Test
  void lengthBeyondTheArrayIsRejected() {
    assertThatThrownBy(() -> ImageType.sniff(new byte[4], 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("length out of range 0..4: 5");
  }

  @ParameterizedTest
  @CsvSource({
    "JPEG, jpg, image/jpeg",
    "PNG, png, image/png",
    "GIF, gif, image/gif",
    "WEBP, webp, image/webp",
    "AVIF, avif, image/avif",
    "BMP, bmp, image/bmp",
    "SVG, svg, image/svg+xml"
  })
  void everyTypeHasAnExtensionAndMimeType(ImageType type, String extension, String mimeType) {
    assertThat(type.extension()).isEqualTo(extension);
    assertThat(type.mimeType()).isEqualTo(mimeType);
  }

  @ParameterizedTest
  @CsvSource({
    "JPEG, jpg, true",
    "JPEG, JPG, true",
    "JPEG, jpeg, true",
    "JPEG, Jpeg, true",
    "JPEG, jpe, true",
    "JPEG, jfif, true",
    "JPEG, png, false",
    "JPEG, jp, false",
    "PNG, PNG, true",
    "PNG, apng, false",
    "GIF, gif, true",
    "WEBP, webp, true",
    "AVIF, avif, true",
    "BMP, bmp, true",
    "BMP, dib, true",
    "SVG, svg, true",
    "SVG, svgz, false",
    "SVG, '', false"
  })
  void extensionMatchesItsFormatIgnoringCase(ImageType type, String ext, boolean expected) {
    assertThat(type.matchesExtension(ext)).isEqualTo(expected);
  }

  @Test
  void nullExtensionMatchesNothing() {
    assertThat(ImageType.JPEG.matchesExtension(null)).isFalse();
  }
}
