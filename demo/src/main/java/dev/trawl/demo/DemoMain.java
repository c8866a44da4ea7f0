package dev.trawl.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Serves a {@link DemoGallery} until the process is killed: {@code java -cp trawl-demo.jar
 * dev.trawl.demo.DemoMain [--port N] [--latency MS] [--pages N] [--works N] [--host ADDR]}.
 */
public final class DemoMain {
  private static final String USAGE =
      "usage: DemoMain [--port N] [--latency MS] [--pages N] [--works N] [--host ADDR]";

  private DemoMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    System.setProperty("java.awt.headless", "true");
    DemoGallery.Builder builder = DemoGallery.builder();
    try {
      configure(builder, args);
    } catch (IllegalArgumentException e) {
      System.err.println("DemoMain: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    DemoGallery gallery = builder.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  gallery.close();
                  stopped.countDown();
                }));
    PrintStream out = System.out;
    out.println("Demo gallery serving at " + gallery.baseUri());
    out.println("Listing pages: " + gallery.listingTemplate());
    out.println("Press Ctrl-C to stop.");
    out.flush();
    stopped.await();
  }

  static void configure(DemoGallery.Builder builder, String[] args) {
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || flag.equals("-h")) {
        throw new IllegalArgumentException("help requested");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value for " + flag);
      }
      String value = args[++i];
      switch (flag) {
        case "--port":
          builder.port(number(flag, value));
          break;
        case "--latency":
          builder.latency(Duration.ofMillis(number(flag, value)));
          break;
        case "--pages":
          builder.pages(number(flag, value));
          break;
        case "--works":
          builder.worksPerPage(number(flag, value));
          break;
        case "--host":
          builder.host(value);
          break;
        default:
          throw new IllegalArgumentException("unknown option: " + flag);
      }
    }
  }

  private static int number(String flag, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " is not a number: " + value);
    }
  }
}
