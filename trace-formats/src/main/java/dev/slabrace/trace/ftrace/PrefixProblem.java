package dev.slabrace.trace.ftrace;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The diagnosis of a line that has the shape of an event line but whose prefix
 * {@link FtraceLineScanner} cannot read: which field (task-pid, tgid, cpu, flags, timestamp) is
 * malformed. Such a line is a format error, not a line to skip, since dropping it could hide an
 * access or a free.
 *
 * <pre>
 * Implementation notes
 *
 * A line has the shape of an event line when, after a '-' (the task-pid separator) within the first
 * MAX_SEPARATOR_OFFSET characters, a token that starts with a digit or a '.' is followed by
 * ": NAME:" and a space or the end: a timestamp (or the flags where it is missing) and an event name. Headers, trace-cmd's banner lines, function tracer
 * lines ("f <-parent", no "NAME:") and prefix-less continuation lines of a multi-line printk never
 * have that shape. The fields are then checked from the timestamp leftwards, where each one is
 * delimited whatever the comm holds: flags after the last ']', the cpu inside the last "[...]", an
 * optional "(tgid)" before it, and the pid after the last '-'. This runs only on lines the readers
 * could not read, never on the hot path.
 * </pre>
 */
final class PrefixProblem {
  /** A timestamp-like token, then ": NAME:" and a space or the end of the line. */
  private static final Pattern EVENT_SHAPE =
      Pattern.compile("(?<=\\s)([\\d.]\\S*?): +([^\\s:]+):(?: |$)");
  private static final Pattern TIMESTAMP = Pattern.compile("\\d+(\\.\\d+)?");
  private static final Pattern CPU = Pattern.compile("\\d{1,5}");
  private static final Pattern FLAGS = Pattern.compile("[.A-Za-z0-9_]{4,8}");
  private static final Pattern GLUED_CPU_FLAGS = Pattern.compile("\\d{1,5}[.A-Za-z0-9_]{4,12}");
  private static final Pattern TGID = Pattern.compile("[0-9-]+");
  private static final Pattern PID = Pattern.compile("\\d{1,10}");
  /** How much of a line is searched for the event shape. */
  private static final int SEARCHED = 2 * FtraceLineScanner.MAX_SEPARATOR_OFFSET;

  private PrefixProblem() {}

  /**
   * Returns what is wrong with the prefix of {@code line}, starting with the event's name
   * ({@code "kmalloc: malformed flags '?!?!?' (...)"}), or null if the line does not have the shape
   * of an event line.
   */
  static String of(String line) {
    Matcher m = EVENT_SHAPE.matcher(line);
    m.region(0, Math.min(line.length(), SEARCHED));
    while (m.find()) {
      int tsStart = m.start(1);
      int dash = line.indexOf('-');
      if (dash >= 0 && dash < tsStart && dash < FtraceLineScanner.MAX_SEPARATOR_OFFSET) {
        return m.group(2) + ": " + field(line.substring(0, tsStart).strip(), m.group(1));
      }
    }
    return null;
  }

  /** Names the first malformed field, checked from the timestamp leftwards. */
  private static String field(String prefix, String timestamp) {
    if (!TIMESTAMP.matcher(timestamp).matches()) {
      return malformed("timestamp", timestamp, "SECONDS.FRACTION or a counter");
    }
    String head;
    int close = prefix.lastIndexOf(']');
    int open = close < 0 ? -1 : prefix.lastIndexOf('[', close);
    if (open > prefix.indexOf('-') && open >= 0) {
      String flags = prefix.substring(close + 1).strip();
      if (!flags.isEmpty() && !FLAGS.matcher(flags).matches()) {
        return malformed("flags", flags, "4 to 8 of the characters . A-Z a-z 0-9 _");
      }
      String cpu = prefix.substring(open + 1, close);
      if (!CPU.matcher(cpu).matches()) {
        return malformed("cpu", "[" + cpu + "]", "a CPU number of 1 to 5 digits in brackets");
      }
      head = prefix.substring(0, open).strip();
    } else {
      int space = prefix.lastIndexOf(' ');
      String token = prefix.substring(space + 1);
      if (space < 0 || !GLUED_CPU_FLAGS.matcher(token).matches()) {
        return malformed("cpu", token, "[CPU] before the timestamp, or trace-cmd's CPU and flags in"
            + " one token");
      }
      head = prefix.substring(0, space).strip();
    }
    if (head.endsWith(")")) {
      int paren = head.lastIndexOf('(');
      String tgid = paren < 0 ? head : head.substring(paren + 1, head.length() - 1).strip();
      if (paren < 0 || !TGID.matcher(tgid).matches()) {
        return malformed("tgid", paren < 0 ? head : head.substring(paren), "(TGID) or (-------)");
      }
      head = head.substring(0, paren).strip();
    }
    int dash = head.lastIndexOf('-');
    String pid = dash < 0 ? head : head.substring(dash + 1);
    if (dash < 0 || !PID.matcher(pid).matches() || Long.parseLong(pid) > Integer.MAX_VALUE) {
      return malformed("pid", pid, "TASK-PID with a pid of at most " + Integer.MAX_VALUE);
    }
    return "malformed event line prefix '" + Payload.shown(prefix, 0, prefix.length())
        + "' (expected TASK-PID, [CPU], flags and a timestamp before the event name)";
  }

  private static String malformed(String field, String value, String expected) {
    return "malformed " + field + " '" + Payload.shown(value, 0, value.length()) + "' (expected "
        + expected + ")";
  }
}
