package dev.trawl.examples;

import dev.trawl.aio.Aio;
import dev.trawl.aio.EventLoop;
import dev.trawl.aio.Task;
import dev.trawl.aio.WaitResult;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * The article's crawler ("2. This section of the crawler project"), as a reader of the article
 * would write it with aio and {@code java.net.http}: the 16 listing pages in slices of 5, one event
 * loop per slice; in each, {@code ensure_future(get_html(url))} for every page, {@code
 * asyncio.wait} for all, then for every {@code div.workimage} the thumbnail URL rewritten from
 * {@code thumb} to {@code thumbMid} and saved with {@code await save_img(...)}, one after the
 * other, as the article does.
 *
 * <p>The differences from the article: the host comes from the caller (the demo gallery), a picture
 * is named after its URL instead of {@code time.time()} (two pictures saved within the clock's
 * resolution would overwrite each other), and the HTTP client is {@code java.net.http}'s blocking
 * {@code send}, which in a task blocks only that task's virtual thread.
 */
public final class ArticleCrawler {
  private final URI site;
  private final Path imgs;
  private final PrintStream out;
  private final HttpClient http = HttpClient.newHttpClient();

  /** A crawler for the gallery at {@code site} that saves pictures into {@code imgs}. */
  public ArticleCrawler(URI site, Path imgs, PrintStream out) {
    this.site = site;
    this.imgs = imgs;
    this.out = out;
  }

  /** {@code async def get(url)}: the response, or null for a status other than 200. */
  HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
    HttpResponse<byte[]> res =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return res.statusCode() == 200 ? res : null;
  }

  /** {@code async def get_html(url)}. */
  String getHtml(String url) throws IOException, InterruptedException {
    out.println("Prepare for capture: " + url);
    HttpResponse<byte[]> res = get(url);
    return res == null ? "" : new String(res.body(), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** {@code async def save_img(img_url)}: returns {@code (img_url, "ok")}, or null. */
  List<String> saveImg(String imgUrl) throws IOException, InterruptedException {
    imgUrl = imgUrl.replace("thumb", "thumbMid"); // small image -> large image
    imgUrl = site.resolve(imgUrl).toString();
    out.println("Picture download in progress: " + imgUrl);
    HttpResponse<byte[]> res = get(imgUrl);
    if (res != null) {
      String name = imgUrl.substring(imgUrl.lastIndexOf('/') + 1);
      Files.write(imgs.resolve(name), res.body());
      return List.of(imgUrl, "ok");
    }
    return null;
  }

  /** {@code async def main(url_list)}. Returns how many pictures were saved. */
  int main(List<String> urlList) throws Exception {
    List<Task<String>> tasks = new ArrayList<>();
    for (String url : urlList) {
      tasks.add(Aio.ensureFuture(() -> getHtml(url)));
    }
    WaitResult<Task<String>> r = Aio.wait(tasks);
    int saved = 0;
    for (Task<String> task : r.done()) {
      String html = task.result();
      for (Element div : Jsoup.parse(html).getElementsByClass("workimage")) {
        Element img = div.selectFirst("a > img[data-original]");
        if (img == null) {
          continue;
        }
        List<String> ret = saveImg(img.attr("data-original"));
        out.println(ret);
        if (ret != null) {
          saved++;
        }
      }
    }
    return saved;
  }

  /** {@code if __name__ == '__main__'}: 16 pages in slices of 5, a loop per slice. */
  public int run(int pages) throws IOException {
    Files.createDirectories(imgs);
    List<String> urls = new ArrayList<>();
    for (int page = 1; page <= pages; page++) {
      urls.add(site.resolve("/picture/lists/p/" + page).toString());
    }
    int totalPage = urls.size() % 5 == 0 ? urls.size() / 5 : urls.size() / 5 + 1;
    int saved = 0;
    for (int page = 0; page < totalPage; page++) {
      int startPage = page * 5;
      int endPage = Math.min((page + 1) * 5, urls.size());
      List<String> slice = urls.subList(startPage, endPage);
      try (EventLoop loop = EventLoop.newEventLoop()) { // asyncio.get_event_loop()
        saved += loop.runUntilComplete(() -> main(slice));
      }
    }
    return saved;
  }

  /** {@code java ArticleCrawler http://127.0.0.1:PORT [dir]}: crawls a running demo gallery. */
  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: ArticleCrawler SITE_URL [DIR]");
      System.exit(2);
    }
    Path dir = Path.of(args.length > 1 ? args[1] : "imgs");
    int saved = new ArticleCrawler(URI.create(args[0]), dir, System.out).run(16);
    System.out.println(saved + " pictures in " + dir);
  }
}
