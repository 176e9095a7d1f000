package dev.slabrace.trace.ftrace;

import dev.slabrace.trace.EventCursor;
import java.nio.charset.StandardCharsets;

/**
 * A scanner of one ftrace text line's prefix: task, pid, optional tgid, cpu, optional flags,
 * timestamp, event name. It is reused; after {@link #scan} the fields describe the last line.
 *
 * <pre>
 * Implementation notes
 *
 * The prefix is never parsed by column: widths changed across kernels (%-5d before 5.x, %-7d now),
 * trace-cmd pads differently, and the comm, resolved at read time, may hold spaces, dashes, colons
 * and brackets. The scanner tries each '-' from the left as the comm/pid separator and accepts the
 * first one after which the rest of the prefix parses:
 *
 *   -PID ' '+ [ '(' TGID ')' ' '+ ] ( '[' CPU ']' ' '+ [ FLAGS ' '+ ] | CPU FLAGS ' '+ )
 *   TS ':' ' '+ NAME ':'
 *
 * where TGID is digits or dashes (unknown tgid), FLAGS is 4 to 8 chars of [.A-Za-z0-9_] (4 before
 * about 5.13, 5 since, 7 on PREEMPT_RT), the glued form CPU FLAGS is trace-cmd report -l, and TS is
 * sec.frac (ns clocks) or a bare counter (trace_clock=counter, x86-tsc). A prefix followed by text
 * that has no "NAME:" (function tracer lines "f <-parent") is {@link Kind#PREFIX_ONLY}.
 *
 * The search for the separator is bounded ({@link #MAX_SEPARATOR_OFFSET}) and each attempt is
 * linear, so a long line costs no more than its length.
 * </pre>
 */
final class FtraceLineScanner {
  /** What a line is. */
  enum Kind {
    /** Not an ftrace event line: a header, a comment, a continuation, garbage. */
    NONE,
    /** An event prefix without an event name: a function tracer line. */
    PREFIX_ONLY,
    /** A full event line: the fields below are valid. */
    EVENT
  }

  /** The interrupt context a line's flags column shows. */
  enum Context {
    /** Task context, or no flags column to tell. */
    TASK,
    /** Hard interrupt ('h', or 'H': hardirq inside softirq). */
    HARDIRQ,
    /** Softirq ('s'). */
    SOFTIRQ,
    /** NMI ('z', or 'Z': NMI inside hardirq). */
    NMI
  }

  /** How far into a line the comm/pid separator is looked for: the comm is at most 15 chars. */
  static final int MAX_SEPARATOR_OFFSET = 256;
  /** Narrowest flags column (kernels before about 5.13). */
  static final int MIN_FLAGS = 4;
  /** Widest flags column between brackets and timestamp (PREEMPT_RT prints 7). */
  static final int MAX_FLAGS = 8;
  /** Widest glued cpu+flags token of trace-cmd report -l, flags part. */
  static final int MAX_GLUED_FLAGS = 12;
  private static final int MAX_PID_DIGITS = 10;
  private static final int MAX_CPU_DIGITS = 5;
  private static final int NS_DIGITS = 9;

  /** Event names seen before, so that asking for one allocates nothing. */
  private final RegionCache names = new RegionCache();
  /** The line last scanned. */
  String text;
  /** The pid: the task's, or for an interrupt context the interrupted task's. */
  int pid;
  /** The CPU. */
  int cpu;
  /** Whether the line has a flags column (false without irq-info and in trace-cmd report). */
  boolean hasFlags;
  /** The interrupt context from the flags column; TASK when there is none. */
  Context context;
  /** Timestamp in ns, or {@link EventCursor#NO_REF} for a bare counter. */
  long ts;
  /** The event name: [nameStart, nameEnd) of {@link #text}. */
  int nameStart;
  int nameEnd;
  /** Where the payload starts (leading padding skipped); may equal the line length. */
  int payloadStart;
  /**
   * The line's bytes when a byte-level reader filled these fields (BytePrefix), else null and the
   * line is {@link #text}; the comm is [commFrom, commTo) of the one or the other, padding included.
   */
  byte[] bytes;
  int commFrom;
  int commTo;

