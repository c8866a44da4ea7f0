package dev.trawl.aio;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

@DisabledOnOs(OS.WINDOWS) // the commands are POSIX shell tools
class SubprocessTest {
  private final EventLoop loop = EventLoop.newEventLoop();

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  private static boolean alive(long pid) {
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    return h.isPresent() && h.get().isAlive();
  }

  @Test
  void awaitReturnsTheExitCode() throws IOException {
    assertThat(Aio.createSubprocessShell("exit 3").await()).isEqualTo(3);
    assertThat(Aio.createSubprocessExec("true").await()).isZero();
  }

  @Test
  void communicateFeedsStdinAndCollectsBothOutputs() throws IOException {
    Subprocess cat = Aio.createSubprocessExec("cat");
    Subprocess.Output out = cat.communicate("to cat and back".getBytes(UTF_8));
    assertThat(new String(out.stdout(), UTF_8)).isEqualTo("to cat and back");
    assertThat(out.stderr()).isEmpty();
    assertThat(cat.await()).isZero();

    Subprocess both = Aio.createSubprocessShell("echo out; echo err >&2; exit 5");
    Subprocess.Output o = both.communicate(null);
    assertThat(new String(o.stdout(), UTF_8)).isEqualTo("out\n");
    assertThat(new String(o.stderr(), UTF_8)).isEqualTo("err\n");
    assertThat(both.await()).isEqualTo(5);
  }

  @Test
  void communicateDoesNotDeadlockOnLargeOutputOnBothPipes() throws IOException {
    // far more than the pipes and the readers' flow control hold: both must be read together
    Subprocess p =
        Aio.createSubprocessShell(
            "head -c 1000000 /dev/zero; head -c 1000000 /dev/zero >&2; head -c 1000000 /dev/zero");
    Subprocess.Output o = p.communicate(null);
    assertThat(o.stdout()).hasSize(2_000_000);
    assertThat(o.stderr()).hasSize(1_000_000);
  }

  @Test
  void stdoutIsAStreamReaderAndStdinAStreamWriter() throws IOException {
    Subprocess p = Aio.createSubprocessExec("sh", "-c", "while read x; do echo \"got $x\"; done");
    p.stdin().write("a\nb\n".getBytes(UTF_8));
    p.stdin().drain();
    assertThat(p.stdout().readLine()).isEqualTo("got a");
    assertThat(p.stdout().readLine()).isEqualTo("got b");
    p.stdin().close();
    assertThat(p.stdout().readLine()).isNull();
    assertThat(p.await()).isZero();
    assertThat(p.pid()).isPositive();
    assertThat(p.toString()).isEqualTo("<Subprocess " + p.pid() + " returncode=0>");
  }

  @Test
  void cancellingATaskWaitingOnTheProcessKillsIt() throws IOException {
    Subprocess p = Aio.createSubprocessExec("sleep", "60");
    Task<Integer> waiter = loop.createTask(p::await);
    TaskTest.awaitState(waiter, Task.State.RUNNING);
    waiter.cancel();
    assertThatThrownBy(waiter::await).isInstanceOf(CancelledException.class);
    assertThat(alive(p.pid())).isFalse();
  }

  @Test
  void cancellingCommunicateKillsTheProcess() throws IOException {
    Subprocess p = Aio.createSubprocessExec("sleep", "60");
    Task<Subprocess.Output> waiter = loop.createTask(() -> p.communicate(null));
    TaskTest.awaitState(waiter, Task.State.RUNNING);
    waiter.cancel();
    assertThatThrownBy(waiter::await).isInstanceOf(CancelledException.class);
    assertThat(alive(p.pid())).isFalse();
  }

  @Test
  void aShieldedWaitKeepsTheProcessAlive() throws IOException {
    Subprocess p = Aio.createSubprocessExec("sleep", "60");
    Task<Integer> outer = loop.createTask(() -> Aio.shield(Aio.createTask(p::await)).await());
    TaskTest.awaitState(outer, Task.State.RUNNING);
    outer.cancel();
    assertThatThrownBy(outer::await).isInstanceOf(CancelledException.class);
    assertThat(alive(p.pid())).isTrue();
    p.terminate();
    assertThat(p.await()).isEqualTo(143); // 128 + SIGTERM
  }

  @Test
  void killStopsTheProcess() throws IOException {
    Subprocess p = Aio.createSubprocessExec("sleep", "60");
    p.kill();
    assertThat(p.await()).isEqualTo(137); // 128 + SIGKILL
  }

  @Test
  void discardedOrInheritedStreamsAreNotPipes() throws IOException {
    Subprocess p =
        Aio.createSubprocessShell(ProcessBuilder.Redirect.DISCARD, "echo dropped; cat; exit 0");
    assertThatThrownBy(p::stdout)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("stdout is not a pipe");
    assertThatThrownBy(p::stdin).isInstanceOf(IllegalStateException.class);
    Subprocess.Output o = p.communicate(null); // cat reads the null device: ends at once
    assertThat(o.stdout()).isNull();
    assertThat(o.stderr()).isNull();
    assertThat(p.await()).isZero();

    Subprocess custom =
        Aio.createSubprocessExec(
            new ProcessBuilder("sh", "-c", "echo out; echo err >&2")
                .redirectError(ProcessBuilder.Redirect.DISCARD));
    Subprocess.Output c = custom.communicate(null);
    assertThat(new String(c.stdout(), UTF_8)).isEqualTo("out\n");
    assertThat(c.stderr()).isNull();
    assertThatThrownBy(
            () ->
                Aio.createSubprocessExec(
                    ProcessBuilder.Redirect.appendTo(new java.io.File("x")), "true"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMissingProgramFailsToStart() {
    assertThatThrownBy(() -> Aio.createSubprocessExec("/nonexistent/program"))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> Aio.createSubprocessExec())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("command is empty");
  }
}
