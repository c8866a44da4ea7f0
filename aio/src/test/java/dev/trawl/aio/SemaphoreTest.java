package dev.trawl.aio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SemaphoreTest {
  private final EventLoop loop = EventLoop.newEventLoop();

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  @Test
  void rejectsNegativePermits() {
    assertThatThrownBy(() -> new AsyncSemaphore(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("permits < 0: -1");
  }

  @Test
  void waitersGetPermitsInArrivalOrder() {
    AsyncSemaphore sem = new AsyncSemaphore(0);
    List<Integer> order = new CopyOnWriteArrayList<>();
    List<Task<Object>> tasks = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      tasks.add(
          loop.createTask(
              () -> {
                sem.acquire();
                order.add(n);
                return null;
              }));
      int waiting = i + 1;
      TaskTest.awaitCondition(() -> sem.toString().contains("waiters=" + waiting));
    }
    for (int i = 0; i < 5; i++) {
      // One permit at a time: which waiter wakes is the semaphore's choice, not the scheduler's.
      sem.release();
      int woken = i + 1;
      TaskTest.awaitCondition(() -> order.size() == woken);
    }
    Aio.gather(tasks);
    assertThat(order).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void newcomerDoesNotBargePastWaiters() {
    AsyncSemaphore sem = new AsyncSemaphore(0);
    Task<Object> waiter =
        loop.createTask(
            () -> {
              sem.acquire();
              return null;
            });
    TaskTest.awaitCondition(() -> sem.locked() && sem.toString().contains("waiters=1"));
    sem.release();
    assertThat(sem.tryAcquire()).isFalse();
    waiter.await();
  }

  @Test
  void cancelledWaiterLeavesNoPermitBehind() {
    AsyncSemaphore sem = new AsyncSemaphore(1);
    sem.acquire();
    Task<Object> cancelled =
        loop.createTask(
            () -> {
              sem.acquire();
              return null;
            });
    Task<Object> next =
        loop.createTask(
            () -> {
              TaskTest.awaitCondition(() -> sem.toString().contains("waiters=1"));
              sem.acquire();
              return "got it";
            });
    TaskTest.awaitCondition(() -> sem.toString().contains("waiters=2"));
    cancelled.cancel();
    assertThatThrownBy(cancelled::await).isInstanceOf(CancelledException.class);
    sem.release();
    assertThat(next.await()).isEqualTo("got it");
    assertThat(sem.available()).isZero();
    sem.release();
    assertThat(sem.available()).isEqualTo(1);
  }

  @Test
  void permitsLimitConcurrency() {
    AsyncSemaphore sem = new AsyncSemaphore(3);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    List<Task<Object>> tasks = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      tasks.add(
          loop.createTask(
              () -> {
                sem.acquire();
                try {
                  max.accumulateAndGet(inside.incrementAndGet(), Math::max);
                  Aio.sleep(Duration.ofMillis(1));
                  inside.decrementAndGet();
                } finally {
                  sem.release();
                }
                return null;
              }));
    }
    Aio.gather(tasks);
    assertThat(max.get()).isBetween(1, 3);
    assertThat(sem.available()).isEqualTo(3);
  }

  @Test
  void lockReleaseWhenUnlockedThrows() {
    AsyncLock lock = new AsyncLock();
    assertThatThrownBy(lock::release)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not acquired");
    lock.acquire();
    assertThat(lock.locked()).isTrue();
    assertThat(lock.tryAcquire()).isFalse();
    lock.release();
    assertThat(lock.locked()).isFalse();
  }

  @Test
  void lockIsHandedToWaitersInOrder() {
    AsyncLock lock = new AsyncLock();
    lock.acquire();
    List<Integer> order = new CopyOnWriteArrayList<>();
    List<Task<Object>> tasks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int n = i;
      tasks.add(
          loop.createTask(
              () -> {
                lock.acquire();
                order.add(n);
                lock.release();
                return null;
              }));
      int waiting = i + 1;
      TaskTest.awaitCondition(() -> lock.toString().contains("waiters=" + waiting));
    }
    lock.release();
    Aio.gather(tasks);
    assertThat(order).containsExactly(0, 1, 2);
  }

  @Test
  void eventWakesAllWaiters() {
    AsyncEvent event = new AsyncEvent();
    List<Task<String>> tasks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      tasks.add(
          loop.createTask(
              () -> {
                event.await();
                return "woke";
              }));
    }
    assertThat(event.isSet()).isFalse();
    event.set();
    assertThat(Aio.gather(tasks)).containsOnly("woke");
    event.clear();
    assertThat(event.isSet()).isFalse();
  }

  @Test
  void cancelledEventWaiterThrowsCancelled() {
    AsyncEvent event = new AsyncEvent();
    Task<Object> task =
        loop.createTask(
            () -> {
              event.await();
              return null;
            });
    TaskTest.awaitState(task, Task.State.RUNNING);
    task.cancel();
    assertThatThrownBy(task::await).isInstanceOf(CancelledException.class);
  }

  @Test
  void boundedSemaphoreRefusesAReleaseAboveItsInitialValue() {
    AsyncBoundedSemaphore sem = new AsyncBoundedSemaphore(2);
    sem.acquire();
    sem.release();
    assertThatThrownBy(sem::release)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("AsyncBoundedSemaphore released too many times");
    assertThat(sem.available()).isEqualTo(2);
    sem.acquire();
    sem.acquire();
    assertThat(sem.locked()).isTrue();
    sem.release();
    sem.release();
    assertThatThrownBy(sem::release).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void boundedSemaphoreHandsAReleaseToAWaiter() {
    AsyncBoundedSemaphore sem = new AsyncBoundedSemaphore(1);
    sem.acquire();
    Task<Object> waiter =
        loop.createTask(
            () -> {
              sem.acquire();
              return null;
            });
    TaskTest.awaitCondition(() -> sem.toString().contains("waiters=1"));
    sem.release();
    waiter.await();
    assertThat(sem.available()).isZero();
    sem.release();
    assertThatThrownBy(sem::release).isInstanceOf(IllegalStateException.class);
  }
}
