package dev.slabrace.trace.ftrace;

import dev.slabrace.trace.SymbolTable;
import java.util.Arrays;

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
  /**
   * Fields a line's arrays hold before they grow (no mapped event has half as many); the fast path
   * leaves lines with more to this class. A line may have any number: the arrays grow, once.
   */
  static final int MAX_FIELDS = 32;
  private static final int HEX_RADIX = 16;
  /** The most characters of a value that a message quotes. */
  static final int MAX_SHOWN = 60;
  private static final char DEL = 0x7f;
  /** Decimal digits that always fit a non-negative long. */
  private static final int MAX_PLAIN_DECIMAL = 18;
  /** The value of each ASCII hex digit, -1 for other characters. */
  private static final byte[] HEX_VALUES = hexValues();

  private String s;
  private int count;
  /** Whether the last hexDigits or decimalDigits read its text. */
  private boolean plain;
  /** Symbols of values seen before: one reader, so one symbol table, per payload. */
  private final RegionCache symbolCache = new RegionCache();
  private int[] keyStart = new int[MAX_FIELDS];
  private int[] keyEnd = new int[MAX_FIELDS];
  private int[] valueStart = new int[MAX_FIELDS];
  private int[] valueEnd = new int[MAX_FIELDS];
  /** Each key's length and first and last character, to compare keys as one int. */
  private int[] keySignature = new int[MAX_FIELDS];
  /** Each value's first token's end, once asked for; -1 before. */
  private int[] tokenEnds = new int[MAX_FIELDS];

  /** Splits {@code line} from offset {@code from} to its end. */
  void split(String line, int from) {
    s = line;
    count = 0;
    int n = line.length();
    // candidates are the payload's start and each position after a space, found with indexOf
    for (int i = from; i < n; ) {
      if (isKeyStart(line.charAt(i))) {
        int k = i + 1;
        while (k < n && isKeyChar(line.charAt(k))) {
          k++;
        }
        if (k < n && line.charAt(k) == '=') {
          if (count > 0) {
            valueEnd[count - 1] = trimEnd(i);
          }
          if (count == keyStart.length) {
            grow();
          }
          keyStart[count] = i;
          keyEnd[count] = k;
          keySignature[count] = signature(k - i, line.charAt(i), line.charAt(k - 1));
          tokenEnds[count] = -1;
          valueStart[count] = FtraceLineScanner.skipSpaces(line, k + 1);
          valueEnd[count] = n;
          count++;
          i = k;
        }
      }
      int space = line.indexOf(' ', i);
      if (space < 0) {
        break;
      }
      i = space + 1;
    }
    if (count > 0) {
      valueEnd[count - 1] = trimEnd(n);
    }
  }

  /** Doubles the room for fields: a line with more keys than any mapped event prints. */
  private void grow() {
    int size = keyStart.length * 2;
    keyStart = Arrays.copyOf(keyStart, size);
    keyEnd = Arrays.copyOf(keyEnd, size);
    valueStart = Arrays.copyOf(valueStart, size);
    valueEnd = Arrays.copyOf(valueEnd, size);
    keySignature = Arrays.copyOf(keySignature, size);
    tokenEnds = Arrays.copyOf(tokenEnds, size);
  }

  /** Returns how many fields the line has. */
  int count() {
    return count;
  }

  /** Returns the index of the last field named {@code key}, or -1. */
  int find(String key) {
    int len = key.length();
    int signature = signature(len, key.charAt(0), key.charAt(len - 1));
    for (int i = count - 1; i >= 0; i--) {
      if (keySignature[i] == signature && s.startsWith(key, keyStart[i])) {
        return i;
      }
    }
    return -1;
  }

  /** A key's length and its first and last character (keys are ASCII) as one int. */
  private static int signature(int length, char first, char last) {
    return length << 16 | (first & 0xff) << 8 | (last & 0xff);
  }

  /** Returns the symbol of [from, to) of the line in {@code symbols}, the reader's one table. */
  int symbol(int from, int to, SymbolTable symbols) {
    return symbols(from, to, symbols);
  }

  /** Returns the symbol of field {@code i}'s value, as {@link #value} gives it. */
  int valueSymbol(int i, SymbolTable symbols) {
    return symbols(valueFrom(i), valueEnd[i], symbols);
  }

  /** Returns the symbol of field {@code i}'s value to the end of the line, as {@link #rest} gives it. */
  int restSymbol(int i, SymbolTable symbols) {
    return symbols(Math.min(valueStart[i], valueEnd[count - 1]), valueEnd[count - 1], symbols);
  }

  /** Returns where field {@code i}'s value, as {@link #value} gives it, starts in the line. */
  int valueFrom(int i) {
    return Math.min(valueStart[i], valueEnd[i]);
  }

  /** Returns where field {@code i}'s value ends in the line. */
  int valueTo(int i) {
    return valueEnd[i];
  }

  /** Returns the line being split. */
  String text() {
    return s;
  }

  private int symbols(int from, int to, SymbolTable symbols) {
    return symbolCache.symbol(s, from, to, symbols);
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

  /** Whether the first space-separated token of field {@code i}'s value is {@code literal}. */
  boolean tokenIs(int i, String literal) {
    return tokenEnd(i) - valueStart[i] == literal.length() && s.startsWith(literal, valueStart[i]);
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
    int from = valueStart[i];
    int to = tokenEnd(i);
    long v = hexDigits(hasHexPrefix(s, from, to) ? from + 2 : from, to);
    return plain ? v : pointerAt(s, from, to, what);
  }

  /** Whether field {@code i}'s value is written with a minus sign: {@link #integer} read it signed. */
  boolean isNegative(int i) {
    int from = valueStart[i];
    return from < tokenEnd(i) && s.charAt(from) == '-';
  }

  /** Reads field {@code i} as an integer: decimal (signed or unsigned 64-bit) or {@code 0x} hex. */
  long integer(int i, String what) throws MalformedLine {
    int from = valueStart[i];
    int to = tokenEnd(i);
    long v = hasHexPrefix(s, from, to) ? hexDigits(from + 2, to) : decimalDigits(from, to);
    return plain ? v : integerAt(s, from, to, what);
  }

  /*
   * The common case of pointer() and integer(), without their checks: plain hex or decimal digits that
   * fit. Each sets `plain` to whether it read the text; anything else is left to pointerAt and
   * integerAt, which read or reject it as ever.
   */

  /** Reads [from, to) as 1 to 16 hex digits. */
  private long hexDigits(int from, int to) {
    plain = false;
    if (to - from < 1 || to - from > HEX_RADIX) {
      return 0;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      int d = c < HEX_VALUES.length ? HEX_VALUES[c] : -1;
      if (d < 0) {
        return 0;
      }
      v = v << 4 | d;
    }
    plain = true;
    return v;
  }

  /** Reads [from, to) as 1 to 18 decimal digits. */
  private long decimalDigits(int from, int to) {
    plain = false;
    if (to - from < 1 || to - from > MAX_PLAIN_DECIMAL) {
      return 0;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return 0;
      }
      v = v * 10 + d;
    }
    plain = true;
    return v;
  }

  private static byte[] hexValues() {
    byte[] values = new byte[128];
    for (int c = 0; c < values.length; c++) {
      values[c] = (byte) Character.digit(c, HEX_RADIX);
    }
    return values;
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
    int known = tokenEnds[i];
    if (known >= 0) {
      return known;
    }
    int p = valueStart[i];
    int end = valueEnd[i];
    if (p < end) {
      int space = s.indexOf(' ', p);
      p = space >= 0 && space < end ? space : end;
    }
    tokenEnds[i] = p;
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
