package dev.trawl.aio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConditionTest {
  private final EventLoop loop = EventLoop.newEventLoop();
  private final AsyncCondition cond = new AsyncCondition(new AsyncLock());

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  private List<Task<Object>> waiters(int n, List<Integer> woken) {
    List<Task<Object>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int id = i;
      tasks.add(
          loop.createTask(
              () -> {
                cond.acquire();
                try {
                  cond.await();
                  woken.add(id);
                } finally {
                  cond.release();
                }
                return null;
              }));
      int waiting = i + 1;
      TaskTest.awaitCondition(() -> cond.waiting() == waiting);
    }
    return tasks;
  }

  private void locked(Runnable action) {
    cond.acquire();
    try {
      action.run();
    } finally {
      cond.release();
    }
  }

  @Test
  void signalWakesOneWaiterLongestWaitingFirst() {
    List<Integer> woken = new CopyOnWriteArrayList<>();
    List<Task<Object>> tasks = waiters(3, woken);
    locked(cond::signal);
    tasks.get(0).await();
    assertThat(woken).containsExactly(0);
    assertThat(cond.waiting()).isEqualTo(2);
    locked(cond::signalAll);
    Aio.run(() -> Aio.gather(tasks));
    assertThat(woken).containsExactlyInAnyOrder(0, 1, 2);
  }

  @Test
  void signalNWakesExactlyN() {
    List<Integer> woken = new CopyOnWriteArrayList<>();
    List<Task<Object>> tasks = waiters(5, woken);
    locked(() -> cond.signal(3));
    for (int i = 0; i < 3; i++) {
      tasks.get(i).await();
    }
    assertThat(woken).containsExactlyInAnyOrder(0, 1, 2);
    assertThat(cond.waiting()).isEqualTo(2);
    assertThat(tasks.get(3).done()).isFalse();
    locked(() -> cond.signal(10)); // more than waiting: wakes the rest
    tasks.get(3).await();
    tasks.get(4).await();
    assertThat(woken).hasSize(5);
  }

  @Test
  void waitForReturnsThePredicateOnceTrue() {
    AtomicInteger value = new AtomicInteger();
    Task<Boolean> waiter =
        loop.createTask(
            () -> {
              cond.acquire();
              try {
                return cond.waitFor(() -> value.get() >= 2);
              } finally {
                cond.release();
              }
            });
    TaskTest.awaitCondition(() -> cond.waiting() == 1);
    locked(
        () -> {
          value.set(1);
          cond.signalAll();
        });
    TaskTest.awaitCondition(() -> cond.waiting() == 1 && !cond.locked());
    assertThat(waiter.done()).isFalse();
    locked(
        () -> {
          value.set(2);
          cond.signalAll();
        });
    assertThat(waiter.await()).isTrue();
  }

  @Test
  void waitingOrSignallingWithoutTheLockIsAnError() {
    assertThatThrownBy(cond::await)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot wait on un-acquired lock");
    assertThatThrownBy(cond::signal)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot notify on un-acquired lock");
    assertThatThrownBy(() -> cond.signal(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCancelledWaiterHoldsTheLockAgainWhenItThrows() {
    AtomicInteger heldOnCancel = new AtomicInteger(-1);
    Task<Object> waiter =
        loop.createTask(
            () -> {
              cond.acquire();
              try {
                cond.await();
              } catch (CancelledException e) {
                heldOnCancel.set(cond.locked() ? 1 : 0);
                throw e;
              } finally {
                cond.release();
              }
              return null;
            });
    TaskTest.awaitCondition(() -> cond.waiting() == 1);
    waiter.cancel();
    assertThatThrownBy(waiter::await).isInstanceOf(CancelledException.class);
    assertThat(heldOnCancel).hasValue(1);
    assertThat(cond.locked()).isFalse();
    assertThat(cond.waiting()).isZero();
  }

  @Test
  void conditionsMayShareOneLock() {
    AsyncLock lock = new AsyncLock();
    AsyncCondition a = new AsyncCondition(lock);
    AsyncCondition b = new AsyncCondition(lock);
    a.acquire();
    assertThat(b.locked()).isTrue();
    b.release();
    assertThat(a.locked()).isFalse();
  }
}
