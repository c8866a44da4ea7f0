package dev.trawl.frontier.sqlite;

import dev.trawl.frontier.StateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer thread owns the write connection and applies requests in group commits: it takes
 * whatever is queued (up to {@link #MAX_BATCH}), applies it in one transaction and commits once. A
 * caller of {@link #submit} waits for the commit of the batch holding its request; {@link #post}
 * returns at once. The first failed commit breaks the queue for good: every later call throws, so
 * nothing is reported durable that is not.
 */
final class CommitQueue implements AutoCloseable {
  static final int MAX_BATCH = 512;
  private static final int CAPACITY = 2048;

  /** A unit of work run on the writer thread inside the batch transaction. */
  interface Op<T> {
    T apply(Tx tx) throws SQLException;
  }

  /** The writer's view of its connection: statements prepared once and reused. */
  static final class Tx {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    Tx(Connection connection) {
      this.connection = connection;
    }

    PreparedStatement sql(String sql) throws SQLException {
      PreparedStatement ps = statements.get(sql);
      if (ps == null) {
        ps = connection.prepareStatement(sql);
        statements.put(sql, ps);
      }
      return ps;
    }

    Connection connection() {
      return connection;
    }
  }

  private static final class Request {
    final Op<?> op;
    final CompletableFuture<Object> done;
    long seq;

    Request(Op<?> op, CompletableFuture<Object> done) {
      this.op = op;
      this.done = done;
    }
  }

  private static final Op<Void> STOP = tx -> null;

  private final String name;
  private final Tx tx;
  private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>(CAPACITY);
  private final ReentrantLock enqueueLock = new ReentrantLock();
  private long enqueued;
  private boolean closed;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition progress = lock.newCondition();
  private long committed;
  private StateException failure;
  private final Thread thread;

  /**
   * @param name the database file, named in error messages
   */
  CommitQueue(Connection connection, String name) {
    this.name = name;
    this.tx = new Tx(connection);
    this.thread = Thread.ofPlatform().daemon().name("trawl-state-writer").start(this::loop);
  }

  /** Applies {@code op} in the next group commit and returns its result once committed. */
  @SuppressWarnings("unchecked")
  <T> T submit(Op<T> op) {
    CompletableFuture<Object> done = new CompletableFuture<>();
    enqueue(new Request(op, done));
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return (T) done.get();
        } catch (InterruptedException e) {
          interrupted = true; // a commit takes milliseconds: finish waiting, keep the flag
        } catch (ExecutionException e) {
          throw (StateException) e.getCause();
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Queues {@code op} for the next group commit and returns at once. */
  void post(Op<?> op) {
    enqueue(new Request(op, null));
  }

  /** Waits until everything queued before this call is committed. */
  void sync() {
    long target;
    enqueueLock.lock();
    try {
      checkUsable();
      target = enqueued;
    } finally {
      enqueueLock.unlock();
    }
    lock.lock();
    try {
      boolean interrupted = false;
      while (committed < target && failure == null) {
        try {
          progress.await();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Applies everything queued, then stops the writer thread. */
  @Override
  public void close() {
    enqueueLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      Request stop = new Request(STOP, null);
      stop.seq = ++enqueued;
      putUninterruptibly(stop);
    } finally {
      enqueueLock.unlock();
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void enqueue(Request r) {
    enqueueLock.lock();
    try {
      checkUsable();
      r.seq = ++enqueued;
      putUninterruptibly(r); // blocks while the queue is full: back pressure on finish
    } finally {
      enqueueLock.unlock();
    }
  }

  private void checkUsable() {
    if (closed) {
      throw new IllegalStateException("store is closed");
    }
    lock.lock();
    try {
      if (failure != null) {
        throw failure;
      }
    } finally {
      lock.unlock();
    }
  }

  private void putUninterruptibly(Request r) {
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(r);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    List<Request> batch = new ArrayList<>();
    List<Object> results = new ArrayList<>();
    boolean stop = false;
    while (!stop) {
      batch.clear();
      results.clear();
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        continue; // nobody interrupts this thread but close's STOP ends it
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      StateException failed = currentFailure();
      if (failed == null) {
        try {
          for (Request r : batch) {
            results.add(r.op.apply(tx));
          }
          tx.connection().commit();
        } catch (SQLException | RuntimeException e) {
          failed = StateErrors.of("cannot write the crawl state", name, e);
          try {
            tx.connection().rollback();
          } catch (SQLException | RuntimeException ignored) {
            // the failure above is what the caller needs to see
          }
        }
      }
      lock.lock();
      try {
        if (failed != null) {
          failure = failed;
        } else {
          committed = batch.get(batch.size() - 1).seq;
        }
        progress.signalAll();
      } finally {
        lock.unlock();
      }
      for (int i = 0; i < batch.size(); i++) {
        Request r = batch.get(i);
        stop |= r.op == STOP;
        if (r.done != null) {
          if (failed != null) {
            r.done.completeExceptionally(failed);
          } else {
            r.done.complete(results.get(i));
          }
        }
      }
    }
  }

  private StateException currentFailure() {
    lock.lock();
    try {
      return failure;
    } finally {
      lock.unlock();
    }
  }
}
