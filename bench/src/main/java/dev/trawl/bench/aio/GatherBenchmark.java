package dev.trawl.bench.aio;

import dev.trawl.aio.Aio;
import dev.trawl.aio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Start 10 000 trivial tasks and collect every result: {@code Aio.gather} against joins. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GatherBenchmark extends LoopState {
  private static final int TASKS = 10_000;

  @Benchmark
  public List<Integer> aioGather10k() {
    List<Task<Integer>> tasks = new ArrayList<>(TASKS);
    for (int i = 0; i < TASKS; i++) {
      int n = i;
      tasks.add(loop.createTask(() -> n));
    }
    return Aio.gather(tasks);
  }

  @Benchmark
  public int[] bareVirtualThreads10k() throws InterruptedException {
    int[] results = new int[TASKS];
    Thread[] threads = new Thread[TASKS];
    for (int i = 0; i < TASKS; i++) {
      int n = i;
      threads[i] = Thread.ofVirtual().start(() -> results[n] = n);
    }
    for (Thread t : threads) {
      t.join();
    }
    return results;
  }
}
