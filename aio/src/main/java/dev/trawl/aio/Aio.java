package dev.trawl.aio;

import dev.trawl.aio.internal.BlockingPool;
import dev.trawl.aio.internal.Interrupts;
import dev.trawl.aio.internal.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The front door of aio: asyncio's programming model on Java virtual threads.
 *
 * <pre>{@code
 * int sum = Aio.run(() -> {
 *   Task<Integer> a = Aio.createTask(() -> { Aio.sleep(Duration.ofMillis(200)); return 1; });
 *   Task<Integer> b = Aio.createTask(() -> { Aio.sleep(Duration.ofMillis(100)); return 2; });
 *   List<Integer> both = Aio.gather(a, b);          // about 200 ms, not 300
 *   return both.get(0) + both.get(1);
 * });
 * }</pre>
 *
 * <p><b>Where Java differs from asyncio.</b>
 *
 * <ul>
 *   <li>Tasks run <em>in parallel</em>, each on its own virtual thread, so data shared between
 *       tasks needs thread-safe types or locks (use {@code ReentrantLock} or the aio primitives,
 *       not {@code synchronized}, around blocking code: virtual threads pin on monitors before JDK
 *       24).
 *   <li>A task starts running when it is created; there is no "coroutine object" that waits to be
 *       scheduled. A {@link java.util.concurrent.Callable} plays the part of the coroutine
 *       function.
 *   <li>Cancellation is an interrupt of the task's thread, honoured at interruptible points: aio
 *       waits and {@link #sleep}, socket I/O on virtual threads, {@code Thread.sleep}, {@code
 *       Lock.lockInterruptibly} and so on. A CPU loop that never blocks is not cancelled; poll
 *       {@code Thread.currentThread().isInterrupted()} in it. aio waits turn the interrupt into a
 *       {@link CancelledException} and consume it, exactly once, like asyncio delivering {@code
 *       CancelledError}.
 *   <li>Code that catches {@code Exception} must rethrow {@link CancelledException} (and restore
 *       the interrupt if it catches {@link InterruptedException}); otherwise the cancellation is
 *       lost, as when Python code swallows {@code CancelledError}.
 *   <li>Awaiting a task ({@link Task#await()}, {@link #gather}, {@link #waitFor}) while being
 *       cancelled cancels the awaited task too, as {@code await} does; {@link #shield} prevents it.
 *   <li>Accessors that report a task's outcome ({@link Task#result()}, {@link Task#await()}, {@link
 *       #gather}, {@link #run}) rethrow unchecked exceptions as they are and wrap checked ones in
 *       {@link TaskFailedException}. Helpers that run code on the caller's behalf ({@link
 *       #timeout}, {@link #toThread}) rethrow its exceptions unchanged.
 * </ul>
 *
 * <p>All methods are thread safe. Methods that need a current loop ({@link #createTask}, {@link
 * #taskGroup}, {@link #timeout}) throw {@link IllegalStateException} "no running event loop" when
 * called outside a task.
 */
public final class Aio {
  private Aio() {}

  /**
   * Runs {@code main} as the first task of a new {@link EventLoop}, waits for it, then cancels and
   * awaits every task still pending and closes the loop; asyncio's {@code asyncio.run}.
   *
   * <pre>{@code
   * public static void main(String[] args) {
   *   String page = Aio.run(() -> fetch("https://example.org/"));
   * }
   * }</pre>
   *
   * @param <T> the result type
   * @param main the first task's body
   * @return main's value
   * @throws CancelledException if main was cancelled (also when the calling thread is interrupted)
   * @throws TaskFailedException wrapping a checked exception of main; unchecked ones are rethrown
   * @throws IllegalStateException when called from a task
   */
  public static <T> T run(Callable<T> main) {
    Objects.requireNonNull(main, "main");
    if (EventLoop.insideLoop()) {
      throw new IllegalStateException("Aio.run() cannot be called from a running event loop");
    }
    EventLoop loop = EventLoop.newEventLoop();
    try {
      return loop.runUntilComplete(main);
    } finally {
      loop.close();
    }
  }

  /**
   * Starts {@code body} as a new task on the current loop; asyncio's {@code create_task}. The task
   * runs at once, in parallel with the caller. Keep the returned task and await it (or use a {@link
   * TaskGroup}): its failure is only reported to whoever reads the result.
   *
   * @param <T> the result type
   * @param body the task's body
   * @return the running task
   * @throws IllegalStateException "no running event loop" outside a task, "event loop is closed"
   */
  public static <T> Task<T> createTask(Callable<T> body) {
    return EventLoop.current().createTask(body);
  }

  /**
   * As {@link #createTask(Callable)}, with a name for {@link Task#name()} and toString.
   *
   * @param <T> the result type
   * @param name the task's name, or null for {@code Task-<n>}
   * @param body the task's body
   * @return the running task
   */
  public static <T> Task<T> createTask(String name, Callable<T> body) {
    return EventLoop.current().createTask(name, body);
  }

  /**
   * Returns {@code task} unchanged; asyncio's {@code ensure_future} of a task.
   *
   * @param <T> the result type
   * @param task a task
   * @return {@code task}
   */
  public static <T> Task<T> ensureFuture(Task<T> task) {
    return Objects.requireNonNull(task, "task");
  }

  /**
   * Returns {@code future} unchanged; asyncio's {@code ensure_future} of a future.
   *
   * @param <T> the result type
   * @param future a future
   * @return {@code future}
   */
  public static <T> Future<T> ensureFuture(Future<T> future) {
    return Objects.requireNonNull(future, "future");
  }

  /**
   * Wraps {@code body} in a task on the current loop, as {@link #createTask(Callable)}.
   *
   * @param <T> the result type
   * @param body the task's body
   * @return the running task
   */
  public static <T> Task<T> ensureFuture(Callable<T> body) {
    return createTask(body);
  }

  /**
   * A {@link Future} of the current loop that completes as {@code stage} does; asyncio's {@code
   * wrap_future}. Cancelling the returned future cancels {@code stage} when it is a {@link
   * java.util.concurrent.Future} (such as a {@code CompletableFuture}); a cancelled {@code stage}
   * cancels the returned future. A {@link java.util.concurrent.CompletionException} is unwrapped.
   *
   * <pre>{@code
   * String body = Aio.wrapFuture(httpClient.sendAsync(request, ofString())).await().body();
   * }</pre>
   *
   * @param <T> the result type
   * @param stage the stage to follow
   * @return a future of the current loop
   * @throws IllegalStateException "no running event loop" outside a task or callback
   */
  public static <T> Future<T> wrapFuture(CompletionStage<T> stage) {
    Objects.requireNonNull(stage, "stage");
    Future<T> future = EventLoop.current().createFuture();
    if (stage instanceof java.util.concurrent.Future<?> jf) {
      future.whenDone(
          f -> {
            if (f.cancelled()) {
              jf.cancel(true);
            }
          });
    }
    stage.whenComplete(
        (value, error) -> {
          if (future.done()) {
            return;
          }
          Throwable cause = error;
          while (cause instanceof java.util.concurrent.CompletionException
              && cause.getCause() != null) {
            cause = cause.getCause();
          }
          if (cause instanceof java.util.concurrent.CancellationException) {
            future.cancel();
          } else if (cause != null) {
            future.complete(Future.State.FINISHED, null, cause);
          } else {
            future.complete(Future.State.FINISHED, value, null);
          }
        });
    return future;
  }

  /**
   * The current loop's tasks that are not yet done; asyncio's {@code all_tasks()}.
   *
   * @return a new set; empty when every task is done
   */
  public static Set<Task<?>> allTasks() {
    return EventLoop.current().tasks();
  }

  /**
   * The task whose body runs on the calling thread; asyncio's {@code current_task()}.
   *
   * @return the current task, or empty outside a task
   */
  public static Optional<Task<?>> currentTask() {
    return Optional.ofNullable(Task.current());
  }

  /**
   * Sleeps for {@code delay}; {@link Duration#ZERO} just yields to other threads.
   *
   * @param delay how long to sleep; zero yields
   * @throws CancelledException if the calling task is cancelled (its thread interrupted)
   * @throws IllegalArgumentException if delay is negative
   */
  public static void sleep(Duration delay) {
    long nanos = nanos(delay, "delay");
    if (nanos == 0) {
      Thread.yield();
      if (Thread.interrupted()) {
        throw cancelledHere();
      }
      return;
    }
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      throw cancelledHere();
    }
  }

  /**
   * Waits for all futures (tasks or others) and returns their values in argument order; asyncio's
   * {@code gather}. The first one to fail (or be cancelled) makes this call throw its exception as
   * {@link Future#result()} does, while the others keep running. If the caller is cancelled while
   * waiting, every future is cancelled, awaited, and {@link CancelledException} is thrown.
   *
   * @param <T> the common type of the values
   * @param tasks the tasks or futures
   * @return their values in argument order
   */
  @SafeVarargs
  public static <T> List<T> gather(Future<? extends T>... tasks) {
    return Waits.gather(Arrays.asList(tasks));
  }

  /**
   * As {@link #gather(Future[])} for a collection.
   *
   * @param <T> the common type of the values
   * @param tasks the tasks or futures
   * @return their values in argument order
   */
  public static <T> List<T> gather(Collection<? extends Future<? extends T>> tasks) {
    return Waits.gather(tasks);
  }

  /**
   * Waits for all tasks and returns every outcome in argument order, failures included; asyncio's
   * {@code gather(..., return_exceptions=True)}. A cancelled task gives a {@link Outcome.Failure}
   * with a {@link CancelledException}. Cancelling the caller cancels the tasks, as in {@link
   * #gather(Future[])}.
   *
   * @param <T> the common type of the values
   * @param tasks the tasks or futures
   * @return one outcome per argument, in argument order
   */
  @SafeVarargs
  public static <T> List<Outcome<T>> gatherSettled(Future<? extends T>... tasks) {
    return Waits.gatherSettled(Arrays.asList(tasks));
  }

  /**
   * As {@link #gatherSettled(Future[])} for a collection.
   *
   * @param <T> the common type of the values
   * @param tasks the tasks or futures
   * @return one outcome per argument, in argument order
   */
  public static <T> List<Outcome<T>> gatherSettled(
      Collection<? extends Future<? extends T>> tasks) {
    return Waits.gatherSettled(tasks);
  }

  /**
   * As {@link #wait(Collection, ReturnWhen)} with {@link ReturnWhen#ALL_COMPLETED}.
   *
   * @param <F> the type of the futures
   * @param tasks the tasks or futures; not empty
   * @return the done and the pending ones
   */
  public static <F extends Future<?>> WaitResult<F> wait(Collection<? extends F> tasks) {
    return Waits.wait(tasks, ReturnWhen.ALL_COMPLETED, -1);
  }

  /**
   * Waits until {@code returnWhen} is met and returns the {@code (done, pending)} sets; asyncio's
   * {@code wait}. Takes tasks or any other futures; the sets hold them with their own type. Never
   * cancels them, also when the caller is cancelled.
   *
   * <pre>{@code
   * WaitResult<Task<String>> r = Aio.wait(List.of(t1, t2), ReturnWhen.FIRST_COMPLETED);
   * }</pre>
   *
   * @param <F> the type of the futures
   * @param tasks the tasks or futures; not empty
   * @param returnWhen when to return
   * @return the done and the pending ones
   * @throws IllegalArgumentException if {@code tasks} is empty
   * @throws CancelledException if the caller is cancelled while waiting
   */
  public static <F extends Future<?>> WaitResult<F> wait(
      Collection<? extends F> tasks, ReturnWhen returnWhen) {
    return Waits.wait(tasks, returnWhen, -1);
  }

  /**
   * As {@link #wait(Collection, ReturnWhen)}, returning after at most {@code timeout}: a timeout
   * neither throws nor cancels, the unfinished tasks are simply in {@code pending}.
   *
   * @param <F> the type of the futures
   * @param tasks the tasks or futures; not empty
   * @param returnWhen when to return
   * @param timeout the longest wait
   * @return the done and the pending ones
   */
  public static <F extends Future<?>> WaitResult<F> wait(
      Collection<? extends F> tasks, ReturnWhen returnWhen, Duration timeout) {
    return Waits.wait(tasks, returnWhen, nanos(timeout, "timeout"));
  }

  /**
   * Waits at most {@code timeout} for {@code task} (or any future); on timeout cancels it, waits
   * until it is done and throws {@link TimeoutException}; asyncio's {@code wait_for}. If the task
   * finishes despite the cancellation, its outcome is returned. Cancelling the caller cancels the
   * task.
   *
   * @param <T> the result type
   * @param task the task or future
   * @param timeout the longest wait
   * @return its value
   * @throws TimeoutException if it was not done in time and is now cancelled
   */
  public static <T> T waitFor(Future<T> task, Duration timeout) throws TimeoutException {
    return Waits.waitFor(task, timeout);
  }

  /**
   * Runs {@code body} on the calling task's thread with a deadline; asyncio's {@code async with
   * asyncio.timeout(delay)}. When the deadline passes, the calling task is cancelled; if the body
   * then ends with a cancellation (or any exception while that cancellation is pending), this
   * method throws {@link TimeoutException} instead. A cancellation from outside the timeout is
   * rethrown as {@link CancelledException}. Other exceptions of the body are rethrown unchanged.
   *
   * <pre>{@code
   * String page = Aio.timeout(Duration.ofSeconds(10), () -> fetch(url));
   * }</pre>
   *
   * @param <T> the result type
   * @param delay the deadline, from now
   * @param body the code to run
   * @return the body's value
   * @throws IllegalStateException "no running event loop" outside a task
   * @throws Exception what the body throws, unchanged
   */
  public static <T> T timeout(Duration delay, Callable<T> body) throws Exception {
    long nanos = nanos(delay, "delay");
    Objects.requireNonNull(body, "body");
    Task<?> task = Task.current();
    if (task == null) {
      throw new IllegalStateException("no running event loop");
    }
    return new Deadline(task, delay).run(nanos, body);
  }

  /** One timeout scope; states ENTERED -> EXPIRING -> EXPIRED, or ENTERED -> EXITED. */
  private static final class Deadline {
    private static final int ENTERED = 0;
    private static final int EXPIRING = 1;
    private static final int EXPIRED = 2;
    private static final int EXITED = 3;

    private final Task<?> task;
    private final Duration delay;
    private final AtomicInteger state = new AtomicInteger(ENTERED);

    Deadline(Task<?> task, Duration delay) {
      this.task = task;
      this.delay = delay;
    }

    private void expire() {
      if (state.compareAndSet(ENTERED, EXPIRING)) {
        task.cancel("timed out after " + delay);
        state.set(EXPIRED);
      }
    }

    <T> T run(long nanos, Callable<T> body) throws Exception {
      int cancelling = task.cancelling();
      ScheduledFuture<?> timer = nanos == 0 ? null : Scheduler.schedule(this::expire, nanos);
      if (timer == null) {
        expire();
      }
      T value = null;
      Throwable error = null;
      try {
        value = body.call();
      } catch (Throwable t) {
        error = t;
      }
      if (timer != null) {
        timer.cancel(false);
      }
      if (!state.compareAndSet(ENTERED, EXITED)) {
        while (state.get() != EXPIRED) {
          Thread.onSpinWait(); // the timer is between its CAS and cancel(); a few instructions
        }
        boolean interruptedByUs =
            error != null
                && (Interrupts.isCancellation(error) || Thread.currentThread().isInterrupted());
        if (task.uncancel() <= cancelling && interruptedByUs) {
          TimeoutException e = new TimeoutException("timed out after " + delay);
          e.initCause(error);
          throw e;
        }
      }
      if (error != null) {
        throw Interrupts.rethrow(error);
      }
      return value;
    }
  }

  /**
   * Iterates over the tasks (or any futures) in the order they complete; asyncio's {@code
   * as_completed} (3.13 style: it yields the futures themselves, done). {@code next()} blocks until
   * the next one is done and throws {@link CancelledException} if the caller is cancelled; the
   * futures are never cancelled by it. The result can be iterated once.
   *
   * @param <F> the type of the futures
   * @param tasks the tasks or futures
   * @return an iterable that yields each one when it is done
   */
  public static <F extends Future<?>> Iterable<F> asCompleted(Collection<? extends F> tasks) {
    return Waits.asCompleted(tasks);
  }

  /**
   * Protects {@code task} from cancellation through awaiting; asyncio's {@code shield}. Returns a
   * new task that completes as {@code task} does; cancelling the returned task (or a caller
   * awaiting it) does not cancel {@code task}. A done task is returned as it is.
   *
   * @param <T> the result type
   * @param task the task to protect
   * @return a task that completes as {@code task} does, or {@code task} if it is done
   */
  public static <T> Task<T> shield(Task<T> task) {
    Objects.requireNonNull(task, "task");
    if (task.done()) {
      return task;
    }
    return task.loop()
        .createTask(
            "shield(" + task.name() + ")",
            () -> {
              task.awaitDone(false);
              return task.result();
            });
  }

  /**
   * As {@link #shield(Task)} for any future: returns a new future of the same loop that completes
   * as {@code future} does; cancelling it leaves {@code future} alone. A done future is returned as
   * it is.
   *
   * @param <T> the result type
   * @param future the future to protect
   * @return a future that completes as {@code future} does
   */
  public static <T> Future<T> shield(Future<T> future) {
    Objects.requireNonNull(future, "future");
    if (future instanceof Task<T> task) {
      return shield(task);
    }
    if (future.done()) {
      return future;
    }
    Future<T> outer = future.loop().createFuture();
    future.whenDone(
        inner -> {
          if (outer.done()) {
            return;
          }
          if (inner.cancelled()) {
            outer.cancel(inner.cancelMessage());
          } else {
            Throwable error = inner.failure();
            outer.complete(Future.State.FINISHED, error == null ? inner.result() : null, error);
          }
        });
    return outer;
  }

  /**
   * Runs {@code work} on a bounded pool of platform threads (one per processor, at least 4) and
   * waits for it; asyncio's {@code to_thread}. Use it for CPU-heavy work, or for code that would
   * pin a virtual thread (long {@code synchronized} blocks, native calls). If the caller is
   * cancelled, the worker is interrupted and {@link CancelledException} is thrown at once.
   *
   * @param <T> the result type
   * @param work the blocking or CPU-heavy code
   * @return work's value; its exceptions are rethrown unchanged
   * @throws Exception what {@code work} throws, unchanged
   */
  public static <T> T toThread(Callable<T> work) throws Exception {
    Objects.requireNonNull(work, "work");
    java.util.concurrent.Future<T> future = BlockingPool.pool().submit(work);
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      throw cancelledHere();
    } catch (ExecutionException e) {
      throw Interrupts.rethrow(e.getCause());
    }
  }

  /**
   * Runs {@code body} with a new {@link TaskGroup} and waits for every task of the group; asyncio's
   * {@code async with TaskGroup() as g}. See {@link TaskGroup} for failure and cancellation rules.
   *
   * @param <R> the body's result type
   * @param body the block that creates tasks in the group
   * @return the body's value
   * @throws TaskGroupException with every error, if any task or the body failed
   * @throws CancelledException if the calling task was cancelled from outside
   * @throws IllegalStateException "no running event loop" outside a task
   */
  public static <R> R taskGroup(TaskGroup.Body<R> body) {
    Objects.requireNonNull(body, "body");
    Task<?> parent = Task.current();
    if (parent == null) {
      throw new IllegalStateException("no running event loop");
    }
    TaskGroup group = new TaskGroup(parent);
    R value = null;
    Throwable error = null;
    try {
      value = body.run(group);
    } catch (Throwable t) {
      error = t;
    }
    return group.exit(value, error);
  }

  /**
   * Opens a TCP connection and returns its reader and writer; asyncio's {@code open_connection}.
   * Connecting blocks the calling (virtual) thread; it needs no running loop. TCP_NODELAY is on, as
   * in asyncio.
   *
   * <pre>{@code
   * Streams conn = Aio.openConnection("127.0.0.1", 8888);
   * conn.writer().write("ping\n".getBytes(UTF_8));
   * String reply = conn.reader().readLine();
   * conn.writer().close();
   * }</pre>
   *
   * @param host a host name or address
   * @param port the port, 0 to 65535
   * @return the connection's reader and writer
   * @throws IOException if the host cannot be resolved or the connection is refused
   * @throws CancelledException if the calling task is cancelled while connecting
   * @throws IllegalArgumentException if the port is out of range
   */
  public static Streams openConnection(String host, int port) throws IOException {
    return Connections.open(host, port, null);
  }

  /**
   * As {@link #openConnection(String, int)} over TLS with {@code tls} (for example {@link
   * javax.net.ssl.SSLContext#getDefault()}); asyncio's {@code open_connection(host, port,
   * ssl=context)}. The handshake completes before this returns; the server's certificate must be
   * valid for {@code host} (hostname checking as for HTTPS, asyncio's default), and {@code host} is
   * sent as SNI when it is a name.
   *
   * @param host the host name; checked against the certificate and sent as SNI
   * @param port the port, 0 to 65535
   * @param tls the TLS settings and trust store
   * @return the connection's reader and writer
   * @throws javax.net.ssl.SSLException if the handshake or the certificate check fails
   */
  public static Streams openConnection(String host, int port, javax.net.ssl.SSLContext tls)
      throws IOException {
    return Connections.open(host, port, Objects.requireNonNull(tls, "tls"));
  }

  /**
   * Listens on {@code host}:{@code port} and serves each connection with {@code handler}, as a task
   * of the current loop; asyncio's {@code start_server}. Port 0 picks a free port ({@link
   * Server#sockets()} tells which); a null or empty host listens on every interface. The backlog is
   * 100, as in asyncio.
   *
   * @param handler serves each connection
   * @param host the address to listen on; null or empty for every interface
   * @param port the port; 0 picks a free one
   * @return the listening server
   * @throws IOException if the address cannot be bound
   * @throws IllegalStateException "no running event loop" outside a task or callback
   */
  public static Server startServer(ClientHandler handler, String host, int port)
      throws IOException {
    return startServer(handler, host, port, 100);
  }

  /**
   * As {@link #startServer(ClientHandler, String, int)} with a listen backlog.
   *
   * @param handler serves each connection
   * @param host the address to listen on; null or empty for every interface
   * @param port the port; 0 picks a free one
   * @param backlog the listen backlog, at least 1
   * @return the listening server
   * @throws IOException if the address cannot be bound
   */
  public static Server startServer(ClientHandler handler, String host, int port, int backlog)
      throws IOException {
    Objects.requireNonNull(handler, "handler");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (backlog < 1) {
      throw new IllegalArgumentException("backlog < 1: " + backlog);
    }
    return Server.start(EventLoop.current(), handler, host, port, backlog);
  }

  /**
   * Starts {@code command} (program and arguments, no shell) with stdin, stdout and stderr as
   * pipes; asyncio's {@code create_subprocess_exec(..., stdin=PIPE, stdout=PIPE, stderr=PIPE)}.
   * Note that asyncio's default is to inherit the three streams: use {@link
   * #createSubprocessExec(ProcessBuilder.Redirect, String...)} with {@link
   * ProcessBuilder.Redirect#INHERIT} for that. Needs no running loop.
   *
   * @param command the program and its arguments
   * @return the running process
   * @throws IOException if the program cannot be started (not found, not executable)
   * @throws IllegalArgumentException if command is empty
   */
  public static Subprocess createSubprocessExec(String... command) throws IOException {
    return createSubprocessExec(ProcessBuilder.Redirect.PIPE, command);
  }

  /**
   * As {@link #createSubprocessExec(String...)} with the same redirect for stdin, stdout and
   * stderr: {@link ProcessBuilder.Redirect#PIPE}, {@link ProcessBuilder.Redirect#INHERIT}
   * (asyncio's default, {@code None}) or {@link ProcessBuilder.Redirect#DISCARD} (asyncio's {@code
   * DEVNULL}; stdin then reads from the null device).
   *
   * @param stdio the redirect for stdin, stdout and stderr
   * @param command the program and its arguments
   * @return the running process
   * @throws IllegalArgumentException for another redirect, or an empty command
   * @throws IOException if the program cannot be started
   */
  public static Subprocess createSubprocessExec(ProcessBuilder.Redirect stdio, String... command)
      throws IOException {
    Objects.requireNonNull(command, "command");
    if (command.length == 0) {
      throw new IllegalArgumentException("command is empty");
    }
    return createSubprocessExec(Connections.redirectAll(new ProcessBuilder(command), stdio));
  }

  /**
   * Starts the process {@code builder} describes, with its redirects, directory and environment;
   * its default redirects are pipes. For control over each stream:
   *
   * <pre>{@code
   * Subprocess p = Aio.createSubprocessExec(
   *     new ProcessBuilder("make").redirectError(ProcessBuilder.Redirect.INHERIT));
   * }</pre>
   *
   * @param builder the command, redirects, directory and environment
   * @return the running process
   * @throws IOException if the program cannot be started
   */
  public static Subprocess createSubprocessExec(ProcessBuilder builder) throws IOException {
    Objects.requireNonNull(builder, "builder");
    return Subprocess.start(builder);
  }

  /**
   * Runs {@code command} through the shell ({@code /bin/sh -c}, {@code cmd.exe /c} on Windows) with
   * the three streams as pipes; asyncio's {@code create_subprocess_shell} (which inherits them by
   * default). Quoting is the caller's job, as in asyncio.
   *
   * @param command the shell command line
   * @return the running process
   * @throws IOException if the shell cannot be started
   */
  public static Subprocess createSubprocessShell(String command) throws IOException {
    return createSubprocessShell(ProcessBuilder.Redirect.PIPE, command);
  }

  /**
   * As {@link #createSubprocessShell(String)} with one redirect for all three streams, as in {@link
   * #createSubprocessExec(ProcessBuilder.Redirect, String...)}.
   *
   * @param stdio the redirect for stdin, stdout and stderr
   * @param command the shell command line
   * @return the running process
   * @throws IOException if the shell cannot be started
   */
  public static Subprocess createSubprocessShell(ProcessBuilder.Redirect stdio, String command)
      throws IOException {
    Objects.requireNonNull(command, "command");
    return createSubprocessExec(Connections.redirectAll(Connections.shell(command), stdio));
  }

  /** The CancelledException to throw on the calling thread, with its task's cancel message. */
  static CancelledException cancelledHere() {
    Task<?> current = Task.current();
    return new CancelledException(current == null ? null : current.cancelMessage());
  }

  /** Checks a duration at the door; returns its nanoseconds, saturated at Long.MAX_VALUE. */
  static long nanos(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " < 0: " + d);
    }
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
