package dev.trawl.frontier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FrontierTest {
  @Test
  void pagesAreHandedOutBeforeImages() throws InterruptedException {
    Frontier<String, String> f = new Frontier<>(0);
    f.offerImage("http://h/1.jpg", "img1");
    f.offerPage("http://h/p/1", "page1");
    assertThat(f.take().page()).isEqualTo("page1");
    assertThat(f.take().image()).isEqualTo("img1");
  }

  @Test
  void aKeyOfferedTwiceIsQueuedOnce() throws InterruptedException {
    Frontier<String, String> f = new Frontier<>(0);
    assertThat(f.offerImage(UrlKey.of("http://H/a.jpg"), "a")).isTrue();
    assertThat(f.offerImage(UrlKey.of("http://h:80/a.jpg#frag"), "again")).isFalse();
    assertThat(f.imagesSeen()).isEqualTo(1);
  }

  @Test
  void takeReturnsNullOnceDrainedAndNothingInFlight() throws InterruptedException {
    Frontier<String, String> f = new Frontier<>(0);
    f.offerPage("p", "p");
    assertThat(f.take()).isNotNull();
    f.done();
    assertThat(f.take()).isNull();
  }

  @Test
  void idleWorkerWaitsWhileWorkInFlightMayStillOfferMore() throws Exception {
    Frontier<String, String> f = new Frontier<>(0);
    f.offerPage("p", "p");
    f.take();
    AtomicReference<Frontier.Work<String, String>> got = new AtomicReference<>();
    CountDownLatch returned = new CountDownLatch(1);
    Thread waiter =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    got.set(f.take());
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  returned.countDown();
                });
    assertThat(returned.await(100, TimeUnit.MILLISECONDS)).isFalse();
    f.offerImage("i", "found on p");
    f.done();
    assertThat(returned.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(got.get().image()).isEqualTo("found on p");
    waiter.join();
  }

  @Test
  void lastDoneWakesEveryIdleWorkerWithNull() throws Exception {
    Frontier<String, String> f = new Frontier<>(0);
    f.offerPage("p", "p");
    f.take();
    CountDownLatch finished = new CountDownLatch(3);
    for (int i = 0; i < 3; i++) {
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  if (f.take() == null) {
                    finished.countDown();
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
    }
    f.done();
    assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void maxPagesCapsDistinctPages() {
    Frontier<String, String> f = new Frontier<>(2);
    assertThat(f.offerPage("a", "a")).isTrue();
    assertThat(f.offerPage("b", "b")).isTrue();
    assertThat(f.offerPage("c", "c")).isFalse();
  }

  @Test
  void closeReleasesWaitersAndRefusesWork() throws Exception {
    Frontier<String, String> f = new Frontier<>(0);
    f.offerPage("p", "p");
    f.take();
    CountDownLatch released = new CountDownLatch(1);
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                f.take();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              released.countDown();
            });
    f.close();
    assertThat(released.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(f.offerPage("q", "q")).isFalse();
  }

  @Test
  void doneWithoutTakeIsAnError() {
    Frontier<String, String> f = new Frontier<>(0);
    assertThatThrownBy(f::done).isInstanceOf(IllegalStateException.class).hasMessageContaining("0");
  }

  @Test
  void negativeMaxPagesIsRefusedByName() {
    assertThatThrownBy(() -> new Frontier<>(-1)).hasMessage("maxPages < 0: -1");
  }
}
