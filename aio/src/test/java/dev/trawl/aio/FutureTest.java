package dev.trawl.aio;

import static dev.trawl.aio.TaskTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FutureTest {
  private final EventLoop loop = EventLoop.newEventLoop();

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  @Test
  void newFutureIsPendingAndHasNoResultYet() {
    Future<String> f = loop.createFuture();
    assertThat(f.state()).isEqualTo(Future.State.PENDING);
    assertThat(f.done()).isFalse();
    assertThat(f.loop()).isSameAs(loop);
    assertThatThrownBy(f::result)
        .isInstanceOf(InvalidStateException.class)
        .hasMessage("result is not ready: <Future pending>");
    assertThatThrownBy(f::exception).isInstanceOf(InvalidStateException.class);
    assertThat(f).hasToString("<Future pending>");
  }

  @Test
  void setResultFinishesTheFutureOnce() {
    Future<String> f = loop.createFuture();
    f.setResult("ok");
    assertThat(f.state()).isEqualTo(Future.State.FINISHED);
    assertThat(f.result()).isEqualTo("ok");
    assertThat(f.exception()).isNull();
    assertThat(f.await()).isEqualTo("ok");
    assertThat(f).hasToString("<Future finished result='ok'>");
    assertThatThrownBy(() -> f.setResult("again"))
        .isInstanceOf(InvalidStateException.class)
        .hasMessage("invalid state: <Future finished result='ok'>");
    assertThatThrownBy(() -> f.setException(new IOException("late")))
        .isInstanceOf(InvalidStateException.class);
    assertThat(f.cancel()).isFalse();
  }

  @Test
  void setExceptionIsRethrownUncheckedAsIsAndCheckedWrapped() {
    Future<Integer> unchecked = loop.createFuture();
    IllegalArgumentException bad = new IllegalArgumentException("bad");
    unchecked.setException(bad);
    assertThatThrownBy(unchecked::result).isSameAs(bad);
    assertThat(unchecked.exception()).isSameAs(bad);
    assertThat(unchecked)
        .hasToString("<Future finished exception=java.lang.IllegalArgumentException: bad>");

    Future<Integer> checked = loop.createFuture();
    IOException io = new IOException("io");
    checked.setException(io);
    assertThatThrownBy(checked::await)
        .isInstanceOf(TaskFailedException.class)
        .hasCause(io)
        .satisfies(e -> assertThat(((TaskFailedException) e).future()).isSameAs(checked))
        .satisfies(e -> assertThat(((TaskFailedException) e).task()).isNull());
  }

  @Test
  void cancelMakesItCancelledAtOnceWithTheMessage() {
    Future<Integer> f = loop.createFuture();
    assertThat(f.cancel("no longer needed")).isTrue();
    assertThat(f.cancelled()).isTrue();
    assertThat(f.done()).isTrue();
    assertThat(f).hasToString("<Future cancelled>");
    assertThatThrownBy(f::result)
        .isInstanceOf(CancelledException.class)
        .hasMessage("no longer needed");
    assertThatThrownBy(f::exception).isInstanceOf(CancelledException.class);
    assertThat(f.cancel()).isFalse();
    assertThatThrownBy(() -> f.setResult(1)).isInstanceOf(InvalidStateException.class);
  }

  @Test
  void awaitBlocksUntilAnotherTaskSetsTheResult() {
    Future<String> f = loop.createFuture();
    Task<String> waiter = loop.createTask(f::await);
    TaskTest.awaitState(waiter, Task.State.RUNNING);
    assertThat(waiter.done()).isFalse();
    f.setResult("hi");
    assertThat(waiter.await()).isEqualTo("hi");
  }

  @Test
  void cancellingTheAwaitingTaskCancelsTheFuture() {
    Future<String> f = loop.createFuture();
    CountDownLatch started = new CountDownLatch(1);
    Task<String> waiter =
        loop.createTask(
            () -> {
              started.countDown();
              return f.await();
            });
    await(started);
    waiter.cancel();
    assertThatThrownBy(waiter::await).isInstanceOf(CancelledException.class);
    assertThat(f.cancelled()).isTrue();
  }

  @Test
  void doneCallbacksRunInOrderWithTheFutureAndLateOnesRunAtOnce() {
    Future<Integer> f = loop.createFuture();
    List<String> calls = new CopyOnWriteArrayList<>();
    f.addDoneCallback(x -> calls.add("first " + x.result()));
    f.addDoneCallback(x -> calls.add("second " + x.result()));
    f.setResult(3);
    assertThat(calls).containsExactly("first 3", "second 3");
    f.addDoneCallback(x -> calls.add("late " + x.result()));
    assertThat(calls).containsExactly("first 3", "second 3", "late 3");
  }

  @Test
  void removeDoneCallbackRemovesEveryRegistration() {
    Future<Integer> f = loop.createFuture();
    List<String> calls = new CopyOnWriteArrayList<>();
    java.util.function.Consumer<Future<Integer>> cb = x -> calls.add("cb");
    f.addDoneCallback(cb);
    f.addDoneCallback(cb);
    f.addDoneCallback(x -> calls.add("other"));
    assertThat(f.removeDoneCallback(cb)).isEqualTo(2);
    f.setResult(1);
    assertThat(calls).containsExactly("other");
  }

  @Test
  void aFailingCallbackGoesToTheExceptionHandlerAndTheOthersStillRun() {
    List<EventLoop.ExceptionContext> reported = new CopyOnWriteArrayList<>();
    loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
    Future<Integer> f = loop.createFuture();
    List<String> calls = new CopyOnWriteArrayList<>();
    IllegalStateException bug = new IllegalStateException("callback bug");
    f.addDoneCallback(
        x -> {
          throw bug;
        });
    f.addDoneCallback(x -> calls.add("ran"));
    f.setResult(1);
    assertThat(calls).containsExactly("ran");
    assertThat(reported).hasSize(1);
    assertThat(reported.get(0).exception()).isSameAs(bug);
    assertThat(reported.get(0).future()).isSameAs(f);
  }

  @Test
  void taskIsAFutureWhoseOutcomeOnlyItsBodySets() {
    Task<Integer> task = loop.createTask(() -> 1);
    Future<Integer> asFuture = task;
    assertThatThrownBy(() -> asFuture.setResult(2))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("Task does not support setResult");
    assertThatThrownBy(() -> asFuture.setException(new IOException()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(asFuture.await()).isEqualTo(1);
  }

  @Test
  void gatherWaitAndWaitForAcceptPlainFutures() throws Exception {
    Future<Integer> a = loop.createFuture();
    Future<Integer> b = loop.createFuture();
    Task<List<Integer>> gathered = loop.createTask(() -> Aio.gather(a, b));
    b.setResult(2);
    a.setResult(1);
    assertThat(gathered.await()).containsExactly(1, 2);

    Future<String> slow = loop.createFuture();
    Future<String> fast = loop.createFuture();
    fast.setResult("fast");
    WaitResult<Future<String>> r =
        Aio.wait(List.of(slow, fast), ReturnWhen.FIRST_COMPLETED, Duration.ofSeconds(10));
    assertThat(r.done()).containsExactly(fast);
    assertThat(r.pending()).containsExactly(slow);

    assertThatThrownBy(() -> Aio.waitFor(slow, Duration.ofMillis(20)))
        .isInstanceOf(TimeoutException.class);
    assertThat(slow.cancelled()).isTrue();
  }

  @Test
  void asCompletedYieldsPlainFuturesInCompletionOrder() {
    Future<String> first = loop.createFuture();
    Future<String> second = loop.createFuture();
    Iterable<Future<String>> completed = Aio.asCompleted(List.of(first, second));
    second.setResult("b");
    first.setResult("a");
    List<Future<String>> order = new java.util.ArrayList<>();
    for (Future<String> f : completed) {
      order.add(f);
    }
    assertThat(order).containsExactly(second, first);
  }

  @Test
  void shieldedFutureSurvivesCancellingTheShield() {
    Future<String> inner = loop.createFuture();
    Future<String> outer = Aio.shield(inner);
    assertThat(outer).isNotSameAs(inner);
    outer.cancel();
    assertThat(inner.done()).isFalse();
    Future<String> second = Aio.shield(inner);
    inner.setResult("kept");
    assertThat(second.result()).isEqualTo("kept");
  }

  @Test
  void ensureFutureReturnsAFutureUnchanged() {
    Future<String> f = loop.createFuture();
    assertThat(Aio.ensureFuture(f)).isSameAs(f);
  }

  @Test
  void toCompletableFutureFollowsTheFutureAndCancelsItBack() throws Exception {
    Future<String> f = loop.createFuture();
    CompletableFuture<String> cf = f.toCompletableFuture();
    assertThat(cf).isNotDone();
    f.setResult("v");
    assertThat(cf.get(10, TimeUnit.SECONDS)).isEqualTo("v");

    Future<String> failing = loop.createFuture();
    CompletableFuture<String> failed = failing.toCompletableFuture();
    IOException io = new IOException("io");
    failing.setException(io);
    assertThatThrownBy(failed::get).isInstanceOf(ExecutionException.class).hasCause(io);

    Future<String> cancelledFromJava = loop.createFuture();
    cancelledFromJava.toCompletableFuture().cancel(false);
    assertThat(cancelledFromJava.cancelled()).isTrue();

    Task<String> task = loop.createTask(() -> "t");
    assertThat(task.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("t");
  }

  @Test
  void wrapFutureCompletesWithTheStageAndUnwrapsItsException() {
    CompletableFuture<String> ok = new CompletableFuture<>();
    CompletableFuture<String> bad = new CompletableFuture<>();
    Task<List<Object>> task =
        loop.createTask(
            () -> {
              Future<String> a = Aio.wrapFuture(ok);
              Future<String> b = Aio.wrapFuture(bad.thenApply(s -> s));
              ok.complete("fine");
              bad.completeExceptionally(new IllegalStateException("broken"));
              b.awaitQuietly();
              return List.of(a.await(), b.exception());
            });
    List<Object> got = task.await();
    assertThat(got.get(0)).isEqualTo("fine");
    assertThat((Throwable) got.get(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("broken");
  }

  @Test
  void cancellingAWrappedFutureCancelsTheCompletableFuture() {
    CompletableFuture<String> cf = new CompletableFuture<>();
    Future<String> wrapped = loop.runUntilComplete(() -> Aio.wrapFuture(cf));
    wrapped.cancel();
    assertThat(cf).isCancelled();
    CompletableFuture<String> other = new CompletableFuture<>();
    Future<String> follows = loop.runUntilComplete(() -> Aio.wrapFuture(other));
    other.cancel(false);
    assertThat(follows.cancelled()).isTrue();
  }

  @Test
  void wrapFutureNeedsARunningLoop() {
    assertThatThrownBy(() -> Aio.wrapFuture(new CompletableFuture<>()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no running event loop");
  }

  @Test
  void runUntilCompleteTakesAPlainFuture() {
    Future<String> f = loop.createFuture();
    loop.callLater(Duration.ofMillis(10), () -> f.setResult("from a callback"));
    assertThat(loop.runUntilComplete(f)).isEqualTo("from a callback");
  }
}