  /** Scans {@code line}; the fields are valid when the result is {@link Kind#EVENT}. */
  Kind scan(String line) {
    text = line;
    bytes = null;
    commFrom = 0;
    Kind best = Kind.NONE;
    int limit = Math.min(line.length(), MAX_SEPARATOR_OFFSET);
    for (int dash = line.indexOf('-'); dash >= 0 && dash < limit; dash = line.indexOf('-', dash + 1)) {
      Kind k = tryAt(line, dash);
      if (k == Kind.EVENT) {
        return k;
      }
      if (k == Kind.PREFIX_ONLY) {
        best = k;
      }
    }
    return best;
  }

  /**
   * Returns the task's comm as the line prints it ({@code bash} of {@code bash-777}), without the
   * padding; it allocates, so the caller asks once per task.
   */
  String comm() {
    if (bytes == null) {
      return text.substring(commFrom, commTo).strip();
    }
    int from = commFrom;
    while (from < commTo && bytes[from] == ' ') {
      from++;
    }
    return new String(bytes, from, commTo - from, StandardCharsets.ISO_8859_1);
  }

  /** Returns the event name of the last {@link Kind#EVENT} line. */
  String name() {
    return names.name(text, nameStart, nameEnd);
  }

  /** Returns whether the event name equals {@code s}, without allocating. */
  boolean nameIs(String s) {
    return nameEnd - nameStart == s.length() && text.startsWith(s, nameStart);
  }

  private Kind tryAt(String s, int dash) {
    int n = s.length();
    int p = dash + 1;
    int start = p;
    long value = 0;
    while (p < n && isDigit(s.charAt(p)) && p - start < MAX_PID_DIGITS) {
      value = value * 10 + (s.charAt(p) - '0');
      p++;
    }
    if (p == start || p >= n || s.charAt(p) != ' ' || value > Integer.MAX_VALUE) {
      return Kind.NONE;
    }
    int pidValue = (int) value;
    p = skipSpaces(s, p);
    if (p < n && s.charAt(p) == '(') {
      p = skipTgid(s, p);
      if (p < 0) {
        return Kind.NONE;
      }
    }
    if (p >= n) {
      return Kind.NONE;
    }
    int cpuValue;
    boolean flags = false;
    Context ctx = Context.TASK;
    if (s.charAt(p) == '[') {
      int q = p + 1;
      int digits = q;
      while (q < n && isDigit(s.charAt(q)) && q - digits < MAX_CPU_DIGITS) {
        q++;
      }
      if (q == digits || q >= n || s.charAt(q) != ']' || q + 1 >= n || s.charAt(q + 1) != ' ') {
        return Kind.NONE;
      }
      cpuValue = Integer.parseInt(s, digits, q, 10);
      p = skipSpaces(s, q + 1);
      int tokenEnd = flagsEnd(s, p);
      if (tokenEnd < n && s.charAt(tokenEnd) == ' ' && !isTimestamp(s, p, tokenEnd)) {
        int width = tokenEnd - p;
        if (width < MIN_FLAGS || width > MAX_FLAGS) {
          return Kind.NONE;
        }
        flags = true;
        ctx = contextOf(s, p, tokenEnd);
        p = skipSpaces(s, tokenEnd);
      }
    } else if (isDigit(s.charAt(p))) {
      int digits = p;
      int q = p;
      while (q < n && isDigit(s.charAt(q)) && q - digits < MAX_CPU_DIGITS) {
        q++;
      }
      int tokenEnd = flagsEnd(s, q);
      int width = tokenEnd - q;
      if (q == digits || q >= n || isDigit(s.charAt(q)) || width < MIN_FLAGS
          || width > MAX_GLUED_FLAGS || tokenEnd >= n || s.charAt(tokenEnd) != ' ') {
        return Kind.NONE;
      }
      cpuValue = Integer.parseInt(s, digits, q, 10);
      flags = true;
      ctx = contextOf(s, q, tokenEnd);
      p = skipSpaces(s, tokenEnd);
    } else {
      return Kind.NONE;
    }
    int tsStart = p;
    while (p < n && isDigit(s.charAt(p))) {
      p++;
    }
    if (p == tsStart) {
      return Kind.NONE;
    }
    int secEnd = p;
    int fracStart = -1;
    if (p < n && s.charAt(p) == '.') {
      fracStart = ++p;
      while (p < n && isDigit(s.charAt(p))) {
        p++;
      }
      if (p == fracStart) {
        return Kind.NONE;
      }
    }
    if (p >= n || s.charAt(p) != ':') {
      return Kind.NONE;
    }
    long tsValue = fracStart < 0 ? EventCursor.NO_REF : nanos(s, tsStart, secEnd, fracStart, p);
    p++;
    if (p >= n || s.charAt(p) != ' ') {
      return Kind.NONE;
    }
    p = skipSpaces(s, p);
    pid = pidValue;
    commTo = dash;
    cpu = cpuValue;
    hasFlags = flags;
    context = ctx;
    ts = tsValue;
    int nameFrom = p;
    while (p < n && s.charAt(p) != ':' && s.charAt(p) != ' ') {
      p++;
    }
    if (p >= n || s.charAt(p) != ':' || (p + 1 < n && s.charAt(p + 1) != ' ')) {
      return Kind.PREFIX_ONLY;
    }
    nameStart = nameFrom;
    nameEnd = p;
    payloadStart = skipSpaces(s, p + 1);
    return Kind.EVENT;
  }

