package dev.trawl.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.trawl.extract.ItemGroup.Reach;
import dev.trawl.testing.GallerySites;
import dev.trawl.testing.GallerySites.Site;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GalleryDetectorTest {
  private static final String ORIGIN = "http://site.test";
  private static final String HTML = "text/html; charset=utf-8";

  private static ListingDetection listing(String url, String html) {
    return GalleryDetector.detectListing(url, html.getBytes(StandardCharsets.UTF_8), HTML);
  }

  private static ListingDetection listing(Site site) {
    return listing(ORIGIN + site.start(), site.html(site.start()));
  }

  private static List<MainPicture> work(Site site, String url) {
    String path = url.substring(ORIGIN.length());
    return GalleryDetector.detectWork(url, site.html(path).getBytes(StandardCharsets.UTF_8), HTML);
  }

  private static Site site(String name) {
    return GallerySites.all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  static Stream<Arguments> galleries() {
    return Stream.of(
        arguments("MediaWiki category", 10, Reach.WORK_PAGE, "li.gallerybox"),
        arguments("MediaWiki <gallery>", 8, Reach.WORK_PAGE, "li.gallerybox"),
        arguments("WordPress gallery block", 9, Reach.PICTURE_LINK, "figure.wp-block-image"),
        arguments("WordPress gallery without links", 6, Reach.THUMBNAIL, "figure.wp-block-image"),
        arguments("WordPress [gallery] shortcode", 7, Reach.WORK_PAGE, "figure.gallery-item"),
        arguments("Danbooru", 5, Reach.WORK_PAGE, "article.post-preview"),
        arguments("Moebooru", 6, Reach.PICTURE_LINK, "ul#post-list-posts > li"),
        arguments("Gelbooru", 4, Reach.WORK_PAGE, "article.thumbnail-preview"),
        arguments("Coppermine", 8, Reach.WORK_PAGE, "td.thumbnails"),
        arguments("Piwigo", 6, Reach.WORK_PAGE, "ul#thumbnails.thumbnails > li"),
        arguments("Zenphoto", 5, Reach.WORK_PAGE, "div.image"),
        arguments("Tumblr-like", 6, Reach.WORK_PAGE, "article.post.photo"),
        arguments("Blogger", 4, Reach.PICTURE_LINK, "div.date-outer"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("galleries")
  void galleryIsFoundWithEveryItemAndHowItReachesItsPicture(
      String name, int items, Reach reach, String itemEvidence) {
    ItemGroup g = listing(site(name)).gallery();

    assertThat(g).as(name).isNotNull();
    assertThat(g.count()).isEqualTo(items);
    assertThat(g.reach()).isEqualTo(reach);
    assertThat(g.describe()).contains(itemEvidence);
    assertThat(g.items()).extracting(ItemGroup.Item::thumbnail).doesNotHaveDuplicates();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("galleries")
  void gallerySelectorsFindExactlyTheItems(String name, int items, Reach reach, String unused) {
    Site site = site(name);
    ItemGroup g = listing(site).gallery();
    Document doc = Jsoup.parse(site.html(site.start()), ORIGIN + site.start());

    assertThat(doc.select(g.imageSelector())).hasSize(items);
    if (reach != Reach.THUMBNAIL) {
      assertThat(doc.select(g.linkSelector()).eachAttr("abs:href"))
          .extracting(href -> href.replaceAll("#.*", ""))
          .containsExactlyElementsOf(g.items().stream().map(ItemGroup.Item::link).toList());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"news article", "forum thread", "login page"})
  void pageThatIsNotAGalleryHasNone(String name) {
    ListingDetection d = listing(site(name));

    assertThat(d.gallery()).isNull();
    assertThat(d.bestGuess()).isNotNull(); // something to name in the "no gallery" line
  }

  @Test
  void siteChromeIsNeverTheGallery() {
    for (Site s : GallerySites.galleries()) {
      ListingDetection d = listing(s);
      for (ItemGroup g : d.groups().subList(1, d.groups().size())) {
        assertThat(g.score()).as(s + ": " + g.describe()).isLessThan(GalleryDetector.CONFIDENT);
      }
      assertThat(d.gallery().items())
          .extracting(ItemGroup.Item::thumbnail)
          .noneMatch(u -> u.contains("logo") || u.contains("avatar") || u.contains("banner"));
    }
  }

  static Stream<Arguments> pagers() {
    return Stream.of(
        arguments("MediaWiki category", Pager.Kind.NEXT_LINK, "a 'next page' link", "filefrom="),
        arguments("Danbooru", Pager.Kind.REL_NEXT, "rel=next", "/posts?page=2"),
        arguments("Moebooru", Pager.Kind.REL_NEXT, "rel=next", "/post?page=2"),
        arguments("Gelbooru", Pager.Kind.NEXT_LINK, "a '>' link", "pid=4"),
        arguments("Coppermine", Pager.Kind.PAGE_TEMPLATE, "page numbers", "album=1&page=2"),
        arguments("Piwigo", Pager.Kind.REL_NEXT, "rel=next", "/category/3/start-6"),
        arguments("Zenphoto", Pager.Kind.NEXT_LINK, "a 'next »' link", "/summer/page/2/"),
        arguments("Tumblr-like", Pager.Kind.NEXT_LINK, "a 'Older posts' link", "/page/2"),
        arguments("Blogger", Pager.Kind.NEXT_LINK, "a 'Older Posts' link", "updated-max="));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pagers")
  void pagerIsFoundWithItsEvidence(String name, Pager.Kind kind, String evidence, String next) {
    Pager p = listing(site(name)).pager();

    assertThat(p).isNotNull();
    assertThat(p.kind()).isEqualTo(kind);
    assertThat(p.evidence()).contains(evidence);
    assertThat(p.next()).contains(next);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"MediaWiki <gallery>", "WordPress gallery block", "news article", "login page"})
  void singlePageHasNoPager(String name) {
    assertThat(listing(site(name)).pager()).isNull();
  }

  static Stream<Arguments> workPages() {
    return Stream.of(
        arguments("MediaWiki category", MainPicture.Source.ORIGINAL_LINK, "'Original file'"),
        arguments(
            "WordPress [gallery] shortcode",
            MainPicture.Source.LINKED_PICTURE,
            "a link to a picture file"),
        arguments("Danbooru", MainPicture.Source.ORIGINAL_LINK, "'View original'"),
        arguments("Gelbooru", MainPicture.Source.ORIGINAL_LINK, "'Original image'"),
        arguments("Zenphoto", MainPicture.Source.LINKED_PICTURE, "a link to a picture file"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("workPages")
  void workPageLeadsToTheOriginal(String name, MainPicture.Source source, String evidence) {
    Site site = site(name);
    for (ItemGroup.Item item : listing(site).gallery().items()) {
      MainPicture best = work(site, item.link()).get(0);

      assertThat(best.source()).isEqualTo(source);
      assertThat(best.evidence()).contains(evidence);
      assertThat(site.originals()).contains(best.url().substring(ORIGIN.length()));
      assertThat(best.selector()).doesNotContain("nth-child"); // the same on every work page
    }
  }

  @Test
  void workPageWithoutAnOriginalLinkOffersItsLargestPictureForANameGuess() {
    Site coppermine = site("Coppermine");
    String link = listing(coppermine).gallery().items().get(0).link();

    MainPicture best = work(coppermine, link).get(0);

    assertThat(best.source()).isEqualTo(MainPicture.Source.LARGEST_IMAGE);
    assertThat(best.url()).endsWith("/albums/userpics/10001/normal_p100.jpg");
    assertThat(ThumbnailNames.guesses(best.url()))
        .extracting(ThumbnailNames.Guess::original)
        .first()
        .isEqualTo(ORIGIN + "/gallery/albums/userpics/10001/p100.jpg");
  }

  @Test
  void downloadLinkWithoutAPictureNameIsOfferedForConfirmation() {
    Site piwigo = site("Piwigo");
    String link = listing(piwigo).gallery().items().get(0).link();

    List<MainPicture> found = work(piwigo, link);

    assertThat(found.get(0).source()).isEqualTo(MainPicture.Source.DOWNLOAD_LINK);
    assertThat(found.get(0).needsConfirmation()).isTrue();
    assertThat(found.get(0).selector()).startsWith("a#downloadSwitchLink");
    assertThat(found)
        .filteredOn(p -> p.source() == MainPicture.Source.LARGEST_IMAGE)
        .singleElement()
        .satisfies(p -> assertThat(p.url()).endsWith("-me.jpg"));
  }

  @Test
  void workPageWithSrcsetGivesItsLargestSource() {
    Site tumblr = site("Tumblr-like");
    String link = listing(tumblr).gallery().items().get(0).link();

    MainPicture best = work(tumblr, link).get(0);

    assertThat(best.source()).isEqualTo(MainPicture.Source.LARGEST_IMAGE);
    assertThat(best.attribute()).isEqualTo("srcset");
    assertThat(tumblr.originals()).contains(best.url().substring(ORIGIN.length()));
  }

  @Test
  void ogImageIsTheLastResort() {
    String html =
        "<html><head><meta property='og:image' content='/big/1.jpg'></head><body>"
            + "<p>No picture in the text.</p></body></html>";

    List<MainPicture> found =
        GalleryDetector.detectWork(ORIGIN + "/w/1", html.getBytes(StandardCharsets.UTF_8), HTML);

    assertThat(found)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.source()).isEqualTo(MainPicture.Source.OG_IMAGE);
              assertThat(p.url()).isEqualTo(ORIGIN + "/big/1.jpg");
            });
  }

  @Test
  void lazyLoadingAttributeIsFoundAndNamed() {
    StringBuilder html = new StringBuilder("<div class='grid'>");
    for (int i = 0; i < 5; i++) {
      html.append("<div class='cell'><img src='/blank.gif' data-echo='/t/")
          .append(i)
          .append(".jpg'></div>");
    }
    html.append("</div>");

    ItemGroup g = listing(ORIGIN + "/", html.toString()).bestGuess();

    assertThat(g.attribute()).isEqualTo("data-echo");
    assertThat(g.items()).extracting(ItemGroup.Item::thumbnail).contains(ORIGIN + "/t/4.jpg");
  }

  @Test
  void noscriptCopiesAndIconsDoNotCount() {
    StringBuilder html = new StringBuilder("<ul class='gallery'>");
    for (int i = 0; i < 4; i++) {
      html.append("<li><a href='/full/")
          .append(i)
          .append(".jpg'><img data-src='/t/")
          .append(i)
          .append(".jpg'><noscript><img src='/t/")
          .append(i)
          .append(".jpg'></noscript></a><img src='/heart.png' width='16' height='16'></li>");
    }
    html.append("</ul>");

    ListingDetection d = listing(ORIGIN + "/", html.toString());

    assertThat(d.groups()).hasSize(1);
    assertThat(d.gallery().count()).isEqualTo(4);
    assertThat(d.gallery().items())
        .extracting(ItemGroup.Item::link)
        .containsExactly(
            ORIGIN + "/full/0.jpg",
            ORIGIN + "/full/1.jpg",
            ORIGIN + "/full/2.jpg",
            ORIGIN + "/full/3.jpg");
  }

  @Test
  void threeBarePicturesAreNotConfidentButAGalleryClassMakesThemSo() {
    String bare =
        "<div><p><img src='/a.jpg'></p><p><img src='/b.jpg'></p><p><img src='/c.jpg'></p></div>";
    String gallery = bare.replace("<div>", "<div class='gallery'>");

    assertThat(listing(ORIGIN + "/", bare).gallery()).isNull();
    assertThat(listing(ORIGIN + "/", gallery).gallery()).isNotNull();
  }

  @Test
  void emptyBodyFindsNothing() {
    ListingDetection d = GalleryDetector.detectListing(ORIGIN + "/", new byte[0], HTML);

    assertThat(d.groups()).isEmpty();
    assertThat(d.pager()).isNull();
    assertThat(d.gallery()).isNull();
  }

  // ---------------------------------------------------------------- pagers on small pages

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          next                 | true
          Next page            | true
          next »               | true
          Next →               | true
          ›                    | true
          »                    | true
          >                    | true
          次                   | true
          次へ                 | true
          下一页               | true
          weiter               | true
          Nächste Seite        | true
          suivant              | true
          Page suivante        | true
          siguiente            | true
          Older posts          | true
          >>                   | false
          »»                   | false
          « previous           | false
          last page            | false
          2                    | false
          next steps in cosplay| false
          """)
  void nextTextIsRecognised(String text, boolean next) {
    assertThat(Pagers.isNextText(text)).isEqualTo(next);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          rel=next on a link      | <a rel='next nofollow' href='/g?page=2'>2</a>                                            | REL_NEXT      | /g?page=2
          arrow text              | <div class='pages'><a href='/g?page=0'>‹</a> <a href='/g/2'>›</a></div>                 | NEXT_LINK     | /g/2
          chinese                 | <div><a href='/list_2.html'>下一页</a></div>                                             | NEXT_LINK     | /list_2.html
          class next, icon only   | <a class='pagination-next' href='/g/p/2'><svg></svg></a>                                | NEXT_LINK     | /g/p/2
          aria-label              | <a aria-label='Next page' href='/g/2'><span>→</span></a>                                | NEXT_LINK     | /g/2
          current number          | <ul><li class='active'><span>3</span></li><li><a href='/g?o=90'>4</a></li></ul>         | PAGE_NUMBER   | /g?o=90
          bold current number     | <div><b>1</b> <a href='/g?o=30'>2</a> <a href='/g?o=60'>3</a></div>                   | PAGE_NUMBER   | /g?o=30
          linked current number   | <nav><a class='page current' href='/g'>1</a> <a class='page' href='/g2.html'>2</a></nav> | PAGE_NUMBER   | /g2.html
          ?page=N numbers         | <div><a href='/g?tag=x&page=2'>2</a> <a href='/g?tag=x&page=3'>3</a></div>            | PAGE_TEMPLATE | /g?tag=x&page=2
          /page/N numbers         | <div><a href='/blog/page/2/'>2</a> <a href='/blog/page/3/'>3</a></div>                | PAGE_TEMPLATE | /blog/page/2/
          """)
  void pagerIsFoundOnSmallPages(String what, String html, Pager.Kind kind, String next) {
    Pager p = listing(ORIGIN + "/g", html).pager();

    assertThat(p).isNotNull();
    assertThat(p.kind()).isEqualTo(kind);
    assertThat(p.next()).isEqualTo(ORIGIN + next);
    Document doc = Jsoup.parse(html, ORIGIN + "/g");
    if (p.selector() != null) {
      assertThat(doc.select(p.selector()).eachAttr("abs:href")).containsOnly(ORIGIN + next);
    } else {
      assertThat(p.template()).contains("{2..}");
    }
  }

  @Test
  void pageNumberInTheStartUrlGivesATemplate() {
    Pager p = listing(ORIGIN + "/picture/lists/p/1", "<div class='x'>no pager</div>").pager();

    assertThat(p.kind()).isEqualTo(Pager.Kind.PAGE_TEMPLATE);
    assertThat(p.template()).isEqualTo(ORIGIN + "/picture/lists/p/{2..}");
  }

  @Test
  void albumCardsAreLinksToPagesOfThisSiteHoldingACover() {
    String html =
        "<header><a href='/'><img src='/logo.png'></a></header><div id=albums>"
            + "<div class=card><a href='/a/'><img src='/a/cover.jpg'></a></div>"
            + "<div class=card><a href='/b/'><img src='/b/cover.jpg'></a></div>"
            + "<div class=card><a href='http://127.0.0.2/c/'><img src='/c/cover.jpg'></a></div>"
            + "</div><p><a href='/big.jpg'><img src='/big-t.jpg'></a></p>";

    AlbumCards cards = listing(ORIGIN + "/home", html).cards();

    assertThat(cards.links()).containsExactly(ORIGIN + "/a/", ORIGIN + "/b/");
    assertThat(cards.thumbnails())
        .containsExactlyInAnyOrder(
            ORIGIN + "/a/cover.jpg", ORIGIN + "/b/cover.jpg", ORIGIN + "/c/cover.jpg");
    Document doc = Jsoup.parse(html, ORIGIN + "/home");
    assertThat(doc.select(cards.selectors().get(0))).hasSize(3); // the other site's card too
  }

  @Test
  void oneCardOrCardsLeadingToPicturesAreNoAlbumCards() {
    assertThat(
            listing(ORIGIN + "/home", "<div><a href='/a/'><img src='/a/cover.jpg'></a></div>")
                .cards())
        .isNull();
    assertThat(
            listing(
                    ORIGIN + "/home",
                    "<div><a href='/1.jpg'><img src='/t1.jpg'></a>"
                        + "<a href='/2.jpg'><img src='/t2.jpg'></a></div>")
                .cards())
        .isNull();
  }

  @Test
  void previousAndLastLinksAreNotNext() {
    String html = "<div><a href='/g?page=1'>« Prev</a> <a href='/g?page=9' alt='last'>»»</a></div>";

    assertThat(listing(ORIGIN + "/g", html).pager()).isNull();
  }
}
