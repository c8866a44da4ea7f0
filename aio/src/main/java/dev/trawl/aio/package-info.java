/**
 * aio: asyncio's programming model for Java, on virtual threads. Start at {@link
 * dev.trawl.aio.Aio}.
 *
 * <p>Names and semantics follow CPython 3.12/3.13 asyncio ({@code asyncio.run}, {@code
 * create_task}, {@code gather}, {@code wait}, {@code wait_for}, {@code timeout}, {@code shield},
 * {@code TaskGroup}, {@code Semaphore}, {@code Queue}, ...). Where Java must differ (tasks run in
 * parallel and start when created; cancellation is an interrupt; code catching {@code Exception}
 * must rethrow {@link dev.trawl.aio.CancelledException}), the class documentation of {@link
 * dev.trawl.aio.Aio} says so.
 */
package dev.trawl.aio;
