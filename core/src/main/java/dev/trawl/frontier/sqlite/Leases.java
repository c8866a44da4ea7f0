package dev.trawl.frontier.sqlite;

import dev.trawl.frontier.CrawlStore.Kind;
import dev.trawl.frontier.CrawlStore.Status;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * The leases of a SQLite state, held in memory instead of in the rows. The state dir is one
 * process's ({@link StateLock}), so no one else can claim, and a dead process's leases are void
 * anyway (a crawl releases them all when it starts): a leased entry's row stays QUEUED, and a claim
 * writes nothing. {@link #load} takes over the leases a closed store wrote to its rows; {@link
 * #keep} writes them back at close.
 *
 * <p>Only the writer thread changes leases; {@link #holds} may be asked from any thread.
 */
final class Leases {
  private record Lease(Kind kind, int level, String owner, long until) {}

  private final Map<Long, Lease> leases = new ConcurrentHashMap<>();

  /**
   * Per kind, the id up to which every QUEUED row is leased: claims read on from there, not through
   * the rows already leased. Whatever queues a row again (release, expiry, requeue) moves it back.
   */
  private final long[] claimedUpTo = new long[Kind.values().length];

  private Leases() {}

  /**
   * Takes over the leases in the rows of the database on {@code c} (autocommit off), written by an
   * earlier {@link #keep} or by a trawl that leased in the rows (schema 3 and before), turning
   * those rows back to QUEUED, and commits.
   */
  static Leases load(Connection c) throws SQLException {
    Leases l = new Leases();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, kind, level, lease_owner, lease_until FROM items"
                    + " WHERE status = 'LEASED'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        l.leases.put(
            rs.getLong(1),
            new Lease(Kind.valueOf(rs.getString(2)), rs.getInt(3), rs.getString(4), rs.getLong(5)));
      }
    }
    if (!l.leases.isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE items SET status = 'QUEUED', lease_owner = NULL, lease_until = NULL"
                  + " WHERE status = 'LEASED'")) {
        ps.executeUpdate();
      }
    }
    c.commit();
    return l;
  }

  /** Writes every lease to its row, for the next opener to {@link #load}; returns how many. */
  int keep(CommitQueue.Tx tx) throws SQLException {
    PreparedStatement ps =
        tx.sql(
            "UPDATE items SET status = 'LEASED', lease_owner = ?, lease_until = ?"
                + " WHERE id = ? AND status = 'QUEUED'");
    for (Map.Entry<Long, Lease> e : leases.entrySet()) {
      ps.setString(1, e.getValue().owner());
      ps.setLong(2, e.getValue().until());
      ps.setLong(3, e.getKey());
      ps.executeUpdate();
    }
    return leases.size();
  }

  /** True while the entry with this id is leased (its lease may have expired). */
  boolean holds(long id) {
    return leases.containsKey(id);
  }

  /** The id up to which every QUEUED row of {@code kind} is leased. */
  long claimedUpTo(Kind kind) {
    return claimedUpTo[kind.ordinal()];
  }

  /** Records that every QUEUED row of {@code kind} up to {@code id} is leased. */
  void passed(Kind kind, long id) {
    claimedUpTo[kind.ordinal()] = id;
  }

  void lease(long id, Kind kind, int level, String owner, long until) {
    leases.put(id, new Lease(kind, level, owner, until));
  }

  /** Ends the lease of an entry that has become final, if it had one. */
  void end(long id) {
    leases.remove(id);
  }

  /** Ends every lease; returns how many. */
  int releaseAll() {
    int n = leases.size();
    leases.clear();
    rewind();
    return n;
  }

  /** Ends the leases that expired by {@code now}; returns how many. */
  int releaseExpired(long now) {
    int n = 0;
    for (Iterator<Map.Entry<Long, Lease>> it = leases.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Lease> e = it.next();
      if (e.getValue().until() <= now) {
        it.remove();
        int k = e.getValue().kind().ordinal();
        claimedUpTo[k] = Math.min(claimedUpTo[k], e.getKey() - 1);
        n++;
      }
    }
    return n;
  }

  /** Rows may have been queued again below where claims read on: read from the start. */
  void rewind() {
    Arrays.fill(claimedUpTo, 0);
  }

  /** Extends every lease {@code owner} holds to {@code until}. */
  void renew(String owner, long until) {
    leases.replaceAll(
        (id, l) -> owner.equals(l.owner()) ? new Lease(l.kind(), l.level(), owner, until) : l);
  }

  /** How many entries are leased. */
  int size() {
    return leases.size();
  }

  /** True when some lease lasts beyond {@code now}. */
  boolean anyLasting(long now) {
    for (Lease l : leases.values()) {
      if (l.until() > now) {
        return true;
      }
    }
    return false;
  }

  /**
   * Counts the leased entries of {@code kind} as LEASED instead of QUEUED in the counts {@code
   * byLevel} returns for their level (null: none kept).
   */
  void countLeased(Kind kind, IntFunction<Map<Status, Long>> byLevel) {
    for (Lease l : leases.values()) {
      Map<Status, Long> counts = l.kind() == kind ? byLevel.apply(l.level()) : null;
      if (counts != null) {
        if (counts.merge(Status.QUEUED, -1L, Long::sum) == 0) {
          counts.remove(Status.QUEUED);
        }
        counts.merge(Status.LEASED, 1L, Long::sum);
      }
    }
  }
}
