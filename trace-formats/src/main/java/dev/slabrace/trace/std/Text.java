package dev.slabrace.trace.std;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Byte-range helpers for messages and prefixes. */
final class Text {
  /** The longest excerpt of a line that a message quotes, in bytes. */
  static final int MAX_QUOTE = 60;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Text() {}

  /** Returns {@code b[i, i + 8)} as a little-endian word. */
  static long word(byte[] b, int i) {
    return (long) LONGS.get(b, i);
  }

  /** Returns {@code b[from, to)} decoded as UTF-8, cut to {@link #MAX_QUOTE} bytes and "...". */
  static String quote(byte[] b, int from, int to) {
    int n = Math.min(to - from, MAX_QUOTE);
    String s = new String(b, from, n, StandardCharsets.UTF_8);
    return n < to - from ? s + "..." : s;
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
