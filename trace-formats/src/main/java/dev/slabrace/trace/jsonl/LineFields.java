package dev.slabrace.trace.jsonl;

import static dev.slabrace.trace.io.Swar.HIGH_BITS;
import static dev.slabrace.trace.io.Swar.ONES;
import static dev.slabrace.trace.io.Swar.SPACES;

import dev.slabrace.trace.io.Swar;
import java.nio.charset.StandardCharsets;

/**
 * A JSON Lines event line cut into its fields for {@link ByteDecoder}, with the JSON syntax checked:
 * per field its name's code, its value's type and its value's bytes or number, in line order. Only a
 * flat object of plain values is cut: a nested value, an escape or non-ASCII in a string, a negative,
 * fractional or long number, anything unusual, leaves the line to the jackson path.
 */
final class LineFields {
  /*
   * Implementation notes: strings are scanned eight bytes at a time for the bytes that end or
   * complicate them ('"', '\\', controls, non-ASCII), with the borrow tricks of Mycroft's zero-byte
   * test: a borrow only flags bytes above a true hit, so the lowest flagged byte is exact.
   */

  /** The most fields a line may have. */
  static final int MAX_FIELDS = 40;
  /** Field codes beyond Field's ordinals: a name that is no field, and "op". */
  static final int UNKNOWN = -1;
  static final int OP = -2;
  /** Value types. */
  static final int STRING = 0;
  static final int NUMBER = 1;
  static final int TRUE = 2;
  static final int FALSE = 3;
  static final int NULL = 4;

  private static final int MAX_DIGITS = 18;
  private static final long QUOTES = Swar.broadcast('"');
  private static final long BACKSLASHES = Swar.broadcast('\\');
  private static final Field[] FIELDS = Field.values();
  private static final NameTable FIELD_TABLE = new NameTable(names());

  /** Per field: its name's code (a Field ordinal, OP or UNKNOWN) and its value's type. */
  final int[] codes = new int[MAX_FIELDS];
  final int[] types = new int[MAX_FIELDS];
  /** Per string field: its value's bytes, without the quotes, in the line. */
  final int[] starts = new int[MAX_FIELDS];
  final int[] ends = new int[MAX_FIELDS];
  /** Per number field: its value. */
  final long[] numbers = new long[MAX_FIELDS];
  /** How many fields the last line that was cut has. */
  int count;
  private byte[] b;

  /**
   * Cuts {@code line[from, to)} into fields, checking its JSON syntax: true if it is one flat object
   * of at most {@link #MAX_FIELDS} fields with plain values; false for anything unusual.
   */
  boolean split(byte[] line, int from, int to) {
    b = line;
    byte[] s = b;
    int i = skipBlanks(from, to);
    if (i == to || s[i] != '{') {
      return false;
    }
    i = skipBlanks(i + 1, to);
    int k = 0;
    while (true) {
      if (i == to || s[i] != '"' || k == MAX_FIELDS) {
        return false;
      }
      int nameEnd = stringEnd(i + 1, to);
      if (nameEnd < 0) {
        return false;
      }
      codes[k] = fieldCode(i + 1, nameEnd);
      i = skipBlanks(nameEnd + 1, to);
      if (i == to || s[i] != ':') {
        return false;
      }
      i = skipBlanks(i + 1, to);
      if (i == to) {
        return false;
      }
      byte ch = s[i];
      int end;
      if (ch == '"') {
        end = stringEnd(i + 1, to);
        if (end < 0) {
          return false;
        }
        types[k] = STRING;
        starts[k] = i + 1;
        ends[k] = end;
        end++;
      } else if (ch >= '0' && ch <= '9') {
        long v = 0;
        end = i;
        while (end < to && s[end] >= '0' && s[end] <= '9') {
          v = v * 10 + (s[end] - '0');
          end++;
        }
        if (end - i > MAX_DIGITS || (ch == '0' && end - i > 1)) {
          return false;
        }
        types[k] = NUMBER;
        numbers[k] = v;
      } else if ((end = literal(i, to, 't', "true")) > 0) {
        types[k] = TRUE;
      } else if ((end = literal(i, to, 'f', "false")) > 0) {
        types[k] = FALSE;
      } else if ((end = literal(i, to, 'n', "null")) > 0) {
        types[k] = NULL;
      } else {
        return false;
      }
      k++;
      i = skipBlanks(end, to);
      if (i == to) {
        return false;
      }
      if (s[i] == '}') {
        count = k;
        return skipBlanks(i + 1, to) == to;
      }
      if (s[i] != ',') {
        return false;
      }
      i = skipBlanks(i + 1, to);
    }
  }

  /** Returns the index of the '"' closing a string of plain ASCII from {@code i}, or -1. */
  private int stringEnd(int i, int to) {
    byte[] s = b;
    // words may run past the line into the buffer after it, never past the array
    for (int last = s.length - Long.BYTES; i <= last && i < to; i += Long.BYTES) {
      long x = Swar.word(s, i);
      // flags '"', '\\', bytes below ' ' and bytes from 0x80: the lowest flag is exact (notes)
      long quote = x ^ QUOTES;
      long backslash = x ^ BACKSLASHES;
      long flags = ((quote - ONES) & ~quote | (backslash - ONES) & ~backslash
          | (x - SPACES) & ~x | x) & HIGH_BITS;
      if (flags != 0) {
        i += Long.numberOfTrailingZeros(flags) >>> 3;
        return i < to && s[i] == '"' ? i : -1;
      }
    }
    for (; i < to; i++) {
      byte ch = s[i];
      if (ch == '"') {
        return i;
      }
      if (ch < ' ' || ch == '\\') { // control bytes, escapes and (negative) non-ASCII bytes
        return -1;
      }
    }
    return -1;
  }

  /** Returns the end of {@code word} if it starts at {@code i}, or -1. */
  private int literal(int i, int to, char first, String word) {
    if (b[i] != first || to - i < word.length()) {
      return -1;
    }
    for (int j = 1; j < word.length(); j++) {
      if (b[i + j] != word.charAt(j)) {
        return -1;
      }
    }
    return i + word.length();
  }

  private int skipBlanks(int i, int to) {
    while (i < to && (b[i] == ' ' || b[i] == '\t')) {
      i++;
    }
    return i;
  }

  /** Returns the field that {@code b[from, to)} names: a Field ordinal, OP or UNKNOWN. */
  private int fieldCode(int from, int to) {
    int i = FIELD_TABLE.find(b, from, to);
    return i < 0 ? UNKNOWN : i < FIELDS.length ? i : OP;
  }

  private static byte[][] names() {
    byte[][] names = new byte[FIELDS.length + 1][];
    for (int i = 0; i < names.length; i++) {
      String name = i < FIELDS.length ? FIELDS[i].wireName : "op";
      names[i] = name.getBytes(StandardCharsets.US_ASCII);
    }
    return names;
  }
}
