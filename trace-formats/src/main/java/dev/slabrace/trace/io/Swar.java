package dev.slabrace.trace.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes at a time in a long ("SIMD within a register"): the loads and masks that the byte-level
 * readers use to find a byte, or a byte of a class, in a line without a loop per byte.
 *
 * <pre>
 * Implementation notes
 *
 * zeroBytes(x) = (x - ONES) & ~x & HIGH_BITS sets the high bit of the lowest byte of x that is zero,
 * and possibly of higher bytes after it (the borrow carries), never of a lower one: so the lowest set
 * bit, Long.numberOfTrailingZeros(mask) >>> 3, is exactly the first zero byte. Compare with a byte b
 * by zeroBytes(x ^ broadcast(b)). Loads are little-endian, so byte i of the long is b[p + i].
 * </pre>
 */
public final class Swar {
  /** Reads eight bytes of a byte array as one little-endian long: {@code (long) LONGS.get(b, p)}. */
  public static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** 0x01 in every byte. */
  public static final long ONES = 0x0101010101010101L;
  /** 0x80 in every byte. */
  public static final long HIGH_BITS = 0x8080808080808080L;
  /** A space in every byte. */
  public static final long SPACES = 0x2020202020202020L;

  private Swar() {}

  /** The high bit of the first zero byte of {@code x} and maybe of later ones (see the notes). */
  public static long zeroBytes(long x) {
    return (x - ONES) & ~x & HIGH_BITS;
  }
}
