package dev.slabrace.trace.ftrace;

import static dev.slabrace.trace.io.Swar.LONGS;
import static dev.slabrace.trace.io.Swar.zeroBytes;

import dev.slabrace.trace.io.Swar;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.ftrace.FtraceLineScanner.Context;

/**
 * A byte-level reader of an event line's prefix for {@link FastPath}: the forms of {@link
 * FtraceLineScanner} other than trace-cmd's glued cpu+flags, read from the line's bytes with no String.
 * It either reads the prefix exactly as the scanner would or gives up.
 *
 * <pre>
 * Implementation notes
 *
 * {@link #read} restates FtraceLineScanner.tryAt, with the same limits, on a printable ASCII line, so
 * that byte and char offsets agree. The scanner takes the first dash from the left whose attempt
 * gives an event; an attempt at a dash not followed by a digit always fails there, so those dashes are
 * passed over, and the first dash followed by a digit is the only one tried: if it does not read as
 * an event here, the line goes to the scanner, which may still find a later one.
 * </pre>
 */
final class BytePrefix {
  /** Seconds above this overflow a long of ns (FtraceLineScanner.nanos stops there). */
  private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L / 10;
  private static final int NS_DIGITS = 9;
  private static final long DASHES = Swar.broadcast('-');

  /** The fields of the prefix read last, where the mappers look for them (its text is unused). */
  final FtraceLineScanner line = new FtraceLineScanner();
  /** The event name: [nameStart, nameEnd) of the bytes. */
  int nameStart;
  int nameEnd;
  /** Where the payload starts (leading spaces skipped). */
  int payloadStart;

  /** Reads the prefix of the printable ASCII line b[from, to); false if it is not read here. */
  boolean read(byte[] b, int from, int to) {
    int limit = Math.min(to, from + FtraceLineScanner.MAX_SEPARATOR_OFFSET);
    for (int dash = dash(b, from, limit); dash >= 0; dash = dash(b, dash + 1, limit)) {
      if (dash + 1 < to && isDigit(b[dash + 1])) {
        return readAt(b, from, dash, to);
      }
    }
    return false;
  }

  /** Returns the index of the first '-' in b[p, limit), or -1; eight bytes at a time. */
  private static int dash(byte[] b, int p, int limit) {
    for (; p <= limit - Long.BYTES; p += Long.BYTES) {
      long x = (long) LONGS.get(b, p) ^ DASHES;
      // Mycroft's zero-byte test: the lowest flagged byte is exact
      long hit = zeroBytes(x);
      if (hit != 0) {
        return p + (Long.numberOfTrailingZeros(hit) >>> 3);
      }
    }
    for (; p < limit; p++) {
      if (b[p] == '-') {
        return p;
      }
    }
    return -1;
  }

  private boolean readAt(byte[] b, int from, int dash, int n) {
    int p = dash + 1;
    int start = p;
    long value = 0;
    while (p < n && isDigit(b[p]) && p - start < 10) {
      value = value * 10 + (b[p] - '0');
      p++;
    }
    if (p >= n || b[p] != ' ' || value > Integer.MAX_VALUE) {
      return false;
    }
    int pid = (int) value;
    p = skipSpaces(b, p, n);
    if (p < n && b[p] == '(') {
      p = skipTgid(b, p, n);
      if (p < 0) {
        return false;
      }
    }
    if (p >= n || b[p] != '[') {
      return false;
    }
    int q = p + 1;
    int digits = q;
    int cpu = 0;
    while (q < n && isDigit(b[q]) && q - digits < 5) {
      cpu = cpu * 10 + (b[q] - '0');
      q++;
    }
    if (q == digits || q >= n || b[q] != ']' || q + 1 >= n || b[q + 1] != ' ') {
      return false;
    }
    p = skipSpaces(b, q + 1, n);
    boolean flags = false;
    Context ctx = Context.TASK;
    int tokenEnd = flagsEnd(b, p, n);
    if (tokenEnd < n && b[tokenEnd] == ' ') {
      // a flags column (a timestamp ends in ':', never in ' ')
      int width = tokenEnd - p;
      if (width < FtraceLineScanner.MIN_FLAGS || width > FtraceLineScanner.MAX_FLAGS) {
        return false;
      }
      flags = true;
      ctx = contextOf(b, p, tokenEnd);
      p = skipSpaces(b, tokenEnd, n);
    }
    // the timestamp, read as it is scanned: as FtraceLineScanner.nanos, seconds that would overflow
    // give no timestamp, and fraction digits past the ninth are ignored
    int tsStart = p;
    long sec = 0;
    boolean overflow = false;
    while (p < n && isDigit(b[p])) {
      sec = sec * 10 + (b[p] - '0');
      overflow |= sec > MAX_SECONDS;
      p++;
    }
    if (p == tsStart) {
      return false;
    }
    boolean fraction = p < n && b[p] == '.';
    long frac = 0;
    if (fraction) {
      int fracStart = ++p;
      while (p < n && isDigit(b[p])) {
        if (p - fracStart < NS_DIGITS) {
          frac = frac * 10 + (b[p] - '0');
        }
        p++;
      }
      if (p == fracStart) {
        return false;
      }
      for (int d = p - fracStart; d < NS_DIGITS; d++) {
        frac *= 10;
      }
    }
    if (p + 1 >= n || b[p] != ':' || b[p + 1] != ' ') {
      return false;
    }
    long ts = !fraction || overflow ? EventCursor.NO_REF : sec * 1_000_000_000L + frac;
    p = skipSpaces(b, p + 1, n);
    int nameFrom = p;
    while (p < n && b[p] != ':' && b[p] != ' ') {
      p++;
    }
    if (p >= n || b[p] != ':' || (p + 1 < n && b[p + 1] != ' ')) {
      return false; // a function tracer line, or not an event
    }
    nameStart = nameFrom;
    nameEnd = p;
    payloadStart = skipSpaces(b, p + 1, n);
    line.pid = pid;
    line.cpu = cpu;
    line.hasFlags = flags;
    line.context = ctx;
    line.ts = ts;
    line.bytes = b;
    line.commFrom = from;
    line.commTo = dash;
    return true;
  }

  /** Skips "(  123) " or "(-------) "; returns the index after the spaces, or -1. */
  private static int skipTgid(byte[] b, int p, int n) {
    int q = skipSpaces(b, p + 1, n);
    int start = q;
    while (q < n && (isDigit(b[q]) || b[q] == '-')) {
      q++;
    }
    if (q == start || q + 1 >= n || b[q] != ')' || b[q + 1] != ' ') {
      return -1;
    }
    return skipSpaces(b, q + 1, n);
  }

  /** Returns the end of a run of flag characters [.A-Za-z0-9_] starting at {@code p}. */
  private static int flagsEnd(byte[] b, int p, int n) {
    while (p < n) {
      byte c = b[p];
      if (!(c == '.' || c == '_' || isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        break;
      }
      p++;
    }
    return p;
  }

  /** As FtraceLineScanner.contextOf: flag 3, or 4 on PREEMPT_RT. */
  private static Context contextOf(byte[] b, int from, int to) {
    for (int i = from + 2; i <= from + 3 && i < to; i++) {
      Context c = FtraceLineScanner.contextFlag(b[i]);
      if (c != null) {
        return c;
      }
    }
    return Context.TASK;
  }

  static int skipSpaces(byte[] b, int p, int n) {
    while (p < n && b[p] == ' ') {
      p++;
    }
    return p;
  }

  static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }
}
