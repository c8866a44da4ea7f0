package dev.trawl.fetch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Netscape cookies.txt, as browsers' export extensions, {@code curl -c}, yt-dlp and
 * gallery-dl write it: one cookie per line, seven tab-separated fields (domain, include-subdomains,
 * path, secure, expiry in Unix seconds with 0 for a session cookie, name, value), {@code #}
 * comments, and the {@code #HttpOnly_} prefix on the domain of HTTP-only cookies. Expired cookies
 * are dropped. The parser does no I/O; {@link #read} reads the file.
 */
public final class NetscapeCookies {
  private static final String HTTP_ONLY = "#HttpOnly_";

  private NetscapeCookies() {}

  /**
   * The unexpired cookies of {@code file}.
   *
   * @throws IllegalArgumentException naming the file (and line) when it is missing, unreadable, a
   *     JSON export or malformed; never quoting a cookie's value
   */
  public static List<BrowserCookie> read(Path file, Instant now) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("cookies file not found: " + file);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new IllegalArgumentException("cookies file not readable: " + file);
    }
    return parse(file.toString(), text, now);
  }

  /** Parses cookies.txt text; {@code source} names it in errors. */
  public static List<BrowserCookie> parse(String source, String text, Instant now) {
    String start = text.stripLeading();
    if (start.startsWith("[") || start.startsWith("{")) {
      throw new IllegalArgumentException(
          source
              + ": a JSON cookie export; trawl reads cookies.txt (Netscape format), which"
              + " browser extensions such as 'Get cookies.txt LOCALLY' export");
    }
    List<BrowserCookie> cookies = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith(HTTP_ONLY)) {
        line = line.substring(HTTP_ONLY.length());
      } else if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      BrowserCookie c = parseLine(line, source + ":" + (i + 1));
      if (!c.isExpired(now)) {
        cookies.add(c);
      }
    }
    return cookies;
  }

  private static BrowserCookie parseLine(String line, String where) {
    String[] f = line.split("\t", -1);
    if (f.length == 6) {
      f = java.util.Arrays.copyOf(f, 7); // an empty value: some exporters drop the last tab
      f[6] = "";
    }
    if (f.length != 7) {
      throw new IllegalArgumentException(
          where + ": " + f.length + " tab-separated fields, want 7 (cookies.txt format)");
    }
    String domain = f[0].trim();
    if (domain.isEmpty() || domain.equals(".")) {
      throw new IllegalArgumentException(where + ": empty domain");
    }
    boolean sub = flag(f[1], "include-subdomains", where) || domain.startsWith(".");
    boolean secure = flag(f[3], "secure", where);
    long expiry;
    try {
      expiry = Long.parseLong(f[4].trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + ": expiry is not a number: '" + f[4] + "'");
    }
    String name = f[5];
    if (name.isEmpty() || name.chars().anyMatch(c -> c <= 0x20 || c == ';' || c == '=')) {
      throw new IllegalArgumentException(where + ": bad cookie name '" + name + "'");
    }
    String value = f[6];
    if (value.chars().anyMatch(c -> c < 0x20 || c == ';' || c == 0x7f)) {
      throw new IllegalArgumentException(
          where + ": control character or ';' in the value of " + name);
    }
    return new BrowserCookie(
        domain,
        sub,
        f[2],
        secure,
        expiry <= 0 ? null : Instant.ofEpochSecond(expiry),
        name,
        Secret.of(value));
  }

  private static boolean flag(String text, String what, String where) {
    String t = text.trim();
    if (t.equalsIgnoreCase("TRUE")) {
      return true;
    }
    if (t.equalsIgnoreCase("FALSE")) {
      return false;
    }
    throw new IllegalArgumentException(where + ": " + what + " is '" + t + "', want TRUE or FALSE");
  }
}
