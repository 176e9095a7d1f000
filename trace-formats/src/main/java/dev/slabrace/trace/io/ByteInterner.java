package dev.slabrace.trace.io;

import static dev.slabrace.trace.io.Swar.word;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.ToIntFunction;

/**
 * The interning table of every byte-level reader: byte strings to dense {@code int} ids in order of
 * first appearance, looked up straight from the reader's buffer. A name seen before costs a hash of a
 * few 8-byte words and, for names of at most 16 bytes, one table slot read; nothing is allocated.
 *
 * <p>A reader that interns into a table of Strings ({@link dev.slabrace.trace.SymbolTable}) looks its
 * names up with {@link #valueOf}: the table remembers, per name, the id the String table gave it, and
 * builds the String only for a name it has not seen.
 */
public final class ByteInterner {
  /** What {@link #find} returns for bytes not in the table. */
  public static final int NONE = -1;

  /*
   * Implementation notes: a name is keyed by its length and two little-endian words, w0 and w1. A name
   * of 8..16 bytes has w0 = its first 8 bytes and w1 = its last 8 (they may overlap); a shorter one
   * has its bytes in w0 and w1 = 0. For those, (length, w0, w1) determines the bytes, so a lookup
   * compares three numbers held in the slot itself and never touches the name's bytes: one cache miss
   * per lookup in a large table. A longer name also hashes its middle words and is compared with its
   * copy in the arena. Slots are open addressing with linear probing at load at most 1/2, stride 3
   * longs: w0, w1, meta = length << 32 | (id + 1) (0 when empty); growing rehashes from the keys (and
   * the arena for long names), so no hash is stored. The bytes of every name live once, back to back,
   * in `arena`; name i is arena[offsets[i] .. offsets[i + 1]).
   */

  private static final int STRIDE = 3;
  private static final int INLINE_LENGTH = 16;
  /** The length's bits of a slot's meta word. */
  private static final long LENGTH = 0xffffffff00000000L;
  private static final long M0 = 0x9e3779b97f4a7c15L;
  private static final long M1 = 0xc2b2ae3d27d4eb4fL;
  private static final long M2 = 0xbf58476d1ce4e5b9L;

  private long[] slots = new long[64 * STRIDE];
  private int mask = 63;
  private byte[] arena = new byte[1 << 10];
  private int[] offsets = new int[65];
  private int size;
  /** Per id, what {@link #valueOf} was given for the name; grown by its calls. */
  private int[] values = new int[0];

  /** Returns the id of {@code b[from, to)}, adding it with the next id if it is new. */
  public int intern(byte[] b, int from, int to) {
    long w0 = word0(b, from, to);
    long w1 = word1(b, from, to);
    return intern(b, from, to, w0, w1, hash(b, from, to, w0, w1));
  }

  /** Returns the id of {@code b[from, to)}, or {@link #NONE} if it was never interned. */
  public int find(byte[] b, int from, int to) {
    int len = to - from;
    long w0 = word0(b, from, to);
    long w1 = word1(b, from, to);
    long[] t = slots;
    int m = mask;
    long wantMeta = (long) len << 32;
    for (int s = (int) hash(b, from, to, w0, w1) & m; ; s = (s + 1) & m) {
      int at = s * STRIDE;
      long meta = t[at + 2];
      if (meta == 0) {
        return NONE;
      }
      if (t[at] == w0 && t[at + 1] == w1 && (meta & LENGTH) == wantMeta
          && (len <= INLINE_LENGTH || sameLongName(b, from, to, (int) meta - 1))) {
        return (int) meta - 1;
      }
    }
  }

  /** Returns the hash of {@code b[from, to)} that {@link #intern(byte[], int, int, long)} takes. */
  public static long hash(byte[] b, int from, int to) {
    return hash(b, from, to, word0(b, from, to), word1(b, from, to));
  }

  /**
   * Reads the slot where the name with hash {@code h} would start probing, and returns a value that
   * depends on it. Calling this for a batch of names before interning them lets the processor fetch
   * their slots from memory in parallel, where one lookup after another waits for each in turn.
   */
  public long touch(long h) {
    return slots[((int) h & mask) * STRIDE + 2];
  }

  /** Returns the id of {@code b[from, to)}, whose {@link #hash} is {@code h}, adding it if it is new. */
  public int intern(byte[] b, int from, int to, long h) {
    return intern(b, from, to, word0(b, from, to), word1(b, from, to), h);
  }

