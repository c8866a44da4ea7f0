package dev.trawl.fetch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Reads the cookies of a Firefox profile ({@code --cookies-from-browser firefox[:PROFILE]}): the
 * {@code moz_cookies} table of its {@code cookies.sqlite}. Firefox keeps the database locked and
 * recent changes in its write-ahead log, so both are copied into a scratch dir (the crawl's temp
 * dir), read, and the copies deleted at once. Chrome-family browsers encrypt their cookies with a
 * key in the system keyring: trawl asks for a cookies.txt export instead.
 */
public final class FirefoxCookies {
  private static final Set<String> CHROME_FAMILY =
      Set.of("chrome", "chromium", "edge", "brave", "opera", "vivaldi", "safari");

  private FirefoxCookies() {}

  /** Where Firefox keeps its profiles on Linux (also snap and flatpak), macOS and Windows. */
  public static List<Path> defaultRoots(String home, Map<String, String> env) {
    List<Path> roots = new ArrayList<>();
    Path h = Path.of(home);
    roots.add(h.resolve(".mozilla/firefox"));
    roots.add(h.resolve("snap/firefox/common/.mozilla/firefox"));
    roots.add(h.resolve(".var/app/org.mozilla.firefox/.mozilla/firefox"));
    roots.add(h.resolve("Library/Application Support/Firefox"));
    String appData = env.get("APPDATA");
    if (appData != null && !appData.isBlank()) {
      roots.add(Path.of(appData, "Mozilla", "Firefox"));
    }
    return roots;
  }

