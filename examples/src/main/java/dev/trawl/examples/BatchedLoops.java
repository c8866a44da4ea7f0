package dev.trawl.examples;

import dev.trawl.aio.Aio;
import dev.trawl.aio.Task;
import dev.trawl.aio.WaitResult;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The article's crawler skeleton: 16 list pages cut into batches of 5, each batch run with {@code
 * asyncio.run(main(urls[start:end]))}, where main wraps every URL in a task ({@code ensure_future})
 * and waits for all of them. Fetching is simulated (50 ms each); the real crawler lives elsewhere.
 */
public final class BatchedLoops {
  private BatchedLoops() {}

  /** The pages fetched, per batch, and the most fetches that were in flight at once. */
  public record Run(List<List<String>> batches, long millis, int mostInFlight) {}

  static String getHtml(PrintStream out, String url, AtomicInteger inFlight, AtomicInteger most) {
    out.println("Prepare for capture: " + url);
    most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      Aio.sleep(Duration.ofMillis(50));
    } finally {
      inFlight.decrementAndGet();
    }
    return "<html>" + url + "</html>";
  }

  /** Runs every batch on its own loop. */
  public static Run demo(PrintStream out) {
    List<String> urls = new ArrayList<>();
    for (int page = 1; page <= 16; page++) {
      urls.add("/picture/lists/p/" + page);
    }
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    long start = System.nanoTime();
    List<List<String>> batches = new ArrayList<>();
    for (int from = 0; from < urls.size(); from += 5) {
      List<String> slice = urls.subList(from, Math.min(from + 5, urls.size()));
      batches.add(
          Aio.run(
              () -> {
                List<Task<String>> tasks = new ArrayList<>();
                for (String url : slice) {
                  tasks.add(Aio.ensureFuture(() -> getHtml(out, url, inFlight, most)));
                }
                WaitResult<Task<String>> r = Aio.wait(tasks);
                List<String> pages = new ArrayList<>();
                for (Task<String> t : r.done()) {
                  pages.add(t.result());
                }
                return pages;
              }));
    }
    return new Run(batches, ArticleTasks.millisSince(start), most.get());
  }

  /** Runs the example. */
  public static void main(String[] args) {
    demo(System.out);
  }
}
