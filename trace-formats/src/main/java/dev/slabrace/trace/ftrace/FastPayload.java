package dev.slabrace.trace.ftrace;

import static dev.slabrace.trace.io.Swar.HIGH_BITS;
import static dev.slabrace.trace.io.Swar.LONGS;
import static dev.slabrace.trace.io.Swar.SPACES;
import static dev.slabrace.trace.io.Swar.zeroBytes;

import dev.slabrace.trace.io.Swar;
import java.nio.charset.StandardCharsets;

/**
 * A byte-level reader of the {@code key=value} payload of the event lines {@link FastPath} maps, for
 * the keys it reads; it accepts only payloads whose fields {@link Payload} would split into the same
 * values, and leaves every other line to it.
 *
 * <pre>
 * Implementation notes
 *
 * Payload finds a key at the payload's start or after a space, so keys start exactly at the starts of
 * the payload's space-separated tokens: a token is a key when it matches [A-Za-z_][A-Za-z0-9_]*=. A
 * token that is not a key continues the value before it. So a field this class reads (one the caller
 * names in its mask) is accepted when its value is one non-empty token followed by a key or the end:
 * then Payload's value, trimmed, and its first token are that token, whatever the spaces. A field
 * marked as running to the end of the line (ip=, read with Payload.rest) may be followed by anything.
 * Fields not read are skipped like Payload ignores them. A read key given twice (Payload keeps the
 * last), more than {@link Payload#MAX_FIELDS} keys, and an empty value are left to Payload.
 *
 * Numbers are read only in the plain forms Payload.pointer and Payload.integer read without their
 * general parser (the others are left to it): keys are compared as little-endian words of their
 * bytes, a value's end is found eight bytes at a time, and a 16-digit %px pointer is decoded eight
 * digits at a time ({@link #hex8}), which relies on the line being ASCII (FastPath's precondition).
 * </pre>
 */
final class FastPayload {
  /** The keys read, as bit numbers of a mask. */
  static final int OP = 0;
  static final int SIZE = 1;
  static final int ORDER = 2;
  static final int ADDR = 3;
  static final int VAL = 4;
  static final int OLD = 5;
  static final int OK = 6;
  static final int FIELD = 7;
  static final int IP = 8;
  static final int PTR = 9;
  static final int BYTES_ALLOC = 10;
  static final int CALL_SITE = 11;
  static final int NAME = 12;
  static final int PID = 13;
  static final int PREV_PID = 14;
  static final int NEXT_PID = 15;
  private static final int KEYS = 16;
  private static final int MAX_HEX = 16;
  private static final int MAX_DECIMAL = 18;
  private static final byte[] HEX_VALUES = hexValues();
  private static final long LOW_NIBBLES = Swar.broadcast(0x0f);
  /** Added to each byte: its high bit is set from '0' up, clear above '9', from 'a', above 'f'. */
  private static final long ADD_DIGIT_LOW = Swar.broadcast(0x50);
  private static final long ADD_DIGIT_HIGH = Swar.broadcast(0x46);
  private static final long ADD_LETTER_LOW = Swar.broadcast(0x1f);
  private static final long ADD_LETTER_HIGH = Swar.broadcast(0x19);
  private static final long W_OP = word("op");
  private static final long W_IP = word("ip");
  private static final long W_OK = word("ok");
  private static final long W_VAL = word("val");
  private static final long W_OLD = word("old");
  private static final long W_PTR = word("ptr");
  private static final long W_PID = word("pid");
  private static final long W_SIZE = word("size");
  private static final long W_ADDR = word("addr");
  private static final long W_NAME = word("name");
  private static final long W_ORDER = word("order");
  private static final long W_FIELD = word("field");
  private static final long W_PREV_PID = word("prev_pid");
  private static final long W_NEXT_PID = word("next_pid");
  /** call_site and bytes_alloc: their first and last eight bytes. */
  private static final long CALL_SIT = word("call_sit");
  private static final long ALL_SITE = word("all_site");
  private static final long BYTES_AL = word("bytes_al");
  private static final long ES_ALLOC = word("es_alloc");

