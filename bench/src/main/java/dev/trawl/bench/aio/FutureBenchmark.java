package dev.trawl.bench.aio;

import dev.trawl.aio.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * An aio {@link Future} against a {@link CompletableFuture}: create, set, await on one thread (the
 * cost of the object and its state machine), and set by a new virtual thread while the caller waits
 * (the hand-off).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FutureBenchmark extends LoopState {

  @Benchmark
  public Integer aioFutureSetThenAwait() {
    Future<Integer> f = loop.createFuture();
    f.setResult(1);
    return f.await();
  }

  @Benchmark
  public Integer completableFutureCompleteThenJoin() {
    CompletableFuture<Integer> f = new CompletableFuture<>();
    f.complete(1);
    return f.join();
  }

  @Benchmark
  public Integer aioFutureSetByAnotherThread() {
    Future<Integer> f = loop.createFuture();
    Thread.ofVirtual().start(() -> f.setResult(1));
    return f.await();
  }

  @Benchmark
  public Integer completableFutureCompletedByAnotherThread() {
    CompletableFuture<Integer> f = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> f.complete(1));
    return f.join();
  }
}
