package dev.slabrace.trace.ftrace;

/**
 * A splitter of an event payload into {@code key=value} fields, reused line after line; it records
 * offsets into the line and allocates nothing until a value is asked for as a string.
 *
 * <pre>
 * Implementation notes
 *
 * A key starts the payload or follows a space and matches [A-Za-z_][A-Za-z0-9_]*=; its value runs to
 * the next such key or the end of the line, trimmed. So a %pS value keeps its " [module]" suffix,
 * "vec=1 [action=TIMER]" gives vec the value "1 [action=TIMER]" (numbers read the first token), and
 * text before the first key (trace-cmd's "(func+off)" kmem prefix, RCU's flavour name) is ignored.
 * When a key repeats, the last one wins: the kernel prints comms before the numeric fields that
 * follow them, so a comm that happens to contain " pid=" cannot hide the real one.
 * </pre>
 */
final class Payload {
  /** Most fields kept per line; later ones are ignored (no mapped event has half as many). */
  static final int MAX_FIELDS = 32;
  private static final int HEX_RADIX = 16;
  /** The most characters of a value that a message quotes. */
  static final int MAX_SHOWN = 60;
  private static final char DEL = 0x7f;

  private String s;
  private int count;
  private final int[] keyStart = new int[MAX_FIELDS];
  private final int[] keyEnd = new int[MAX_FIELDS];
  private final int[] valueStart = new int[MAX_FIELDS];
  private final int[] valueEnd = new int[MAX_FIELDS];

  /** Splits {@code line} from offset {@code from} to its end. */
  void split(String line, int from) {
    s = line;
    count = 0;
    int n = line.length();
    for (int i = from; i < n; i++) {
      if ((i == from || line.charAt(i - 1) == ' ') && isKeyStart(line.charAt(i))) {
        int k = i + 1;
        while (k < n && isKeyChar(line.charAt(k))) {
          k++;
        }
        if (k < n && line.charAt(k) == '=') {
          if (count > 0) {
            valueEnd[count - 1] = trimEnd(i);
          }
          if (count == MAX_FIELDS) {
            return;
          }
          keyStart[count] = i;
          keyEnd[count] = k;
          valueStart[count] = FtraceLineScanner.skipSpaces(line, k + 1);
          valueEnd[count] = n;
          count++;
          i = k;
        }
      }
    }
    if (count > 0) {
      valueEnd[count - 1] = trimEnd(n);
    }
  }

  /** Returns how many fields the line has. */
  int count() {
    return count;
  }

  /** Returns the index of the last field named {@code key}, or -1. */
  int find(String key) {
    for (int i = count - 1; i >= 0; i--) {
      if (keyEnd[i] - keyStart[i] == key.length() && s.startsWith(key, keyStart[i])) {
        return i;
      }
    }
    return -1;
  }

  /** Returns field {@code i}'s value as written, trimmed. */
  String value(int i) {
    return s.substring(Math.min(valueStart[i], valueEnd[i]), valueEnd[i]);
  }

  /** Returns field {@code i}'s value from its start to the end of the line (for a trailing %pS). */
  String rest(int i) {
    return s.substring(Math.min(valueStart[i], valueEnd[count - 1]), valueEnd[count - 1]);
  }

  /** Returns the first space-separated token of field {@code i}'s value. */
  String token(int i) {
    return s.substring(valueStart[i], tokenEnd(i));
  }

  /** Returns the length of the first space-separated token of field {@code i}'s value. */
  int tokenLength(int i) {
    return Math.max(0, tokenEnd(i) - valueStart[i]);
  }

  /**
   * Reads field {@code i} as a pointer: hex with or without {@code 0x}; {@code (null)}, {@code (nil)}
   * and an empty value are 0.
   */
  long pointer(int i, String what) throws MalformedLine {
    return pointerAt(s, valueStart[i], tokenEnd(i), what);
  }

  /** Reads field {@code i} as an integer: decimal (signed or unsigned 64-bit) or {@code 0x} hex. */
  long integer(int i, String what) throws MalformedLine {
    return integerAt(s, valueStart[i], tokenEnd(i), what);
  }

  /** Reads [from, to) of {@code s} as a pointer, like {@link #pointer}. */
  static long pointerAt(String s, int from, int to, String what) throws MalformedLine {
    if (to == from || regionIs(s, from, to, "(null)") || regionIs(s, from, to, "(nil)")) {
      return 0;
    }
    int p = hasHexPrefix(s, from, to) ? from + 2 : from;
    if (to - p < 1 || to - p > HEX_RADIX) {
      throw new MalformedLine(what + " is not a pointer: '" + shown(s, from, to) + "'");
    }
    try {
      return Long.parseUnsignedLong(s, p, to, HEX_RADIX);
    } catch (NumberFormatException e) {
      throw new MalformedLine(what + " is not a pointer: '" + shown(s, from, to) + "'");
    }
  }

  /** Reads [from, to) of {@code s} as an integer, like {@link #integer}. */
  static long integerAt(String s, int from, int to, String what) throws MalformedLine {
    try {
      if (hasHexPrefix(s, from, to)) {
        if (to - from - 2 > HEX_RADIX) {
          throw new NumberFormatException();
        }
        return Long.parseUnsignedLong(s, from + 2, to, HEX_RADIX);
      }
      if (to > from && s.charAt(from) == '-') {
        return Long.parseLong(s, from, to, 10);
      }
      return Long.parseUnsignedLong(s, from, to, 10);
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw new MalformedLine(what + " is not a number: '" + shown(s, from, to) + "'");
    }
  }

  /** Returns [from, to) of {@code s} for a message: at most {@link #MAX_SHOWN} characters, then "...". */
  static String shown(String s, int from, int to) {
    return shown(s, from, to, MAX_SHOWN);
  }

  /**
   * Returns [from, to) of {@code s} for a message: at most {@code max} characters, then "...", with
   * control characters escaped so that the message stays one line.
   */
  static String shown(String s, int from, int to, int max) {
    int end = Math.min(to, from + max);
    StringBuilder b = new StringBuilder(end - from + 3);
    for (int i = from; i < end; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < ' ' || c == DEL) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return end < to ? b.append("...").toString() : b.toString();
  }

  private int tokenEnd(int i) {
    int p = valueStart[i];
    int end = valueEnd[i];
    while (p < end && s.charAt(p) != ' ') {
      p++;
    }
    return p;
  }

  private int trimEnd(int end) {
    while (end > 0 && s.charAt(end - 1) == ' ') {
      end--;
    }
    return end;
  }

  private static boolean hasHexPrefix(String s, int from, int to) {
    return to - from > 2 && s.charAt(from) == '0'
        && (s.charAt(from + 1) == 'x' || s.charAt(from + 1) == 'X');
  }

  private static boolean regionIs(String s, int from, int to, String literal) {
    return to - from == literal.length() && s.startsWith(literal, from);
  }

  private static boolean isKeyStart(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isKeyChar(char c) {
    return isKeyStart(c) || FtraceLineScanner.isDigit(c);
  }
}
