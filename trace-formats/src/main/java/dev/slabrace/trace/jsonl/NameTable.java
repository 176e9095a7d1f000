package dev.slabrace.trace.jsonl;

import static dev.slabrace.trace.io.Swar.word;

/**
 * A table of up to 16-byte ASCII names, looked up by their bytes as two words: one probe and two
 * compares for a name of the table.
 *
 * <p>A fixed table of the format's keywords (field, op and memory-order names), not an interner: it
 * never grows, and its hash is weaker than {@link dev.slabrace.trace.io.ByteInterner}'s (which must
 * spread millions of names), so that the lookup of every field of every line stays a few cycles
 * cheaper.
 */
final class NameTable {
  private static final int MAX_LENGTH = 16;
  private final long[] words0;
  private final long[] words1;
  /** Index in the names + 1, or 0 for an empty slot; the length is in the upper 16 bits. */
  private final int[] entries;
  private final int mask;

  /** Creates the table of {@code names}, each 1 to 16 ASCII bytes; a name's index is its id. */
  NameTable(byte[][] names) {
    int size = Integer.highestOneBit(names.length * 4 - 1) << 1;
    words0 = new long[size];
    words1 = new long[size];
    entries = new int[size];
    mask = size - 1;
    for (int i = 0; i < names.length; i++) {
      byte[] n = names[i];
      long w0 = word(n, 0, Math.min(n.length, Long.BYTES));
      long w1 = n.length > Long.BYTES ? word(n, Long.BYTES, n.length - Long.BYTES) : 0;
      int s = slot(w0, w1, n.length);
      while (entries[s] != 0) {
        s = (s + 1) & mask;
      }
      words0[s] = w0;
      words1[s] = w1;
      entries[s] = n.length << 16 | (i + 1);
    }
  }

  /** Returns the index of the name {@code b[from, to)}, or -1. */
  int find(byte[] b, int from, int to) {
    int len = to - from;
    if (len == 0 || len > MAX_LENGTH) {
      return -1;
    }
    long w0 = word(b, from, Math.min(len, Long.BYTES));
    long w1 = len > Long.BYTES ? word(b, from + Long.BYTES, len - Long.BYTES) : 0;
    for (int s = slot(w0, w1, len); entries[s] != 0; s = (s + 1) & mask) {
      if (words0[s] == w0 && words1[s] == w1 && entries[s] >>> 16 == len) {
        return (entries[s] & 0xffff) - 1;
      }
    }
    return -1;
  }

  private int slot(long w0, long w1, int len) {
    long h = (w0 * 0x9e3779b97f4a7c15L ^ w1 * 0xc2b2ae3d27d4eb4fL) + len;
    return (int) (h ^ h >>> 29 ^ h >>> 43) & mask;
  }
}