  private byte[] b;
  /** Which keys the last split found. */
  private int found;
  private final int[] from = new int[KEYS];
  private final int[] to = new int[KEYS];
  /** Where the payload ends without trailing spaces. */
  private int trimmedEnd;
  /** Whether the last {@link #hex} or {@link #integer} read its value. */
  boolean valid;

  /**
   * Splits the payload b[p, end), which starts with a non-space, reading the keys in {@code read};
   * {@code rest} is the one that runs to the end of the line (-1 for none). False if not read here.
   */
  boolean split(byte[] bytes, int p, int end, int read, int rest) {
    b = bytes;
    found = 0;
    int keys = 0;
    boolean open = true; // whether the field before may take a non-key token
    while (p < end) {
      int k = p;
      if (isKeyStart(bytes[k])) {
        k++;
        while (k < end && isKeyChar(bytes[k])) {
          k++;
        }
      }
      int q = k;
      if (k > p && k < end && bytes[k] == '=') {
        if (++keys > Payload.MAX_FIELDS) {
          return false;
        }
        q = spaceOrEnd(bytes, k + 1, end);
        int key = key(bytes, p, k);
        if (key >= 0 && (read & 1 << key) != 0) {
          if ((found & 1 << key) != 0 || q == k + 1) {
            return false;
          }
          found |= 1 << key;
          from[key] = k + 1;
          to[key] = q;
          open = key == rest;
        } else {
          open = true;
        }
      } else {
        if (!open) {
          return false;
        }
        q = spaceOrEnd(bytes, q, end);
      }
      p = BytePrefix.skipSpaces(bytes, q, end);
    }
    int e = end;
    while (e > 0 && bytes[e - 1] == ' ') {
      e--;
    }
    trimmedEnd = e;
    return true;
  }

  /** Returns the index of the first space in b[p, end), or end; eight bytes at a time. */
  private static int spaceOrEnd(byte[] b, int p, int end) {
    for (; p <= end - Long.BYTES; p += Long.BYTES) {
      long x = (long) LONGS.get(b, p) ^ SPACES;
      // Mycroft's zero-byte test on x ^ "        ": the lowest flagged byte is exact
      long hit = zeroBytes(x);
      if (hit != 0) {
        return p + (Long.numberOfTrailingZeros(hit) >>> 3);
      }
    }
    while (p < end && b[p] != ' ') {
      p++;
    }
    return p;
  }

  /** Whether the last split found {@code key}. */
  boolean has(int key) {
    return (found & 1 << key) != 0;
  }

  /** Where the value of {@code key} starts. */
  int from(int key) {
    return from[key];
  }

  /** Where the value of {@code key} ends: its token's end. */
  int to(int key) {
    return to[key];
  }

  /** Where the value of a key that runs to the end of the line ends. */
  int restEnd() {
    return trimmedEnd;
  }

  /** Whether the value of {@code key} is the one byte {@code c}. */
  boolean is(int key, char c) {
    return to[key] - from[key] == 1 && b[from[key]] == c;
  }

