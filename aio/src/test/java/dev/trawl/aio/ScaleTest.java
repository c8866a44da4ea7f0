package dev.trawl.aio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleTest {

  @Test
  void hundredThousandSleepingTasksRunConcurrently() {
    int n = 100_000;
    long start = System.nanoTime();
    long sum =
        Aio.run(
            () -> {
              List<Task<Integer>> tasks = new ArrayList<>(n);
              for (int i = 0; i < n; i++) {
                tasks.add(
                    Aio.createTask(
                        () -> {
                          Aio.sleep(Duration.ofSeconds(1));
                          return 1;
                        }));
              }
              long s = 0;
              for (int v : Aio.gather(tasks)) {
                s += v;
              }
              return s;
            });
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(sum).isEqualTo(n);
    // Serially this would take 100 000 s; concurrently about 1 s plus creation on 2 busy cores.
    assertThat(took).isLessThan(Duration.ofSeconds(30));
  }
}
