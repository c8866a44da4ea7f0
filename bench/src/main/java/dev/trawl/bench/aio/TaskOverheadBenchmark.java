package dev.trawl.bench.aio;

import dev.trawl.aio.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Per-task overhead: start one unit of trivial work on a new virtual thread and wait for it. aio's
 * {@code createTask + await} against a bare {@code Thread.ofVirtual().start() + join()} and {@code
 * CompletableFuture.supplyAsync} on a virtual-thread-per-task executor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TaskOverheadBenchmark {
  private EventLoop loop;
  private ExecutorService virtualThreads;
  private int counter;

  @Setup
  public void setUp() {
    loop = EventLoop.newEventLoop();
    virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
  }

  @TearDown
  public void tearDown() {
    loop.close();
    virtualThreads.close();
  }

  @Benchmark
  public Integer aioCreateTaskAwait() {
    int n = counter++;
    return loop.createTask(() -> n + 1).await();
  }

  @Benchmark
  public int bareVirtualThreadStartJoin() throws InterruptedException {
    int n = counter++;
    int[] box = new int[1];
    Thread t = Thread.ofVirtual().start(() -> box[0] = n + 1);
    t.join();
    return box[0];
  }

  @Benchmark
  public Integer completableFutureSupplyAsync() {
    int n = counter++;
    return CompletableFuture.supplyAsync(() -> n + 1, virtualThreads).join();
  }
}
