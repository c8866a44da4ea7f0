/**
 * aio: asyncio's programming model for Java, on virtual threads. Start at {@link
 * dev.trawl.aio.Aio}.
 *
 * <p>Names and semantics follow CPython 3.13's asyncio. Where Java must differ (tasks run in
 * parallel and start when created; cancellation is an interrupt; code catching {@code Exception}
 * must rethrow {@link dev.trawl.aio.CancelledException}), the class documentation of {@link
 * dev.trawl.aio.Aio} says so, and each class says what else differs.
 *
 * <h2 id="asyncio-to-aio">asyncio -&gt; aio</h2>
 *
 * <p>Every asyncio name used by the seed article and the Python documentation's asyncio pages, and
 * its counterpart here, or why there is none.
 *
 * <table class="striped">
 *   <caption>asyncio names and their aio counterparts</caption>
 *   <thead>
 *   <tr><th scope="col">asyncio</th><th scope="col">aio</th></tr>
 *   </thead>
 *   <tbody>
 *   <tr><th scope="rowgroup" colspan="2">Running</th></tr>
 *   <tr><td>{@code asyncio.run(main())}</td><td>{@link Aio#run Aio.run(main)}</td></tr>
 *   <tr><td>{@code asyncio.Runner}</td><td>{@link EventLoop}: {@code newEventLoop()}, {@code runUntilComplete}, {@code close}</td></tr>
 *   <tr><td>{@code get_event_loop(), new_event_loop()}</td><td>{@link EventLoop#newEventLoop()}; inside a task {@link EventLoop#current()}</td></tr>
 *   <tr><td>{@code get_running_loop()}</td><td>{@link EventLoop#current()}</td></tr>
 *   <tr><td>{@code set_event_loop(), event loop policies}</td><td>none: a loop is chosen by the task that runs, not per thread</td></tr>
 *   <tr><td>{@code loop.run_until_complete(coro or future)}</td><td>{@link EventLoop#runUntilComplete(java.util.concurrent.Callable)}, {@link EventLoop#runUntilComplete(Future)}</td></tr>
 *   <tr><td>{@code loop.run_forever(), loop.stop()}</td><td>{@link EventLoop#runForever()}, {@link EventLoop#stop()}</td></tr>
 *   <tr><td>{@code loop.is_running(), is_closed(), close()}</td><td>{@link EventLoop#isRunning()}, {@link EventLoop#isClosed()}, {@link EventLoop#close()}</td></tr>
 *   <tr><td>{@code loop.time()}</td><td>{@link EventLoop#time()} (nanoseconds, not float seconds)</td></tr>
 *   <tr><td>{@code loop.call_soon(cb, *args), call_soon_threadsafe}</td><td>{@link EventLoop#callSoon(Runnable)}, {@link EventLoop#callSoonThreadsafe(Runnable)}; arguments are bound with a lambda</td></tr>
 *   <tr><td>{@code loop.call_later(delay, cb), loop.call_at(when, cb)}</td><td>{@link EventLoop#callLater}, {@link EventLoop#callAt}</td></tr>
 *   <tr><td>{@code Handle, TimerHandle (cancel, cancelled, when)}</td><td>{@link Handle}, {@link TimerHandle}</td></tr>
 *   <tr><td>{@code loop.set_exception_handler, get_exception_handler, default_exception_handler, call_exception_handler}</td><td>the methods of the same names on {@link EventLoop}; the context dict is {@link EventLoop.ExceptionContext}</td></tr>
 *   <tr><td>{@code loop.run_in_executor(executor, fn)}</td><td>{@link Aio#toThread} for the built-in pool; {@code Aio.wrapFuture(CompletableFuture.supplyAsync(fn, executor))} for your own</td></tr>
 *   <tr><td>{@code run_coroutine_threadsafe(coro, loop)}</td><td>{@code loop.createTask(callable)}: it is thread safe</td></tr>
 *   <tr><td>{@code loop.set_debug, set_task_factory, shutdown_asyncgens, shutdown_default_executor}</td><td>none</td></tr>
 *   <tr><th scope="rowgroup" colspan="2">Coroutines and tasks</th></tr>
 *   <tr><td>{@code async def f(): ..., a coroutine object}</td><td>a {@link java.util.concurrent.Callable}; calling {@code call()} is the {@code await}</td></tr>
 *   <tr><td>{@code await coro}</td><td>call the method directly; it blocks the task's virtual thread</td></tr>
 *   <tr><td>{@code iscoroutine(), functools.partial}</td><td>none needed: lambdas</td></tr>
 *   <tr><td>{@code Future, loop.create_future()}</td><td>{@link Future}, {@link EventLoop#createFuture()}</td></tr>
 *   <tr><td>{@code fut.set_result, set_exception, result, exception, done, cancelled, cancel(msg)}</td><td>the methods of the same names on {@link Future}</td></tr>
 *   <tr><td>{@code fut.add_done_callback, remove_done_callback, get_loop()}</td><td>{@link Future#addDoneCallback}, {@link Future#removeDoneCallback}, {@link Future#loop()}</td></tr>
 *   <tr><td>{@code await fut}</td><td>{@link Future#await()}</td></tr>
 *   <tr><td>{@code isfuture(x), ensure_future(x)}</td><td>{@code x instanceof Future}; {@link Aio#ensureFuture(Future)}, {@link Aio#ensureFuture(java.util.concurrent.Callable)}</td></tr>
 *   <tr><td>{@code wrap_future(concurrent_future)}</td><td>{@link Aio#wrapFuture}; the other way {@link Future#toCompletableFuture()}</td></tr>
 *   <tr><td>{@code Task (a subclass of Future), create_task, loop.create_task}</td><td>{@link Task} extends {@link Future}; {@link Aio#createTask}, {@link EventLoop#createTask}</td></tr>
 *   <tr><td>{@code task.get_name(), set_name()}</td><td>{@link Task#name()}; the name is given at creation</td></tr>
 *   <tr><td>{@code task states pending, finished, cancelled}</td><td>{@link Future.State}: {@code PENDING}, {@code RUNNING} (tasks only), {@code FINISHED}, {@code CANCELLED}</td></tr>
 *   <tr><td>{@code task.cancelling(), uncancel(), get_coro(), get_stack(), print_stack()}</td><td>none public ({@code jstack} shows a task's virtual thread)</td></tr>
 *   <tr><td>{@code current_task(), all_tasks()}</td><td>{@link Aio#currentTask()}, {@link Aio#allTasks()}</td></tr>
 *   <tr><td>{@code sleep(delay)}</td><td>{@link Aio#sleep}</td></tr>
 *   <tr><td>{@code gather(*aws)}</td><td>{@link Aio#gather(Future[])}</td></tr>
 *   <tr><td>{@code gather(*aws, return_exceptions=True)}</td><td>{@link Aio#gatherSettled(Future[])} returning {@link Outcome}s</td></tr>
 *   <tr><td>{@code wait(aws, timeout, return_when)}</td><td>{@link Aio#wait(java.util.Collection, ReturnWhen, java.time.Duration)} returning {@link WaitResult}</td></tr>
 *   <tr><td>{@code FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED}</td><td>{@link ReturnWhen}</td></tr>
 *   <tr><td>{@code wait_for(aw, timeout)}</td><td>{@link Aio#waitFor}</td></tr>
 *   <tr><td>{@code timeout(delay), Timeout}</td><td>{@link Aio#timeout}</td></tr>
 *   <tr><td>{@code timeout_at(when)}</td><td>none: pass the remaining {@code Duration} to {@link Aio#timeout}</td></tr>
 *   <tr><td>{@code as_completed(aws)}</td><td>{@link Aio#asCompleted}</td></tr>
 *   <tr><td>{@code shield(aw)}</td><td>{@link Aio#shield(Task)}, {@link Aio#shield(Future)}</td></tr>
 *   <tr><td>{@code TaskGroup}</td><td>{@link Aio#taskGroup} with {@link TaskGroup}</td></tr>
 *   <tr><td>{@code to_thread(fn)}</td><td>{@link Aio#toThread}</td></tr>
 *   <tr><td>{@code eager_task_factory}</td><td>none needed: every task starts at once</td></tr>
 *   <tr><th scope="rowgroup" colspan="2">Synchronization</th></tr>
 *   <tr><td>{@code Lock, Event}</td><td>{@link AsyncLock}, {@link AsyncEvent} ({@code wait()} is {@code await()})</td></tr>
 *   <tr><td>{@code Condition (wait, wait_for, notify(n), notify_all)}</td><td>{@link AsyncCondition} ({@code await}, {@code waitFor}, {@code signal(n)}, {@code signalAll})</td></tr>
 *   <tr><td>{@code Semaphore, BoundedSemaphore}</td><td>{@link AsyncSemaphore}, {@link AsyncBoundedSemaphore}</td></tr>
 *   <tr><td>{@code Barrier, BrokenBarrierError}</td><td>{@link AsyncBarrier}, {@link BrokenBarrierException}</td></tr>
 *   <tr><th scope="rowgroup" colspan="2">Queues</th></tr>
 *   <tr><td>{@code Queue, PriorityQueue, LifoQueue}</td><td>{@link AsyncQueue}, {@link AsyncPriorityQueue}, {@link AsyncLifoQueue}</td></tr>
 *   <tr><td>{@code QueueEmpty, QueueFull, QueueShutDown}</td><td>{@link java.util.NoSuchElementException}, {@link IllegalStateException}, {@link QueueShutDownException}</td></tr>
 *   <tr><th scope="rowgroup" colspan="2">Streams</th></tr>
 *   <tr><td>{@code open_connection(host, port, ssl=...)}</td><td>{@link Aio#openConnection(String, int)}, {@link Aio#openConnection(String, int, javax.net.ssl.SSLContext)} returning {@link Streams}</td></tr>
 *   <tr><td>{@code start_server(cb, host, port)}</td><td>{@link Aio#startServer(ClientHandler, String, int)} returning {@link Server}</td></tr>
 *   <tr><td>{@code Server: close, close_clients, wait_closed, serve_forever, is_serving, sockets}</td><td>the methods of the same names on {@link Server}</td></tr>
 *   <tr><td>{@code Server.abort_clients, start_serving, get_loop}</td><td>none ({@link Server#closeClients()} closes at once; serving starts at once)</td></tr>
 *   <tr><td>{@code StreamReader: read, readexactly, readuntil, readline, at_eof}</td><td>{@link StreamReader}: {@code read}, {@code readExactly}, {@code readUntil}, {@code readLine} (a String, null at the end), {@code atEof}</td></tr>
 *   <tr><td>{@code StreamWriter: write, drain, close, wait_closed, is_closing, write_eof}</td><td>{@link StreamWriter}: {@code write}, {@code drain}, {@code close}, {@code waitClosed}, {@code isClosing}, {@code writeEof}</td></tr>
 *   <tr><td>{@code StreamWriter: writelines, can_write_eof, get_extra_info, start_tls}</td><td>{@code write} in a loop; always true; {@link StreamWriter#remoteAddress()} for {@code 'peername'}; none</td></tr>
 *   <tr><td>{@code IncompleteReadError, LimitOverrunError}</td><td>{@link IncompleteReadException}, {@link LimitOverrunException}</td></tr>
 *   <tr><td>{@code open_unix_connection, start_unix_server}</td><td>none</td></tr>
 *   <tr><td>{@code Transports and protocols (create_connection, create_server, sock_*, add_reader)}</td><td>none: blocking I/O on virtual threads plays their part</td></tr>
 *   <tr><th scope="rowgroup" colspan="2">Subprocesses</th></tr>
 *   <tr><td>{@code create_subprocess_exec, create_subprocess_shell}</td><td>{@link Aio#createSubprocessExec(String...)}, {@link Aio#createSubprocessShell(String)} (pipes by default; asyncio inherits)</td></tr>
 *   <tr><td>{@code PIPE, DEVNULL, inherit (None), STDOUT}</td><td>{@link ProcessBuilder.Redirect#PIPE}, {@link ProcessBuilder.Redirect#DISCARD}, {@link ProcessBuilder.Redirect#INHERIT}; {@code redirectErrorStream(true)} with {@link Aio#createSubprocessExec(ProcessBuilder)}</td></tr>
 *   <tr><td>{@code Process: stdin, stdout, stderr, pid, wait, communicate, terminate, kill}</td><td>{@link Subprocess}: the same names, {@code await()} for {@code wait()}</td></tr>
 *   <tr><td>{@code Process: returncode, send_signal}</td><td>the value of {@link Subprocess#await()}; none (Java sends only TERM and KILL)</td></tr>
 *   <tr><th scope="rowgroup" colspan="2">Exceptions</th></tr>
 *   <tr><td>{@code CancelledError}</td><td>{@link CancelledException}</td></tr>
 *   <tr><td>{@code TimeoutError}</td><td>{@link java.util.concurrent.TimeoutException}</td></tr>
 *   <tr><td>{@code InvalidStateError}</td><td>{@link InvalidStateException}</td></tr>
 *   </tbody>
 * </table>
 */
package dev.trawl.aio;
