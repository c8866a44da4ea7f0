package dev.trawl.frontier.sqlite;

import dev.trawl.frontier.StateException;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;

/** Turns SQLite's failures into one line for the user; a damaged file says what to do about it. */
final class StateErrors {
  private StateErrors() {}

  /** A link where the state lives; the same words as the image store's LinkRefusedException. */
  static StateException link(Object path) {
    return new StateException(
        path
            + " is a symbolic link: trawl writes nothing through links inside the out dir"
            + " (remove it)");
  }

  /** "crawl state is corrupt: FILE (SQLite: WHY); move it away to start over". */
  static StateException corrupt(Object file, String why, Throwable cause) {
    // quick_check answers on several lines, headed "*** in database main ***"
    String line =
        why.replace("*** in database main ***", "").strip().replaceAll("\\s*\n\\s*", "; ");
    return new StateException(
        "crawl state is corrupt: " + file + " (SQLite: " + line + "); move it away to start over",
        cause);
  }

  /**
   * {@code doing} ("cannot read the crawl state") and the file, or the corrupt line when SQLite
   * says the file is damaged or not a database.
   */
  static StateException of(String doing, Object file, Exception e) {
    if (e instanceof StateException s) {
      return s;
    }
    if (e instanceof SQLException sql && isCorrupt(sql)) {
      return corrupt(file, sqliteMessage(sql), e);
    }
    return new StateException(doing + " " + file + ": " + e.getMessage(), e);
  }

  static boolean isCorrupt(SQLException e) {
    int primary = e.getErrorCode() & 0xff;
    return primary == SQLiteErrorCode.SQLITE_CORRUPT.code
        || primary == SQLiteErrorCode.SQLITE_NOTADB.code;
  }

  /** SQLite's own words, without the driver's "[SQLITE_CORRUPT] ..." decoration. */
  private static String sqliteMessage(SQLException e) {
    String m = String.valueOf(e.getMessage());
    int open = m.lastIndexOf('(');
    if (m.startsWith("[") && open > 0 && m.endsWith(")")) {
      return m.substring(open + 1, m.length() - 1);
    }
    return m;
  }
}