  /** Whether the value of {@code key} is {@code literal} (ASCII). */
  boolean is(int key, String literal) {
    int f = from[key];
    if (to[key] - f != literal.length()) {
      return false;
    }
    for (int i = 0; i < literal.length(); i++) {
      if (b[f + i] != literal.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Returns the length of the value of {@code key}. */
  int length(int key) {
    return to[key] - from[key];
  }

  /** Returns the value of {@code key}'s first (at most) eight bytes as a word, see {@link #word}. */
  long word(int key) {
    return Swar.word(b, from[key], Math.min(length(key), Long.BYTES));
  }

  /** Reads {@code key} as Payload.pointer's plain case: 1 to 16 hex digits after an optional 0x. */
  long hex(int key) {
    int f = from[key];
    return digits(hasHexPrefix(f, to[key]) ? f + 2 : f, to[key]);
  }

  /** Reads {@code key} as Payload.integer's plain case: 0x and 1 to 16 hex digits, or 1 to 18 decimal. */
  long integer(int key) {
    int f = from[key];
    int t = to[key];
    if (hasHexPrefix(f, t)) {
      return digits(f + 2, t);
    }
    valid = false;
    if (t - f < 1 || t - f > MAX_DECIMAL) {
      return 0;
    }
    long v = 0;
    for (int i = f; i < t; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return 0;
      }
      v = v * 10 + d;
    }
    valid = true;
    return v;
  }

  private long digits(int f, int t) {
    valid = false;
    if (t - f == MAX_HEX) {
      // a %px pointer: two words of eight digits
      long high = hex8((long) LONGS.get(b, f));
      long low = hex8((long) LONGS.get(b, f + Long.BYTES));
      valid = (high | low) >= 0;
      return high << Integer.SIZE | low;
    }
    if (t - f > MAX_HEX) {
      return 0;
    }
    long v = 0;
    for (int i = f; i < t; i++) {
      int d = HEX_VALUES[b[i] & 0x7f];
      if (d < 0) {
        return 0;
      }
      v = v << 4 | d;
    }
    valid = t > f;
    return v;
  }

  /**
   * Returns the value of eight hex digits, the first in the lowest byte of {@code x}, or -1 if a byte
   * is not a hex digit. The bytes must be ASCII (below 0x80), so that adding to a byte never carries
   * into the next.
   */
  static long hex8(long x) {
    long u = x | SPACES; // 'A'-'F' to 'a'-'f'; digits keep their value; other ASCII stays invalid
    long digit = (u + ADD_DIGIT_LOW) & ~(u + ADD_DIGIT_HIGH) & HIGH_BITS;
    long letter = (u + ADD_LETTER_LOW) & ~(u + ADD_LETTER_HIGH) & HIGH_BITS;
    if ((digit | letter) != HIGH_BITS) {
      return -1;
    }
    long v = (u & LOW_NIBBLES) + (letter >>> 7) * 9;
    // gather the nibbles, first digit most significant: pairs, then quads, then all eight
    v = (v << 4 | v >>> 8) & 0x00ff00ff00ff00ffL;
    v = (v << 8 | v >>> 16) & 0x0000ffff0000ffffL;
    return (v << 16 | v >>> 32) & 0xffffffffL;
  }

  private boolean hasHexPrefix(int f, int t) {
    return t - f > 2 && b[f] == '0' && (b[f + 1] == 'x' || b[f + 1] == 'X');
  }

  /** Returns the code of the key b[p, k), or -1 for a key not read: its bytes compared as words. */
  private static int key(byte[] b, int p, int k) {
    int len = k - p;
    if (len > Long.BYTES) {
      long w = Swar.word(b, p, Long.BYTES);
      long tail = Swar.word(b, k - Long.BYTES, Long.BYTES);
      return len == 9 && w == CALL_SIT && tail == ALL_SITE ? CALL_SITE
          : len == 11 && w == BYTES_AL && tail == ES_ALLOC ? BYTES_ALLOC : -1;
    }
    long w = Swar.word(b, p, len);
    return switch (len) {
      case 2 -> w == W_OP ? OP : w == W_IP ? IP : w == W_OK ? OK : -1;
      case 3 -> w == W_VAL ? VAL : w == W_OLD ? OLD : w == W_PTR ? PTR : w == W_PID ? PID : -1;
      case 4 -> w == W_SIZE ? SIZE : w == W_ADDR ? ADDR : w == W_NAME ? NAME : -1;
      case 5 -> w == W_ORDER ? ORDER : w == W_FIELD ? FIELD : -1;
      case 8 -> w == W_PREV_PID ? PREV_PID : w == W_NEXT_PID ? NEXT_PID : -1;
      default -> -1;
    };
  }

  /** Returns the word of {@code word(s, 0, length)} for an ASCII string. */
  static long word(String s) {
    return Swar.word(s.getBytes(StandardCharsets.US_ASCII), 0, Math.min(s.length(), Long.BYTES));
  }

  private static boolean isKeyStart(byte c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isKeyChar(byte c) {
    return isKeyStart(c) || (c >= '0' && c <= '9');
  }

  private static byte[] hexValues() {
    byte[] values = new byte[128];
    for (int c = 0; c < values.length; c++) {
      values[c] = (byte) Character.digit(c, 16);
    }
    return values;
  }
}
