package dev.slabrace.trace.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes at a time in a long ("SIMD within a register"): the byte toolkit of every reader, the
 * loads, broadcast bytes and masks that find a byte, or a byte of a class, in a line without a loop per
 * byte, and that key a name by its bytes. No reader declares these constants itself.
 *
 * <pre>
 * Implementation notes
 *
 * zeroBytes(x) = (x - ONES) & ~x & HIGH_BITS sets the high bit of the lowest byte of x that is zero,
 * and possibly of higher bytes after it (the borrow carries), never of a lower one: so the lowest set
 * bit, Long.numberOfTrailingZeros(mask) >>> 3, is exactly the first zero byte. Compare with a byte b
 * by zeroBytes(x ^ broadcast(b)); below(x, n) flags the bytes below n (for n at most 0x80) the same
 * way. Loads are little-endian, so byte i of the long is b[p + i].
 * </pre>
 */
public final class Swar {
  /** Reads eight bytes of a byte array as one little-endian long: {@code (long) LONGS.get(b, p)}. */
  public static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** 0x01 in every byte. */
  public static final long ONES = 0x0101010101010101L;
  /** 0x80 in every byte: set where a byte is not ASCII. */
  public static final long HIGH_BITS = 0x8080808080808080L;
  /** A space in every byte; or'ed into ASCII letters, it makes them lower case. */
  public static final long SPACES = broadcast(' ');
  /** A '\n' in every byte. */
  public static final long NEWLINES = broadcast('\n');

  private Swar() {}

  /** Returns {@code c} (a byte value, 0 to 255) in every byte of a long. */
  public static long broadcast(int c) {
    return ONES * (c & 0xff);
  }

  /** Returns {@code b[p, p + 8)} as a little-endian word. */
  public static long word(byte[] b, int p) {
    return (long) LONGS.get(b, p);
  }

  /**
   * Returns {@code len} (0 to 8) bytes of {@code b} from {@code p} as a little-endian word, zero-padded
   * above them; it reads no byte outside {@code b[p, p + len)} that lies outside {@code b}.
   */
  public static long word(byte[] b, int p, int len) {
    if (len <= 0) {
      return 0;
    }
    if (p <= b.length - Long.BYTES) {
      long x = (long) LONGS.get(b, p);
      return len == Long.BYTES ? x : x & ((1L << (len << 3)) - 1);
    }
    long w = 0;
    for (int i = p + len - 1; i >= p; i--) {
      w = w << Byte.SIZE | (b[i] & 0xff);
    }
    return w;
  }

  /** The high bit of the first zero byte of {@code x} and maybe of later ones (see the notes). */
  public static long zeroBytes(long x) {
    return (x - ONES) & ~x & HIGH_BITS;
  }

  /**
   * The high bit of the first byte of {@code x} below {@code n} (0x01 to 0x80), and maybe of later
   * ones, as {@link #zeroBytes}; bytes of 0x80 and above are never flagged.
   */
  public static long below(long x, int n) {
    return (x - broadcast(n)) & ~x & HIGH_BITS;
  }
}
