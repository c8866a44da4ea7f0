package dev.trawl.aio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TaskGroupTest {

  @Test
  void groupWaitsForAllTasksBeforeReturning() {
    List<Task<Integer>> tasks =
        Aio.run(
            () ->
                Aio.taskGroup(
                    g ->
                        List.of(
                            g.createTask(
                                () -> {
                                  Aio.sleep(Duration.ofMillis(20));
                                  return 1;
                                }),
                            g.createTask(() -> 2))));
    assertThat(tasks).allMatch(Task::done);
    assertThat(tasks.get(0).result()).isEqualTo(1);
  }

  @Test
  void firstFailureCancelsSiblingsAndBodyAndCollectsErrors() {
    AtomicReference<Task<Integer>> sibling = new AtomicReference<>();
    AtomicReference<Boolean> bodyCancelled = new AtomicReference<>(false);
    Throwable thrown =
        catchRun(
            () ->
                Aio.taskGroup(
                    g -> {
                      sibling.set(g.createTask(() -> GatherTest.sleepLong()));
                      g.createTask(
                          () -> {
                            throw new IllegalStateException("child failed");
                          });
                      try {
                        Aio.sleep(Duration.ofMinutes(5));
                      } catch (CancelledException e) {
                        bodyCancelled.set(true);
                        throw e;
                      }
                      return null;
                    }));
    assertThat(thrown).isInstanceOf(TaskGroupException.class);
    assertThat(((TaskGroupException) thrown).exceptions())
        .singleElement()
        .satisfies(e -> assertThat(e).hasMessage("child failed"));
    assertThat(sibling.get().cancelled()).isTrue();
    assertThat(bodyCancelled.get()).isTrue();
  }

  @Test
  void bodyFailureIsCollectedWithTaskFailures() {
    Throwable thrown =
        catchRun(
            () ->
                Aio.taskGroup(
                    g -> {
                      g.createTask(() -> GatherTest.sleepLong());
                      throw new IOException("body failed");
                    }));
    assertThat(((TaskGroupException) thrown).exceptions())
        .singleElement()
        .isInstanceOf(IOException.class);
  }

  @Test
  void taskAfterGroupFailureCanCatchTheGroupErrorAndContinue() {
    String result =
        Aio.run(
            () -> {
              try {
                Aio.taskGroup(
                    g -> {
                      g.createTask(
                          () -> {
                            throw new IllegalStateException("x");
                          });
                      Aio.sleep(Duration.ofMinutes(5));
                      return null;
                    });
              } catch (TaskGroupException e) {
                // the group's own cancel of this task is withdrawn: waiting works again
                Aio.sleep(Duration.ofMillis(1));
                return "recovered";
              }
              return "not reached";
            });
    assertThat(result).isEqualTo("recovered");
  }

  @Test
  void outsideCancellationCancelsTasksAndPropagates() {
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Task<Integer>> child = new AtomicReference<>();
    try (EventLoop loop = EventLoop.newEventLoop()) {
      Task<Object> parent =
          loop.createTask(
              () ->
                  Aio.taskGroup(
                      g -> {
                        child.set(g.createTask(() -> GatherTest.sleepLong()));
                        started.countDown();
                        return null;
                      }));
      TaskTest.await(started);
      parent.cancel();
      assertThatThrownBy(parent::await).isInstanceOf(CancelledException.class);
      assertThat(child.get().cancelled()).isTrue();
    }
  }

  @Test
  void finishedGroupRejectsNewTasks() {
    Throwable thrown =
        catchRun(
            () -> {
              TaskGroup group = Aio.taskGroup(g -> g);
              return group.createTask(() -> 1);
            });
    assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("finished");
  }

  @Test
  void abortingGroupRejectsNewTasks() {
    AtomicReference<Throwable> late = new AtomicReference<>();
    catchRun(
        () ->
            Aio.taskGroup(
                g -> {
                  Task<Object> bad =
                      g.createTask(
                          () -> {
                            throw new IllegalStateException("x");
                          });
                  bad.awaitQuietly();
                  TaskTest.awaitCondition(() -> g.toString().contains("cancelling"));
                  try {
                    g.createTask(() -> 1);
                  } catch (IllegalStateException e) {
                    late.set(e);
                  }
                  return null;
                }));
    assertThat(late.get()).hasMessageContaining("shutting down");
  }

  @Test
  void groupOutsideATaskHasNoRunningLoop() {
    assertThatThrownBy(() -> Aio.taskGroup(g -> 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no running event loop");
  }

  private static Throwable catchRun(Callable<?> main) {
    try {
      Aio.run(main);
      return null;
    } catch (Throwable t) {
      return t;
    }
  }
}
