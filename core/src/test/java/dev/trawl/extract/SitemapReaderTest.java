package dev.trawl.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sitemaps read with crawler-commons: pages, image:loc pictures, indexes, gzip. */
class SitemapReaderTest {
  static final String URLSET =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
        <url>
          <loc>https://board.test/posts/1</loc>
          <image:image><image:loc>https://cdn.test/original/a.png</image:loc></image:image>
          <image:image><image:loc>https://cdn.test/original/b.jpg</image:loc></image:image>
        </url>
        <url><loc>https://board.test/posts/2</loc></url>
      </urlset>
      """;

  static final String INDEX =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <sitemap><loc>https://board.test/sitemaps/1.xml</loc></sitemap>
        <sitemap><loc>https://board.test/sitemaps/2.xml.gz</loc></sitemap>
      </sitemapindex>
      """;

  static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void aSitemapGivesItsPagesAndItsImageLocPictures() {
    Extraction e =
        SitemapReader.read(
            "https://board.test/sitemap.xml", URLSET.getBytes(StandardCharsets.UTF_8));

    assertThat(e.followed())
        .containsExactly("https://board.test/posts/1", "https://board.test/posts/2");
    assertThat(e.images())
        .containsExactly("https://cdn.test/original/a.png", "https://cdn.test/original/b.jpg");
    assertThat(e.nextPages()).isEmpty();
  }

  @Test
  void aGzippedSitemapReadsTheSame() throws IOException {
    Extraction e = SitemapReader.read("https://board.test/sitemap.xml.gz", gzip(URLSET));

    assertThat(e.followed()).hasSize(2);
    assertThat(e.images()).hasSize(2);
  }

  @Test
  void anIndexGivesItsSitemaps() {
    Extraction e =
        SitemapReader.read(
            "https://board.test/sitemap_index.xml", INDEX.getBytes(StandardCharsets.UTF_8));

    assertThat(e.nextPages())
        .containsExactly(
            "https://board.test/sitemaps/1.xml", "https://board.test/sitemaps/2.xml.gz");
    assertThat(e.followed()).isEmpty();
    assertThat(e.images()).isEmpty();
  }

  @Test
  void aBrokenSitemapFailsThePage() {
    assertThatThrownBy(
            () ->
                SitemapReader.read(
                    "https://board.test/sitemap.xml",
                    "<urlset><url><loc>".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ExtractException.class);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          <?xml version="1.0"?><urlset xmlns="x"><url/></urlset>               | true
          <?xml version="1.0"?><!-- made by hand --><sitemapindex/>            | true
          <urlset/>                                                            | true
          <!doctype html><html><body>urlset</body></html>                      | false
          <?xml version="1.0"?><rss version="2.0"><channel/></rss>             | false
          <?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"/>    | false
          [{"loc":"urlset"}]                                                   | false
          """)
  void aPageIsASitemapByItsRootElement(String body, boolean sitemap) throws IOException {
    assertThat(SitemapReader.isSitemap(body.getBytes(StandardCharsets.UTF_8))).isEqualTo(sitemap);
    assertThat(SitemapReader.isSitemap(gzip(body))).isEqualTo(sitemap);
  }
}
