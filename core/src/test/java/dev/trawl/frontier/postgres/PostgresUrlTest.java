package dev.trawl.frontier.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresUrlTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "postgresql://db.example/trawl?user=u&password=p"
            + " | jdbc:postgresql://db.example/trawl?user=u&password=p",
        "postgresql://db.example:6543/trawl?user=u | jdbc:postgresql://db.example:6543/trawl?user=u",
        "postgresql://127.0.0.1/trawl | jdbc:postgresql://127.0.0.1/trawl",
        "postgresql://u:s%40cret@db.example/trawl"
            + " | jdbc:postgresql://db.example/trawl?user=u&password=s%40cret",
        "postgresql://u:a+b@db.example/trawl?sslmode=require"
            + " | jdbc:postgresql://db.example/trawl?user=u&password=a%2Bb&sslmode=require",
        "postgresql://[::1]:5432/trawl | jdbc:postgresql://[::1]:5432/trawl",
        "jdbc:postgresql://db.example:5432/trawl?user=u&password=p"
            + " | jdbc:postgresql://db.example:5432/trawl?user=u&password=p",
      })
  void acceptsLibpqAndJdbcForms(String url, String jdbc) {
    assertThat(PostgresUrl.toJdbc(url)).isEqualTo(jdbc);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                           | ''",
        "mysql://db.example/trawl?password=hunter2    | mysql://db.example/trawl?password=***",
        "postgres://db.example/trawl                  | postgres://db.example/trawl",
        "http://db.example/trawl                      | http://db.example/trawl",
        "out/dir                                      | out/dir",
        "postgresql://                                | postgresql://",
        "postgresql:///trawl?user=u&password=hunter2  | postgresql:///trawl?user=u&password=***",
        "postgresql://db.example                      | postgresql://db.example",
        "postgresql://db.example/                     | postgresql://db.example/",
        "postgresql://db.example/a/b                  | postgresql://db.example/a/b",
        "postgresql://db.example:port/trawl           | postgresql://db.example:port/trawl",
        "postgresql://u:hunter2@/trawl                | postgresql://u:***@/trawl",
        "jdbc:mysql://db.example/trawl                | jdbc:mysql://db.example/trawl",
        "jdbc:postgresql:trawl                        | jdbc:postgresql:trawl",
      })
  void rejectsOtherValuesNamingThemWithThePasswordMasked(String url, String shown) {
    assertThatThrownBy(() -> PostgresUrl.toJdbc(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith(": " + shown)
        .message()
        .doesNotContain("hunter2");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "postgresql://h/d?user=u&password=p&x=1 | postgresql://h/d?user=u&password=***&x=1",
        "postgresql://h/d?PASSWORD=p            | postgresql://h/d?PASSWORD=***",
        "postgresql://u:p@h/d                   | postgresql://u:***@h/d",
        "postgresql://h/d?user=u                | postgresql://h/d?user=u",
      })
  void masksPasswords(String url, String masked) {
    assertThat(PostgresUrl.mask(url)).isEqualTo(masked);
  }
}
