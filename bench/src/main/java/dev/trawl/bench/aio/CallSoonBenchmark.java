package dev.trawl.bench.aio;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Loop callbacks per second: schedule 10 000 {@code callSoon} callbacks, then run them with {@code
 * runForever} until the last one stops the loop. Reported per callback.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CallSoonBenchmark extends LoopState {
  private static final int CALLBACKS = 10_000;
  private long sum;

  @Benchmark
  @OperationsPerInvocation(CALLBACKS)
  public long callSoonAndRun() {
    for (int i = 0; i < CALLBACKS - 1; i++) {
      int n = i;
      loop.callSoon(() -> sum += n);
    }
    loop.callSoon(loop::stop);
    loop.runForever();
    return sum;
  }

  /** The same callbacks scheduled from another thread while the loop runs (callSoonThreadsafe). */
  @Benchmark
  @OperationsPerInvocation(CALLBACKS)
  public long callSoonThreadsafeFromAnotherThread() throws InterruptedException {
    Thread producer =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (int i = 0; i < CALLBACKS - 1; i++) {
                    int n = i;
                    loop.callSoonThreadsafe(() -> sum += n);
                  }
                  loop.callSoonThreadsafe(loop::stop);
                });
    loop.runForever();
    producer.join();
    return sum;
  }
}
