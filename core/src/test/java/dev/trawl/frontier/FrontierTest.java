package dev.trawl.frontier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.frontier.CrawlStore.Claim;
import dev.trawl.frontier.CrawlStore.Entry;
import dev.trawl.frontier.CrawlStore.Kind;
import dev.trawl.frontier.CrawlStore.Result;
import dev.trawl.frontier.CrawlStore.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FrontierTest {
  final MemoryCrawlStore store = new MemoryCrawlStore();
  final Frontier frontier =
      new Frontier(store, "me", 4, Duration.ofSeconds(60), Duration.ofMillis(20));

  static Entry page(String url) {
    return new Entry(Kind.PAGE, url, url, null, null);
  }

  static Entry image(String url) {
    return new Entry(Kind.IMAGE, url, url, "http://h/p", null);
  }

  static Result done(Claim c) {
    return new Result(
        c.id(), Status.DONE, null, null, 0, null, null, null, 1, Instant.now(), null, null, null);
  }

  @Test
  void pagesAreHandedOutBeforeImages() throws InterruptedException {
    frontier.offer(List.of(image("http://h/1.jpg")));
    frontier.offer(List.of(page("http://h/p/1")));
    assertThat(frontier.take().kind()).isEqualTo(Kind.PAGE);
    assertThat(frontier.take().kind()).isEqualTo(Kind.IMAGE);
  }

  @Test
  void theNextBatchIsLeasedWhenHalfTheBufferIsLeft() throws InterruptedException {
    for (int i = 0; i < 10; i++) {
      frontier.offer(List.of(image("http://h/" + i + ".jpg")));
    }
    frontier.take(); // leases 4, 3 left
    frontier.take(); // 2 left: half of the batch
    assertThat(store.counts(Kind.IMAGE)).containsEntry(Status.LEASED, 4L);
    frontier.take(); // leases 4 more
    assertThat(store.counts(Kind.IMAGE)).containsEntry(Status.LEASED, 8L);
  }

  @Test
  void anEntryOfferedTwiceIsQueuedOnce() {
    assertThat(frontier.offer(List.of(image("http://h/a.jpg")))).containsExactly(true);
    assertThat(frontier.offer(List.of(image("http://h/a.jpg")))).containsExactly(false);
  }

  @Test
  void takeReturnsNullOnceNothingIsOpen() throws InterruptedException {
    frontier.offer(List.of(page("p")));
    Claim c = frontier.take();
    frontier.done(done(c));
    assertThat(frontier.take()).isNull();
    assertThat(store.counts(Kind.PAGE)).containsEntry(Status.DONE, 1L);
  }

  @Test
  void idleWorkerWaitsWhileWorkInFlightMayStillOfferMore() throws Exception {
    frontier.offer(List.of(page("p")));
    Claim p = frontier.take();
    AtomicReference<Claim> got = new AtomicReference<>();
    CountDownLatch returned = new CountDownLatch(1);
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                got.set(frontier.take());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              returned.countDown();
            });
    assertThat(returned.await(100, TimeUnit.MILLISECONDS)).isFalse();
    frontier.offer(List.of(image("found on p")));
    frontier.done(done(p));
    assertThat(returned.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(got.get().url()).isEqualTo("found on p");
  }

  @Test
  void lastDoneWakesEveryIdleWorkerWithNull() throws Exception {
    frontier.offer(List.of(page("p")));
    Claim p = frontier.take();
    CountDownLatch finished = new CountDownLatch(3);
    for (int i = 0; i < 3; i++) {
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  if (frontier.take() == null) {
                    finished.countDown();
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
    }
    frontier.done(done(p));
    assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void workLeasedByAnotherWorkerKeepsThisOneWaitingUntilItIsFinished() throws Exception {
    frontier.offer(List.of(page("p")));
    Claim other = store.claim("other", 1, Duration.ofSeconds(60)).get(0);
    CountDownLatch returned = new CountDownLatch(1);
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                frontier.take();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              returned.countDown();
            });
    assertThat(returned.await(200, TimeUnit.MILLISECONDS)).isFalse();
    store.finish(List.of(done(other)));
    assertThat(returned.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void closeReleasesWaiters() throws Exception {
    frontier.offer(List.of(page("p")));
    frontier.take();
    CountDownLatch released = new CountDownLatch(1);
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                frontier.take();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              released.countDown();
            });
    frontier.close();
    assertThat(released.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void doneWithoutTakeIsAnError() {
    frontier.offer(List.of(page("p")));
    Claim c = store.claim("me", 1, Duration.ofSeconds(60)).get(0);
    assertThatThrownBy(() -> frontier.done(done(c)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("0");
  }

  @Test
  void badBatchIsRefusedByName() {
    assertThatThrownBy(() -> new Frontier(store, "w", 0, Duration.ofSeconds(1), Duration.ZERO))
        .hasMessage("batch < 1: 0");
  }
}
