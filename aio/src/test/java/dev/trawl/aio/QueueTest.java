package dev.trawl.aio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueueTest {
  private final EventLoop loop = EventLoop.newEventLoop();

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  @Test
  void rejectsNegativeMaxsize() {
    assertThatThrownBy(() -> new AsyncQueue<String>(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxsize < 0: -1");
  }

  @Test
  void itemsComeOutInFifoOrder() {
    AsyncQueue<String> q = new AsyncQueue<>();
    q.put("a");
    q.putNowait("b");
    assertThat(q.size()).isEqualTo(2);
    assertThat(q.get()).isEqualTo("a");
    assertThat(q.getNowait()).isEqualTo("b");
    assertThat(q.isEmpty()).isTrue();
  }

  @Test
  void nowaitCallsThrowWhenFullOrEmpty() {
    AsyncQueue<String> q = new AsyncQueue<>(1);
    assertThatThrownBy(q::getNowait).isInstanceOf(NoSuchElementException.class);
    q.putNowait("a");
    assertThat(q.isFull()).isTrue();
    assertThatThrownBy(() -> q.putNowait("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("queue is full: maxsize=1");
  }

  @Test
  void putBlocksWhileFullUntilAGet() {
    AsyncQueue<String> q = new AsyncQueue<>(1);
    q.put("a");
    Task<Object> putter =
        loop.createTask(
            () -> {
              q.put("b");
              return null;
            });
    TaskTest.awaitState(putter, Task.State.RUNNING);
    assertThat(putter.done()).isFalse();
    assertThat(q.get()).isEqualTo("a");
    putter.await();
    assertThat(q.get()).isEqualTo("b");
  }

  @Test
  void getBlocksUntilAPutAndIsCancellable() {
    AsyncQueue<String> q = new AsyncQueue<>();
    Task<String> getter = loop.createTask(q::get);
    q.put("x");
    assertThat(getter.await()).isEqualTo("x");
    Task<String> blocked = loop.createTask(q::get);
    TaskTest.awaitState(blocked, Task.State.RUNNING);
    blocked.cancel();
    assertThatThrownBy(blocked::await).isInstanceOf(CancelledException.class);
  }

  @Test
  void joinReturnsWhenEveryItemIsMarkedDone() {
    AsyncQueue<Integer> q = new AsyncQueue<>();
    q.put(1);
    q.put(2);
    CountDownLatch joined = new CountDownLatch(1);
    Task<Object> joiner =
        loop.createTask(
            () -> {
              q.join();
              joined.countDown();
              return null;
            });
    q.get();
    q.taskDone();
    assertThat(joined.getCount()).isEqualTo(1);
    q.get();
    q.taskDone();
    joiner.await();
    assertThatThrownBy(q::taskDone)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("too many times");
  }

  @Test
  void shutdownLetsGettersDrainThenThrows() {
    AsyncQueue<String> q = new AsyncQueue<>();
    q.put("left");
    q.shutdown();
    assertThatThrownBy(() -> q.put("new")).isInstanceOf(QueueShutDownException.class);
    assertThat(q.get()).isEqualTo("left");
    assertThatThrownBy(q::get).isInstanceOf(QueueShutDownException.class);
    assertThatThrownBy(q::getNowait).isInstanceOf(QueueShutDownException.class);
  }

  @Test
  void immediateShutdownDropsItemsAndReleasesJoin() {
    AsyncQueue<String> q = new AsyncQueue<>();
    q.put("a");
    q.put("b");
    Task<Object> joiner =
        loop.createTask(
            () -> {
              q.join();
              return null;
            });
    q.shutdown(true);
    joiner.await();
    assertThat(q.isEmpty()).isTrue();
    assertThatThrownBy(q::get).isInstanceOf(QueueShutDownException.class);
  }

  @Test
  void shutdownWakesBlockedGettersAndPutters() {
    AsyncQueue<String> empty = new AsyncQueue<>();
    AsyncQueue<String> full = new AsyncQueue<>(1);
    full.put("x");
    Task<String> getter = loop.createTask(empty::get);
    Task<Object> putter =
        loop.createTask(
            () -> {
              full.put("y");
              return null;
            });
    TaskTest.awaitState(getter, Task.State.RUNNING);
    TaskTest.awaitState(putter, Task.State.RUNNING);
    empty.shutdown();
    full.shutdown(true);
    assertThatThrownBy(getter::await).isInstanceOf(QueueShutDownException.class);
    assertThatThrownBy(putter::await).isInstanceOf(QueueShutDownException.class);
  }

  @Test
  void priorityQueueReturnsTheSmallestFirst() {
    AsyncPriorityQueue<Integer> q = new AsyncPriorityQueue<>();
    for (int x : new int[] {5, 1, 4, 2, 3}) {
      q.put(x);
    }
    List<Integer> out = new ArrayList<>();
    while (!q.isEmpty()) {
      out.add(q.get());
      q.taskDone();
    }
    assertThat(out).containsExactly(1, 2, 3, 4, 5);
    assertThat(q).hasToString("<AsyncPriorityQueue maxsize=0 size=0 unfinished=0>");
  }

  @Test
  void priorityQueueOrdersByItsComparatorAndKeepsItsBound() {
    record Job(int priority, String url) {}
    AsyncPriorityQueue<Job> q = new AsyncPriorityQueue<>(2, Comparator.comparingInt(Job::priority));
    q.put(new Job(9, "later"));
    q.put(new Job(1, "first"));
    assertThat(q.isFull()).isTrue();
    assertThatThrownBy(() -> q.putNowait(new Job(0, "no room")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(q.get().url()).isEqualTo("first");
    assertThat(q.getNowait().url()).isEqualTo("later");
  }

  @Test
  void priorityQueueWakesABlockedGetter() {
    AsyncPriorityQueue<Integer> q = new AsyncPriorityQueue<>();
    Task<Integer> getter = loop.createTask(q::get);
    TaskTest.awaitState(getter, Task.State.RUNNING);
    q.put(7);
    assertThat(getter.await()).isEqualTo(7);
  }

  @Test
  void lifoQueueReturnsTheNewestFirst() {
    AsyncLifoQueue<String> q = new AsyncLifoQueue<>(3);
    q.put("a");
    q.put("b");
    q.putNowait("c");
    assertThatThrownBy(() -> q.putNowait("d")).isInstanceOf(IllegalStateException.class);
    assertThat(q.get()).isEqualTo("c");
    assertThat(q.get()).isEqualTo("b");
    assertThat(q.getNowait()).isEqualTo("a");
    q.shutdown();
    assertThatThrownBy(q::get).isInstanceOf(QueueShutDownException.class);
  }
}