  /**
   * Returns the value {@code firstSight} gave {@code b[from, to)}: on the name's first sight it is
   * interned and {@code firstSight} is called with it, decoded as UTF-8 (a String table's intern, say),
   * and its result is remembered; later calls return that result without building a String.
   */
  public int valueOf(byte[] b, int from, int to, ToIntFunction<String> firstSight) {
    int id = find(b, from, to);
    return id != NONE ? values[id] : firstSight(b, from, to, firstSight);
  }

  private int firstSight(byte[] b, int from, int to, ToIntFunction<String> firstSight) {
    int id = intern(b, from, to);
    if (id >= values.length) {
      values = Arrays.copyOf(values, Math.max(values.length * 2, id + 1));
    }
    values[id] = firstSight.applyAsInt(name(id));
    return values[id];
  }

  /** Returns the value {@link #valueOf} remembered for name {@code id}. */
  public int value(int id) {
    return values[id];
  }

  /** Returns name {@code id}, decoded as UTF-8. */
  public String name(int id) {
    return new String(arena, offsets[id], offsets[id + 1] - offsets[id], StandardCharsets.UTF_8);
  }

  /** Returns how many names the table holds. */
  public int size() {
    return size;
  }

  private static long hash(byte[] b, int from, int to, long w0, long w1) {
    int len = to - from;
    long h = w0 * M0 ^ w1 * M1 ^ len;
    if (len > INLINE_LENGTH) {
      for (int i = from + Long.BYTES; i < to - Long.BYTES; i += Long.BYTES) {
        h = (h ^ Swar.word(b, i)) * M1;
      }
    }
    h ^= h >>> 29;
    h *= M2;
    return h ^ (h >>> 32);
  }

  private int intern(byte[] b, int from, int to, long w0, long w1, long h) {
    int len = to - from;
    long[] t = slots;
    int m = mask;
    long wantMeta = (long) len << 32;
    for (int s = (int) h & m; ; s = (s + 1) & m) {
      int at = s * STRIDE;
      long meta = t[at + 2];
      if (meta == 0) {
        return add(b, from, to, at, w0, w1);
      }
      if (t[at] == w0 && t[at + 1] == w1 && (meta & LENGTH) == wantMeta
          && (len <= INLINE_LENGTH || sameLongName(b, from, to, (int) meta - 1))) {
        return (int) meta - 1;
      }
    }
  }

  /** Whether name {@code id}, which is as long as {@code b[from, to)}, has its bytes. */
  private boolean sameLongName(byte[] b, int from, int to, int id) {
    return Arrays.equals(arena, offsets[id], offsets[id + 1], b, from, to);
  }

  /** The first key word: the first 8 bytes, or all of a shorter name's bytes, little-endian. */
  private static long word0(byte[] b, int from, int to) {
    int len = to - from;
    if (len >= Long.BYTES) {
      return Swar.word(b, from);
    }
    if (len > 0 && to >= Long.BYTES) {
      return Swar.word(b, to - Long.BYTES) >>> (Long.SIZE - Byte.SIZE * len);
    }
    return word(b, from, len);
  }

  /** The second key word: the last 8 bytes of a name of at least 8, else 0. */
  private static long word1(byte[] b, int from, int to) {
    return to - from >= Long.BYTES ? Swar.word(b, to - Long.BYTES) : 0;
  }

  private int add(byte[] b, int from, int to, int at, long w0, long w1) {
    int len = to - from;
    int end = offsets[size];
    if (end + len > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, end + len));
    }
    System.arraycopy(b, from, arena, end, len);
    if (size + 1 == offsets.length) {
      offsets = Arrays.copyOf(offsets, offsets.length * 2);
    }
    int id = size++;
    offsets[size] = end + len;
    slots[at] = w0;
    slots[at + 1] = w1;
    slots[at + 2] = (long) len << 32 | (id + 1);
    if (2 * size > mask + 1) {
      rehash();
    }
    return id;
  }

  private void rehash() {
    long[] old = slots;
    slots = new long[old.length * 2];
    mask = mask * 2 + 1;
    for (int at = 0; at < old.length; at += STRIDE) {
      long meta = old[at + 2];
      if (meta != 0) {
        int id = (int) meta - 1;
        long h = hash(arena, offsets[id], offsets[id + 1], old[at], old[at + 1]);
        int s = (int) h & mask;
        while (slots[s * STRIDE + 2] != 0) {
          s = (s + 1) & mask;
        }
        System.arraycopy(old, at, slots, s * STRIDE, STRIDE);
      }
    }
  }
}
