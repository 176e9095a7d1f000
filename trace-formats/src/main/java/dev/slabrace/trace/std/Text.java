package dev.slabrace.trace.std;

import static dev.slabrace.trace.io.Swar.HIGH_BITS;
import static dev.slabrace.trace.io.Swar.word;

import java.nio.charset.StandardCharsets;

/** Byte-range helpers for messages and prefixes. */
final class Text {
  /** The longest excerpt of a line that a message quotes, in bytes. */
  static final int MAX_QUOTE = 60;

  private static final char DEL = 0x7f;

  private Text() {}

  /**
   * Returns {@code b[from, to)} decoded as UTF-8, cut to {@link #MAX_QUOTE} bytes and "...", with
   * control characters escaped so that a message stays one printable line.
   */
  static String quote(byte[] b, int from, int to) {
    int n = Math.min(to - from, MAX_QUOTE);
    String s = new String(b, from, n, StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(s.length() + 3);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < ' ' || c == DEL) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return n < to - from ? sb.append("...").toString() : sb.toString();
  }

  /**
   * Returns the index of the first byte of {@code b[from, to)} that is not part of well-formed UTF-8
   * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or -1.
   */
  static int invalidUtf8(byte[] b, int from, int to) {
    int i = from;
    while (i + Long.BYTES <= to && (word(b, i) & HIGH_BITS) == 0) {
      i += Long.BYTES;
    }
    while (i < to) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        i++;
        continue;
      }
      int n;
      int min;
      if (c >= 0xc2 && c <= 0xdf) {
        n = 1;
        min = 0x80;
      } else if (c >= 0xe0 && c <= 0xef) {
        n = 2;
        min = 0x800;
      } else if (c >= 0xf0 && c <= 0xf4) {
        n = 3;
        min = 0x10000;
      } else {
        return i;
      }
      if (i + n >= to) {
        return i;
      }
      int cp = c & (0x3f >> n);
      for (int k = 1; k <= n; k++) {
        int cont = b[i + k] & 0xff;
        if ((cont & 0xc0) != 0x80) {
          return i;
        }
        cp = cp << 6 | (cont & 0x3f);
      }
      if (cp < min || cp > Character.MAX_CODE_POINT
          || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
        return i;
      }
      i += n + 1;
    }
    return -1;
  }

  /** Whether {@code b[0, length)} starts with {@code prefix}. */
  static boolean startsWith(byte[] b, int length, byte[] prefix) {
    if (length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
