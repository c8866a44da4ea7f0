package dev.trawl.aio;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.ExecutionException;

/**
 * A child process with its pipes as streams; asyncio's {@code asyncio.subprocess.Process}, returned
 * by {@link Aio#createSubprocessExec} and {@link Aio#createSubprocessShell}.
 *
 * <pre>{@code
 * Subprocess p = Aio.createSubprocessExec("git", "status", "--short");
 * Subprocess.Output out = p.communicate(null);
 * int code = p.await();
 * }</pre>
 *
 * <p><b>Pipes.</b> By default stdin, stdout and stderr are pipes, as with {@link ProcessBuilder}
 * (asyncio's default is to inherit the parent's streams; pass {@link
 * ProcessBuilder.Redirect#INHERIT} to get that). {@link #stdout()} and {@link #stderr()} are read
 * by a virtual thread each from the start, with {@link StreamReader}'s flow control: a child that
 * writes a lot waits until somebody reads. Read both, or use {@link #communicate}, or redirect one
 * to {@link ProcessBuilder.Redirect#DISCARD}.
 *
 * <p><b>Cancellation.</b> A task cancelled while it waits in {@link #await()} or {@link
 * #communicate} kills the process (SIGKILL on Unix) before it throws {@link CancelledException}:
 * asyncio would leave it running. To keep the process alive, wait in a shielded task:
 *
 * <pre>{@code
 * int code = Aio.shield(Aio.createTask(p::await)).await();
 * }</pre>
 *
 * <p>Thread safe.
 */
public final class Subprocess {
  private final Process process;
  private final StreamWriter stdin;
  private final StreamReader stdout;
  private final StreamReader stderr;

  /**
   * What {@link #communicate} read.
   *
   * @param stdout everything the process wrote to stdout, or null when stdout is not a pipe
   * @param stderr everything it wrote to stderr, or null when stderr is not a pipe
   */
  public record Output(byte[] stdout, byte[] stderr) {}

  private Subprocess(
      Process process, StreamWriter stdin, StreamReader stdout, StreamReader stderr) {
    this.process = process;
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  static Subprocess start(ProcessBuilder builder) throws IOException {
    boolean pipeIn = builder.redirectInput() == ProcessBuilder.Redirect.PIPE;
    boolean pipeOut = builder.redirectOutput() == ProcessBuilder.Redirect.PIPE;
    boolean pipeErr =
        builder.redirectError() == ProcessBuilder.Redirect.PIPE && !builder.redirectErrorStream();
    Process p = builder.start();
    String name = "pid " + p.pid();
    StreamWriter in =
        pipeIn
            ? new StreamWriter(Transport.of(p.getOutputStream(), name + " stdin"), name + " stdin")
            : null;
    StreamReader out = null;
    if (pipeOut) {
      out = new StreamReader(StreamReader.DEFAULT_LIMIT, name + " stdout");
      Transport.pump(p.getInputStream(), out, null, "aio-stdout " + name);
    }
    StreamReader err = null;
    if (pipeErr) {
      err = new StreamReader(StreamReader.DEFAULT_LIMIT, name + " stderr");
      Transport.pump(p.getErrorStream(), err, null, "aio-stderr " + name);
    }
    return new Subprocess(p, in, out, err);
  }

  /**
   * The process's standard input.
   *
   * @return the writer
   * @throws IllegalStateException if stdin is not a pipe
   */
  public StreamWriter stdin() {
    if (stdin == null) {
      throw new IllegalStateException("stdin is not a pipe: " + this);
    }
    return stdin;
  }

  /**
   * The process's standard output.
   *
   * @return the reader
   * @throws IllegalStateException if stdout is not a pipe
   */
  public StreamReader stdout() {
    if (stdout == null) {
      throw new IllegalStateException("stdout is not a pipe: " + this);
    }
    return stdout;
  }

  /**
   * The process's standard error.
   *
   * @return the reader
   * @throws IllegalStateException if stderr is not a pipe (also when merged into stdout)
   */
  public StreamReader stderr() {
    if (stderr == null) {
      throw new IllegalStateException("stderr is not a pipe: " + this);
    }
    return stderr;
  }

  /**
   * The process id; asyncio's {@code pid}.
   *
   * @return the pid
   */
  public long pid() {
    return process.pid();
  }

  /**
   * Waits until the process exits and returns its exit code; asyncio's {@code wait()}. On Unix a
   * process killed by signal N exits with 128 + N (asyncio reports -N).
   *
   * @return the exit code
   * @throws CancelledException if the calling task is cancelled while waiting; the process is
   *     killed first (see the class documentation)
   */
  public int await() {
    try {
      return process.onExit().get().exitValue();
    } catch (InterruptedException e) {
      killAndReap();
      throw Aio.cancelledHere();
    } catch (ExecutionException e) {
      throw new IllegalStateException("waiting for " + this + " failed", e.getCause());
    }
  }

  /**
   * Sends {@code input} (if not null) to stdin and closes it, reads stdout and stderr to their end
   * and waits for the process to exit; asyncio's {@code communicate(input)}. Everything read is
   * held in memory. A process that closes stdin early does not make this fail (asyncio ignores
   * {@code BrokenPipeError} too).
   *
   * @param input the bytes for stdin, or null
   * @return the bytes read from stdout and stderr (null for a stream that is not a pipe)
   * @throws IOException if reading a pipe failed
   * @throws IllegalStateException if input is given but stdin is not a pipe
   * @throws CancelledException if the calling task is cancelled; the process is killed first
   */
  public Output communicate(byte[] input) throws IOException {
    if (input != null && stdin == null) {
      throw new IllegalStateException("input given but stdin is not a pipe: " + this);
    }
    if (stdin != null) {
      if (input != null) {
        stdin.write(input);
      }
      stdin.close();
    }
    if (stdout != null) {
      stdout.unbounded();
    }
    if (stderr != null) {
      stderr.unbounded();
    }
    try {
      byte[] out = stdout == null ? null : stdout.read(-1);
      byte[] err = stderr == null ? null : stderr.read(-1);
      await();
      return new Output(out, err);
    } catch (CancelledException e) {
      killAndReap();
      throw e;
    }
  }

  /** Asks the process to stop: SIGTERM on Unix; asyncio's {@code terminate()}. */
  public void terminate() {
    process.destroy();
  }

  /** Stops the process: SIGKILL on Unix; asyncio's {@code kill()}. */
  public void kill() {
    process.destroyForcibly();
  }

  private void killAndReap() {
    process.destroyForcibly();
    boolean interrupted = false;
    while (true) {
      try {
        process.onExit().get();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException e) {
        break;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * asyncio's repr: {@code <Subprocess 1234 running>} or {@code <Subprocess 1234 returncode=0>}.
   */
  @Override
  public String toString() {
    String state = process.isAlive() ? "running" : "returncode=" + process.exitValue();
    return String.format(Locale.ROOT, "<Subprocess %d %s>", process.pid(), state);
  }
}
