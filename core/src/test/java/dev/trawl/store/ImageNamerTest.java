package dev.trawl.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageNamerTest {
  private static final String SHA =
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  @ParameterizedTest(name = "{0} as {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://g.test/uploads/thumbMid_7.jpg | JPEG | thumbMid_7.jpg",
        "http://g.test/u/a.JPEG?x=1#frag | JPEG | a.JPEG",
        "http://g.test/u/a.jpeg | JPEG | a.jpeg",
        "http://g.test/view.php?id=3 | JPEG | view.php.jpg",
        "http://g.test/u/pic | JPEG | pic.jpg",
        "http://g.test/u/pic.png | JPEG | pic.png.jpg",
        "http://g.test/u/pic.png | PNG | pic.png",
        "http://g.test/u/logo.svg | SVG | logo.svg",
        "http://g.test/u/%E7%8C%AB.webp | WEBP | 猫.webp",
        "http://g.test/u/my%20pic.gif | GIF | my pic.gif",
        "http://g.test/u/a+b.jpg | JPEG | a+b.jpg",
        "http://g.test/u/50%zz.jpg | JPEG | 50%zz.jpg",
        "http://g.test/u/100%.jpg | JPEG | 100%.jpg",
        "http://g.test/u/%FF.jpg | JPEG | _.jpg",
        "http://g.test/ | JPEG | image.jpg",
        "http://g.test | JPEG | image.jpg",
        "http://g.test?img=a.jpg | JPEG | image.jpg",
        "http://g.test/u/.. | JPEG | image.jpg",
        "http://g.test/u/%2e%2e | JPEG | image.jpg",
        "http://g.test/u/. | PNG | image.png",
        "http://g.test/u/.hidden.jpg | JPEG | hidden.jpg",
        "http://g.test/u/%20%20pic.jpg | JPEG | pic.jpg",
        "http://g.test/u/pic.jpg... | JPEG | pic.jpg",
        "http://g.test/u/pic%20%20 | JPEG | pic.jpg"
      })
  void nameComesFromTheLastPathSegment(String url, ImageType type, String expected) {
    assertThat(ImageNamer.name(url, type)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://g.test/u/..%2f..%2fetc%2fpasswd | _.._etc_passwd.jpg",
        "http://g.test/u/..%2F..%2F..%2Froot%2F.ssh%2Fid_rsa | _.._.._root_.ssh_id_rsa.jpg",
        "http://g.test/u/..%5c..%5cwindows%5cwin.ini | _.._windows_win.ini.jpg",
        "/etc/passwd | passwd.jpg",
        "file:///etc/passwd | passwd.jpg",
        "C:\\Windows\\System32\\evil.jpg | C__Windows_System32_evil.jpg",
        "http://g.test/u/a%00b.jpg | a_b.jpg",
        "http://g.test/u/a%0Ab%0Dc%09d.jpg | a_b_c_d.jpg",
        "http://g.test/u/a%7Fb%C2%85c.jpg | a_b_c.jpg",
        "http://g.test/u/%E2%80%AEgpj.exe | _gpj.exe.jpg",
        "http://g.test/u/a%3Cb%3Ec%3Ad%22e%7Cf%3Fg%2Ah.jpg | a_b_c_d_e_f_g_h.jpg",
        "http://g.test/u/CON.jpg | _CON.jpg",
        "http://g.test/u/con | _con.jpg",
        "http://g.test/u/nul.tar.jpg | _nul.tar.jpg",
        "http://g.test/u/COM1.jpg | _COM1.jpg",
        "http://g.test/u/LPT9.jpg | _LPT9.jpg",
        "http://g.test/u/AUX%20.jpg | _AUX .jpg",
        "http://g.test/u/console.jpg | console.jpg",
        "http://g.test/u/COM10.jpg | COM10.jpg"
      })
  void unsafeNamesAreSanitised(String url, String expected) {
    assertThat(ImageNamer.name(url, ImageType.JPEG)).isEqualTo(expected);
  }

  @Test
  void nameWithNulCharacterLosesIt() {
    assertThat(ImageNamer.name("http://g.test/u/a\u0000b.jpg", ImageType.JPEG))
        .isEqualTo("a_b.jpg");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://g.test/u/..%2f..%2f..%2fetc%2fpasswd",
        "http://g.test/u/%2e%2e",
        "http://g.test/u/%2e",
        "http://g.test/u/%2F",
        "http://g.test/u/%5C..",
        "http://g.test/u/%00",
        "http://g.test/u/%2e%2e%2f",
        "http://g.test/u/....",
        "http://g.test/u/%20",
        "/",
        "",
        "..",
        "../../x",
        "%2e%2e%5c%2e%2e%5cx"
      })
  void everyNameStaysInsideTheOutputDirectory(String url) {
    Path out = Path.of("/tmp/out");
    String name = ImageNamer.name(url, ImageType.JPEG);

    assertThat(name).isNotEmpty().isNotIn(".", "..").doesNotContain("/", "\\", "\u0000");
    assertThat(out.resolve(name).normalize().getParent()).isEqualTo(out);
  }

  @Test
  void longAsciiNameIsCutTo200BytesKeepingTheExtension() {
    String name = ImageNamer.name("http://g.test/u/" + "a".repeat(300) + ".jpg", ImageType.JPEG);

    assertThat(name).isEqualTo("a".repeat(196) + ".jpg");
  }

  @Test
  void longMultibyteNameIsCutAtACodePointBoundary() {
    String name = ImageNamer.name("http://g.test/u/" + "猫".repeat(100) + ".png", ImageType.PNG);

    assertThat(bytes(name)).isLessThanOrEqualTo(200);
    assertThat(name).isEqualTo("猫".repeat(65) + ".png");
  }

  @Test
  void longNameOfFourByteCharactersKeepsSurrogatePairsWhole() {
    String name = ImageNamer.name("http://g.test/u/" + "😀".repeat(75), ImageType.GIF);

    assertThat(bytes(name)).isLessThanOrEqualTo(200);
    assertThat(name).isEqualTo("😀".repeat(49) + ".gif");
  }

  @Test
  void longPercentEncodedNameIsMeasuredAfterDecoding() {
    String name =
        ImageNamer.name("http://g.test/u/" + "%C3%A9".repeat(150) + ".jpg", ImageType.JPEG);

    assertThat(name).isEqualTo("é".repeat(98) + ".jpg");
  }

  @Test
  void longNameWithWrongExtensionGetsTheRightOneWithin200Bytes() {
    String name = ImageNamer.name("http://g.test/u/" + "b".repeat(250) + ".php", ImageType.WEBP);

    assertThat(name).hasSize(200).endsWith("b.webp");
  }

  @Test
  void hashSuffixGoesBetweenStemAndExtension() {
    assertThat(ImageNamer.withHashSuffix("thumbMid_7.jpg", SHA))
        .isEqualTo("thumbMid_7-0123456789ab.jpg");
  }

  @Test
  void hashSuffixIsDeterministic() {
    assertThat(ImageNamer.withHashSuffix("a.png", SHA))
        .isEqualTo(ImageNamer.withHashSuffix("a.png", SHA));
  }

  @Test
  void differentContentGetsDifferentNames() {
    String other = "f" + SHA.substring(1);

    assertThat(ImageNamer.withHashSuffix("a.png", SHA))
        .isNotEqualTo(ImageNamer.withHashSuffix("a.png", other));
  }

  @Test
  void hashSuffixIsLowerCase() {
    assertThat(ImageNamer.withHashSuffix("a.png", SHA.toUpperCase(java.util.Locale.ROOT)))
        .isEqualTo("a-0123456789ab.png");
  }

  @Test
  void hashSuffixOnNameWithoutExtensionIsAppended() {
    assertThat(ImageNamer.withHashSuffix("image", SHA)).isEqualTo("image-0123456789ab");
  }

  @Test
  void hashSuffixKeepsLongNamesWithin200Bytes() {
    String longName =
        ImageNamer.name("http://g.test/u/" + "猫".repeat(100) + ".jpg", ImageType.JPEG);

    String name = ImageNamer.withHashSuffix(longName, SHA);

    assertThat(bytes(name)).isLessThanOrEqualTo(200);
    assertThat(name).startsWith("猫").endsWith("猫-0123456789ab.jpg");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0123", "0123456789xz0000"})
  void hashSuffixRejectsWhatIsNotAHexDigest(String hex) {
    assertThatThrownBy(() -> ImageNamer.withHashSuffix("a.jpg", hex))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a SHA-256 hex digest: " + hex);
  }
}