  /**
   * The unexpired cookies of the profile {@code spec} names: {@code firefox} (the profile whose
   * cookies changed last), {@code firefox:NAME} (a profile's name or directory name) or {@code
   * firefox:/path/to/profile}.
   *
   * @param roots where profiles are looked for
   * @param scratch a directory for the copies, created when missing
   * @throws IllegalArgumentException for another browser, or a profile not found (listing where it
   *     looked), or an unreadable database
   */
  public static List<BrowserCookie> read(String spec, List<Path> roots, Path scratch, Instant now) {
    Path profile = profile(spec, roots);
    Path db = profile.resolve("cookies.sqlite");
    Path copy = scratch.resolve("cookies-" + UUID.randomUUID() + ".sqlite");
    Path wal = Path.of(db + "-wal");
    Path walCopy = Path.of(copy + "-wal");
    try {
      Files.createDirectories(scratch);
      Files.copy(db, copy, StandardCopyOption.REPLACE_EXISTING);
      if (Files.exists(wal)) {
        Files.copy(wal, walCopy, StandardCopyOption.REPLACE_EXISTING);
      }
      return query(copy, db, now);
    } catch (IOException e) {
      String why = e instanceof NoSuchFileException ? "not found" : e.getMessage();
      if (e instanceof AccessDeniedException) {
        why = "permission denied";
      }
      throw new IllegalArgumentException("cannot read Firefox cookies: " + db + " (" + why + ")");
    } finally {
      for (Path p : List.of(copy, walCopy, Path.of(copy + "-shm"), Path.of(copy + "-journal"))) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // the next run deletes stale temp files
        }
      }
    }
  }

  /**
   * The profile dir {@code spec} names.
   *
   * @throws IllegalArgumentException as {@link #read} does
   */
  public static Path profile(String spec, List<Path> roots) {
    String s = spec.trim();
    int colon = s.indexOf(':');
    String browser = (colon < 0 ? s : s.substring(0, colon)).toLowerCase(Locale.ROOT);
    String name = colon < 0 ? null : s.substring(colon + 1);
    if (CHROME_FAMILY.contains(browser)) {
      throw new IllegalArgumentException(
          browser
              + " encrypts its cookies: export them to a cookies.txt (e.g. with the 'Get"
              + " cookies.txt LOCALLY' extension) and give --cookies FILE");
    }
    if (!browser.equals("firefox")) {
      throw new IllegalArgumentException(
          "bad --cookies-from-browser: '" + spec + "' (firefox[:PROFILE], or --cookies FILE)");
    }
    if (name != null && !name.isEmpty() && (name.contains("/") || name.contains("\\"))) {
      Path dir = Path.of(name);
      if (Files.isRegularFile(dir.resolve("cookies.sqlite"))) {
        return dir;
      }
      throw new IllegalArgumentException("no cookies.sqlite in Firefox profile " + dir);
    }
    List<Path> profiles = new ArrayList<>();
    for (Path root : roots) {
      profiles.addAll(profilesUnder(root));
    }
    Stream<Path> found =
        profiles.stream().filter(p -> Files.isRegularFile(p.resolve("cookies.sqlite")));
    if (name != null && !name.isEmpty()) {
      String want = name;
      found =
          found.filter(
              p -> {
                String dir = p.getFileName().toString();
                return dir.equals(want) || dir.endsWith("." + want) || want.equals(iniName(p));
              });
    }
    return found
        .max(Comparator.comparingLong(p -> lastModified(p.resolve("cookies.sqlite"))))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    (name == null || name.isEmpty()
                            ? "no Firefox profile with cookies.sqlite found"
                            : "Firefox profile not found: '" + name + "'")
                        + "; looked in: "
                        + String.join(", ", roots.stream().map(Path::toString).toList())));
  }

  /** The profile dirs of a root: those profiles.ini lists, and every subdir (and Profiles/). */
  private static List<Path> profilesUnder(Path root) {
    Set<Path> dirs = new LinkedHashSet<>();
    for (Map.Entry<String, Path> e : iniProfiles(root).entrySet()) {
      dirs.add(e.getValue());
    }
    for (Path base : List.of(root, root.resolve("Profiles"))) {
      if (Files.isDirectory(base)) {
        try (Stream<Path> sub = Files.list(base)) {
          sub.filter(Files::isDirectory).forEach(dirs::add);
        } catch (IOException e) {
          // unreadable: nothing there for us
        }
      }
    }
    return new ArrayList<>(dirs);
  }

  /** Profile name to dir, from the root's profiles.ini. */
  private static Map<String, Path> iniProfiles(Path root) {
    Map<String, Path> byName = new java.util.LinkedHashMap<>();
    Path ini = root.resolve("profiles.ini");
    if (!Files.isRegularFile(ini)) {
      return byName;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(ini, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return byName;
    }
    String name = null;
    String path = null;
    boolean relative = true;
    lines = new ArrayList<>(lines);
    lines.add("[end]");
    for (String raw : lines) {
      String line = raw.trim();
      if (line.startsWith("[")) {
        if (name != null && path != null) {
          byName.put(name, relative ? root.resolve(path) : Path.of(path));
        }
        name = null;
        path = null;
        relative = true;
      } else if (line.startsWith("Name=")) {
        name = line.substring(5);
      } else if (line.startsWith("Path=")) {
        path = line.substring(5);
      } else if (line.startsWith("IsRelative=")) {
        relative = !line.substring(11).equals("0");
      }
    }
    return byName;
  }

  private static String iniName(Path profile) {
    Path root = profile.getParent();
    if (root != null
        && root.getFileName() != null
        && root.getFileName().toString().equals("Profiles")) {
      root = root.getParent();
    }
    if (root == null) {
      return null;
    }
    for (Map.Entry<String, Path> e : iniProfiles(root).entrySet()) {
      if (e.getValue().normalize().equals(profile.normalize())) {
        return e.getKey();
      }
    }
    return null;
  }

  private static long lastModified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  private static List<BrowserCookie> query(Path copy, Path original, Instant now) {
    List<BrowserCookie> cookies = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
        Statement st = c.createStatement()) {
      int version;
      try (ResultSet v = st.executeQuery("PRAGMA user_version")) {
        version = v.next() ? v.getInt(1) : 0;
      }
      try (ResultSet r =
          st.executeQuery(
              "SELECT host, path, isSecure, expiry, name, value FROM moz_cookies"
                  + " WHERE originAttributes NOT LIKE '%userContextId=%'"
                  + " AND originAttributes NOT LIKE '%privateBrowsingId=%'")) {
        while (r.next()) {
          String host = r.getString(1);
          long expiry = r.getLong(4);
          // Firefox 142 (schema 16) started storing the expiry in milliseconds
          Instant expires =
              expiry <= 0
                  ? null
                  : version >= 16 ? Instant.ofEpochMilli(expiry) : Instant.ofEpochSecond(expiry);
          if (host == null || host.isBlank() || r.getString(5) == null) {
            continue;
          }
          BrowserCookie cookie =
              new BrowserCookie(
                  host,
                  host.startsWith("."),
                  r.getString(2),
                  r.getInt(3) != 0,
                  expires,
                  r.getString(5),
                  Secret.of(r.getString(6) == null ? "" : r.getString(6)));
          if (!cookie.isExpired(now)) {
            cookies.add(cookie);
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalArgumentException(
          "cannot read Firefox cookies: " + original + " (" + e.getMessage() + ")");
    }
    return cookies;
  }
}
