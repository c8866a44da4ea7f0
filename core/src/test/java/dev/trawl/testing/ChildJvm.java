package dev.trawl.testing;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/** Command lines for tests that run a class in a JVM of its own. */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * {@code java [jvmArgs] -cp <this class path> main args...} with this JVM's binary. sqlite-jdbc
   * extracts its native library where the build told this JVM ({@code org.sqlite.tmpdir}, under
   * {@code target/}): a child the test kills leaves its copy behind, and in /tmp it would stay.
   */
  public static List<String> command(List<String> jvmArgs, Class<?> main, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    String sqliteTmp = System.getProperty("org.sqlite.tmpdir");
    if (sqliteTmp != null) {
      cmd.add("-Dorg.sqlite.tmpdir=" + sqliteTmp);
    }
    // native access as this JVM has it (the shipped jar's manifest grants it): the same store code
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--enable-native-access")) {
        cmd.add(arg);
      }
    }
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }
}
