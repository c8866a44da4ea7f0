package dev.trawl.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.aio.Task;
import dev.trawl.demo.DemoGallery;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Runs each example and checks what the article says it shows. Timing bounds are generous. */
class ExamplesTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private List<String> lines() {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void asyncFunctionReturnsAnObjectAndRunsNothing() {
    AsyncFunction.Shown shown = AsyncFunction.demo(out);
    assertThat(shown.ran()).isFalse();
    assertThat(lines()).doesNotContain("Asynchronous functions");
  }

  @Test
  void runUntilCompleteRunsTheCoroutineAndReturnsItsValue() {
    assertThat(RunUntilComplete.demo(out)).isEqualTo(4);
    assertThat(lines()).containsExactly("Asynchronous functions", "4");
  }

  @Test
  void aioRunPrintsHelloThenWorld() {
    long millis = HelloWorld.demo(out);
    assertThat(lines()).containsExactly("hello", "world");
    assertThat(millis).isGreaterThanOrEqualTo(100);
  }

  @Test
  void serialAwaitsTakeAboutTheSum() {
    SerialAwait.Run run = SerialAwait.demo(out);
    assertThat(run.results()).containsExactly(1, 2);
    assertThat(run.millis()).isGreaterThanOrEqualTo(300);
    assertThat(lines()).startsWith("Task 1", "Recovery mission 1", "Task 2", "Recovery mission 2");
  }

  @Test
  void gatherTakesAboutTheLongestAndKeepsArgumentOrder() {
    GatherExample.Run run = GatherExample.demo(out);
    assertThat(run.results()).containsExactly(1, 2);
    assertThat(run.millis()).isGreaterThanOrEqualTo(200L);
    // task 2 sleeps less, so it resumes first: the two ran at the same time (serially, task 1
    // would resume first); an upper time bound failed on a loaded machine
    assertThat(lines().indexOf("Recovery mission 2"))
        .isLessThan(lines().indexOf("Recovery mission 1"));
  }

  @Test
  void waitTakesAboutTheLongestAndReturnsDoneAndPending() {
    WaitExample.Run run = WaitExample.demo(out);
    assertThat(run.result().done()).hasSize(2).allMatch(Task::done);
    assertThat(run.result().pending()).isEmpty();
    assertThat(run.millis()).isGreaterThanOrEqualTo(200L);
    assertThat(lines().indexOf("Recovery mission 2"))
        .isLessThan(lines().indexOf("Recovery mission 1"));
  }

  @Test
  void waitFirstExceptionReturnsAtTheFailureWithTheSlowTaskPending() {
    WaitFirstException.Run run = WaitFirstException.demo(out);
    assertThat(run.result().done()).containsExactly(run.crashing());
    assertThat(run.crashing().exception()).hasMessage("task 2 crashed");
    assertThat(run.result().pending()).hasSize(1);
    assertThat(run.millis())
        .isGreaterThanOrEqualTo(100L); // the pending task shows it returned early
  }

  @Test
  void createTaskAndEnsureFutureRunConcurrently() {
    CreateTaskExample.Run run = CreateTaskExample.demo(out);
    assertThat(run.results()).containsExactly(1, 2);
    assertThat(run.millis()).isGreaterThanOrEqualTo(200L);
    assertThat(lines().indexOf("Recovery mission 2"))
        .isLessThan(lines().indexOf("Recovery mission 1"));
  }

  @Test
  void tasksAreNotDoneBeforeAwaitAndDoneWithResultsAfter() {
    TaskStates.Shown shown = TaskStates.demo(out);
    assertThat(shown.before()).doesNotContain(Task.State.FINISHED, Task.State.CANCELLED);
    assertThat(shown.doneBefore()).containsExactly(false, false);
    assertThat(shown.doneAfter()).containsExactly(true, true);
    assertThat(shown.results()).containsExactly(1, 2);
    assertThat(shown.reprs().get(0)).startsWith("<Task finished name='Task-").endsWith("result=1>");
  }

  @Test
  void resultBeforeDoneFailsAndCallbacksGetTheTaskAndTheBoundArgument() {
    DoneCallback.Shown shown = DoneCallback.demo(out);
    assertThat(shown.earlyResultError()).startsWith("result is not ready");
    assertThat(shown.result()).isEqualTo(200);
    assertThat(shown.callbackLines())
        .containsExactly("Callbacks: 200", "Callbacks: https://example.org/ -> 200");
  }

  @Test
  void closedLoopThrowsEventLoopIsClosed() {
    CloseLoop.Shown shown = CloseLoop.demo(out);
    assertThat(shown.result()).isEqualTo(4);
    assertThat(shown.closed()).isTrue();
    assertThat(shown.errorAfterClose()).isEqualTo("event loop is closed");
  }

  @Test
  void batchesRunOneLoopEachAndFetchEveryPage() {
    BatchedLoops.Run run = BatchedLoops.demo(out);
    assertThat(run.batches()).hasSize(4);
    assertThat(run.batches().stream().mapToInt(List::size).sum()).isEqualTo(16);
    // the fetches of a batch overlap (a timed bound failed on a loaded machine)
    assertThat(run.mostInFlight()).isBetween(2, 5);
  }

  @Test
  void theArticlesCrawlerSavesEveryFullSizePictureOfTheDemoGallery(@TempDir Path dir)
      throws Exception {
    try (DemoGallery gallery =
        DemoGallery.builder().pages(16).worksPerPage(4).latency(Duration.ZERO).start()) {
      int saved = new ArticleCrawler(gallery.baseUri(), dir.resolve("imgs"), out).run(16);
      assertThat(saved).isEqualTo(gallery.workIds().size()).isEqualTo(64);
      for (String id : gallery.workIds()) {
        assertThat(dir.resolve("imgs").resolve("thumbMid_" + id + ".jpg"))
            .hasBinaryContent(gallery.fullImage(id));
      }
      assertThat(lines()).filteredOn(l -> l.startsWith("Prepare for capture: ")).hasSize(16);
    }
  }

  @Test
  void echoServerAnswersEveryClient() {
    List<String> replies = EchoServer.demo(20, out);
    assertThat(replies).hasSize(20);
    for (int i = 0; i < 20; i++) {
      assertThat(replies.get(i)).isEqualTo("Hello World " + i);
    }
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void subprocessPipelineCountsTheWords() {
    List<String> counts =
        SubprocessPipeline.demo(List.of("pear", "apple", "pear", "fig", "apple", "pear"), out);
    assertThat(counts).containsExactly("2 apple", "1 fig", "3 pear");
    assertThat(lines()).contains("exit codes [0, 0, 0]");
  }
}