  /** Skips "(  123) " or "(-------) "; returns the index after the spaces, or -1. */
  private static int skipTgid(String s, int p) {
    int n = s.length();
    int q = skipSpaces(s, p + 1);
    int start = q;
    while (q < n && (isDigit(s.charAt(q)) || s.charAt(q) == '-')) {
      q++;
    }
    if (q == start || q >= n || s.charAt(q) != ')' || q + 1 >= n || s.charAt(q + 1) != ' ') {
      return -1;
    }
    return skipSpaces(s, q + 1);
  }

  /** Returns the end of a run of flag characters [.A-Za-z0-9_] starting at {@code p}. */
  private static int flagsEnd(String s, int p) {
    int n = s.length();
    while (p < n) {
      char c = s.charAt(p);
      if (!(c == '.' || c == '_' || isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        break;
      }
      p++;
    }
    return p;
  }

  /** Whether [from, to) followed by ':' reads as a timestamp rather than a flags column. */
  private static boolean isTimestamp(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!isDigit(c) && c != '.') {
        return false;
      }
    }
    return to > from && to < s.length() && s.charAt(to) == ':';
  }

  /**
   * The hard/softirq column is the third flag (index 2) everywhere except PREEMPT_RT, whose
   * need-resched-lazy column pushes it to index 3. Index 3 elsewhere is the preempt depth, a hex
   * digit or '.', which never looks like a context letter, so checking both is safe.
   */
  private static Context contextOf(String s, int from, int to) {
    for (int i = from + 2; i <= from + 3 && i < to; i++) {
      Context c = contextFlag(s.charAt(i));
      if (c != null) {
        return c;
      }
    }
    return Context.TASK;
  }

  /** The context an irqs-off/need-resched/hardirq-softirq flag character names, or null. */
  static Context contextFlag(int ch) {
    return switch (ch) {
      case 'h', 'H' -> Context.HARDIRQ;
      case 's' -> Context.SOFTIRQ;
      case 'z', 'Z' -> Context.NMI;
      default -> null;
    };
  }

  private static long nanos(String s, int secStart, int secEnd, int fracStart, int fracEnd) {
    long sec = 0;
    for (int i = secStart; i < secEnd; i++) {
      sec = sec * 10 + (s.charAt(i) - '0');
      if (sec > Long.MAX_VALUE / 1_000_000_000L / 10) {
        return EventCursor.NO_REF;
      }
    }
    long frac = 0;
    int digits = 0;
    for (int i = fracStart; i < fracEnd && digits < NS_DIGITS; i++, digits++) {
      frac = frac * 10 + (s.charAt(i) - '0');
    }
    for (; digits < NS_DIGITS; digits++) {
      frac *= 10;
    }
    return sec * 1_000_000_000L + frac;
  }

  static int skipSpaces(String s, int p) {
    int n = s.length();
    while (p < n && s.charAt(p) == ' ') {
      p++;
    }
    return p;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
