package dev.slabrace.trace.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A map from byte strings to the {@code int} ids they were interned as, looked up straight from a
 * reader's buffer: a reader that has seen a name before gets its id without building a String.
 *
 * <p>The cache only remembers; the caller interns a name on a miss ({@link #NONE}) and then
 * {@link #put}s its id, so the table it caches decides the ids and sees names in the same order as
 * without the cache.
 */
public final class InternCache {
  /** What {@link #get} returns for bytes not in the cache. */
  public static final int NONE = -1;

  /*
   * Implementation notes: open addressing with linear probing, at most half full. A key is its length
   * and two little-endian words, w0 = bytes [0, 8) and w1 = bytes [8, 16), zero-padded; for a key of at
   * most 16 bytes they are the key, so a lookup compares three numbers held in the slot and never
   * touches the bytes. A longer key also hashes its further bytes and is compared with its copy in the
   * arena. Slot s is words[3s] = w0, words[3s + 1] = w1, words[3s + 2] = length << 32 | (id + 1), or 0
   * when empty; a long key's bytes start at starts[s].
   */

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int INLINE = 2 * Long.BYTES;
  private static final int STRIDE = 3;

  private long[] words = new long[64 * STRIDE];
  private int[] starts = new int[64];
  private int mask = 63;
  private byte[] arena = new byte[0];
  private int arenaEnd;
  private int size;

  /** Returns the id cached for {@code b[from, to)}, or {@link #NONE}. */
  public int get(byte[] b, int from, int to) {
    int len = to - from;
    long w0 = word(b, from, Math.min(len, Long.BYTES));
    long w1 = len > Long.BYTES ? word(b, from + Long.BYTES, Math.min(len, INLINE) - Long.BYTES) : 0;
    long meta = (long) len << 32;
    long[] t = words;
    for (int s = slot(b, from, to, w0, w1); ; s = (s + 1) & mask) {
      int at = s * STRIDE;
      long m = t[at + 2];
      if (m == 0) {
        return NONE;
      }
      if (t[at] == w0 && t[at + 1] == w1 && (m & 0xffffffff00000000L) == meta
          && (len <= INLINE || Arrays.equals(arena, starts[s], starts[s] + len, b, from, to))) {
        return (int) m - 1;
      }
    }
  }

  /** Caches {@code id} (at least 0) for {@code b[from, to)}, which must not be in the cache yet. */
  public void put(byte[] b, int from, int to, int id) {
    if (2 * (size + 1) > mask + 1) {
      grow();
    }
    int len = to - from;
    long w0 = word(b, from, Math.min(len, Long.BYTES));
    long w1 = len > Long.BYTES ? word(b, from + Long.BYTES, Math.min(len, INLINE) - Long.BYTES) : 0;
    int start = 0;
    if (len > INLINE) {
      if (arenaEnd + len > arena.length) {
        arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaEnd + len));
      }
      System.arraycopy(b, from, arena, arenaEnd, len);
      start = arenaEnd;
      arenaEnd += len;
    }
    int s = slot(b, from, to, w0, w1);
    while (words[s * STRIDE + 2] != 0) {
      s = (s + 1) & mask;
    }
    words[s * STRIDE] = w0;
    words[s * STRIDE + 1] = w1;
    words[s * STRIDE + 2] = (long) len << 32 | (id + 1L);
    starts[s] = start;
    size++;
  }

  /** Returns how many byte strings the cache holds. */
  public int size() {
    return size;
  }

  private void grow() {
    long[] oldWords = words;
    int[] oldStarts = starts;
    words = new long[oldWords.length * 2];
    starts = new int[oldStarts.length * 2];
    mask = starts.length - 1;
    for (int o = 0; o < oldStarts.length; o++) {
      long m = oldWords[o * STRIDE + 2];
      if (m == 0) {
        continue;
      }
      int len = (int) (m >>> 32);
      long w0 = oldWords[o * STRIDE];
      long w1 = oldWords[o * STRIDE + 1];
      int s = len > INLINE ? slot(arena, oldStarts[o], oldStarts[o] + len, w0, w1) : slot(w0, w1, len);
      while (words[s * STRIDE + 2] != 0) {
        s = (s + 1) & mask;
      }
      System.arraycopy(oldWords, o * STRIDE, words, s * STRIDE, STRIDE);
      starts[s] = oldStarts[o];
    }
  }

  private int slot(byte[] b, int from, int to, long w0, long w1) {
    int len = to - from;
    if (len <= INLINE) {
      return slot(w0, w1, len);
    }
    long h = w0 * 0x9e3779b97f4a7c15L ^ w1 * 0xc2b2ae3d27d4eb4fL ^ len;
    for (int i = from + INLINE; i < to; i++) {
      h = (h ^ b[i]) * 0x100000001b3L;
    }
    return mix(h);
  }

  private int slot(long w0, long w1, int len) {
    return mix(w0 * 0x9e3779b97f4a7c15L ^ w1 * 0xc2b2ae3d27d4eb4fL ^ len);
  }

  private int mix(long h) {
    h ^= h >>> 29;
    h *= 0xbf58476d1ce4e5b9L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  /** Returns {@code len} (at most 8) bytes from {@code from} as a little-endian, zero-padded word. */
  private static long word(byte[] b, int from, int len) {
    if (len <= 0) {
      return 0;
    }
    if (from <= b.length - Long.BYTES) {
      long x = (long) LONGS.get(b, from);
      return len == Long.BYTES ? x : x & ((1L << (len << 3)) - 1);
    }
    long w = 0;
    for (int i = from + len - 1; i >= from; i--) {
      w = w << Byte.SIZE | (b[i] & 0xff);
    }
    return w;
  }
}
