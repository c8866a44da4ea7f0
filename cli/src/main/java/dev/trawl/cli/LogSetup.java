package dev.trawl.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;

/**
 * Logging for the command line: libraries' warnings and errors go to stderr as {@code trawl: LEVEL
 * logger: message}. Set up in code, found by logback through {@code META-INF/services}: reading a
 * {@code logback.xml} cost every command about 45 ms.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    ConsoleAppender<ILoggingEvent> err = new ConsoleAppender<>();
    err.setContext(context);
    err.setName("ERR");
    err.setTarget("System.err");
    Line line = new Line();
    line.setContext(context);
    line.start();
    err.setEncoder(line);
    err.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(err);
    // HttpClient's "Cookie rejected [name=value ...]" warning would print a cookie's value
    context
        .getLogger("org.apache.hc.client5.http.protocol.ResponseProcessCookies")
        .setLevel(Level.ERROR);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** {@code trawl: WARN org.apache.hc.client5...: message}, then the stack trace if any. */
  private static final class Line extends EncoderBase<ILoggingEvent> {
    @Override
    public byte[] headerBytes() {
      return null;
    }

    @Override
    public byte[] encode(ILoggingEvent e) {
      StringBuilder s = new StringBuilder("trawl: ");
      s.append(e.getLevel()).append(' ').append(e.getLoggerName()).append(": ");
      // Libraries quote what servers sent (a robots.txt line): never raw to the terminal.
      s.append(TerminalText.safe(e.getFormattedMessage())).append(System.lineSeparator());
      for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        s.append("  ").append(t.getClassName()).append(": ");
        s.append(TerminalText.safe(t.getMessage()));
        s.append(System.lineSeparator());
      }
      return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
      return null;
    }
  }
}
