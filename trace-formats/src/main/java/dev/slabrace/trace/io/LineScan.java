package dev.slabrace.trace.io;

import static dev.slabrace.trace.io.Swar.HIGH_BITS;
import static dev.slabrace.trace.io.Swar.NEWLINES;
import static dev.slabrace.trace.io.Swar.ONES;
import static dev.slabrace.trace.io.Swar.SPACES;
import static dev.slabrace.trace.io.Swar.zeroBytes;

/**
 * The search for the end of a {@link LineReader}'s line, eight bytes at a time, and what it notes about
 * the line's bytes on the way, as much as its format needs ({@link LineOptions.Scan}): nothing, NUL
 * bytes and printability, or whitespace inside the line. A search may stop at the end of the bytes
 * read so far and resume after more are read; what it noted holds for all bytes searched since the
 * last {@link #reset}.
 */
abstract class LineScan {
  /**
   * Returns the index of the first '\n' in {@code b[from, limit)}, or -1, noting what this scan notes
   * about the bytes before it; the current line starts at {@code lineStart}.
   */
  abstract int find(byte[] b, int from, int limit, int lineStart);

  /** Forgets what was noted: a new line starts. */
  void reset() {}

  /** Returns the scan of {@code kind}. */
  static LineScan of(LineOptions.Scan kind) {
    return switch (kind) {
      case PLAIN -> new Newlines();
      case TEXT -> new Text();
      case FIELDS -> new Fields();
    };
  }

  /** Finds the '\n' and notes nothing. */
  static final class Newlines extends LineScan {
    @Override
    int find(byte[] b, int from, int limit, int lineStart) {
      int i = from;
      for (; i <= limit - Long.BYTES; i += Long.BYTES) {
        // Mycroft's zero-byte test: a borrow only flags bytes above a true zero, so the lowest is exact
        long zero = zeroBytes(Swar.word(b, i) ^ NEWLINES);
        if (zero != 0) {
          return i + (Long.numberOfTrailingZeros(zero) >>> 3);
        }
      }
      for (; i < limit; i++) {
        if (b[i] == '\n') {
          return i;
        }
      }
      return -1;
    }
  }

  /** Notes NUL bytes (binary content) and whether every other byte is printable ASCII. */
  static final class Text extends LineScan {
    /** Whether a NUL byte was seen. */
    boolean binary;
    /** The high bit is set where an unprintable byte was seen (bytes above a NUL excepted). */
    private long bad;

    @Override
    void reset() {
      binary = false;
      bad = 0;
    }

    /** Whether the bytes searched, NULs aside, were all printable ASCII (0x20 to 0x7e). */
    boolean printable() {
      return (bad & HIGH_BITS) == 0;
    }

    @Override
    int find(byte[] b, int from, int limit, int lineStart) {
      int i = from;
      while (i <= limit - Long.BYTES) {
        long x = Swar.word(b, i);
        long nl = x ^ NEWLINES;
        // Mycroft's zero-byte test on x and on x ^ '\n': the lowest flagged byte is exact
        long hit = ((x - ONES) & ~x | (nl - ONES) & ~nl) & HIGH_BITS;
        // borrows and carries only move up, so the flags of the bytes below the hit are theirs
        long unprintable = (x - SPACES) & ~x | (x + ONES) | x;
        if (hit == 0) {
          bad |= unprintable;
          i += Long.BYTES;
          continue;
        }
        int at = Long.numberOfTrailingZeros(hit) >>> 3;
        bad |= unprintable & ((1L << (at << 3)) - 1);
        i += at;
        if (b[i] == '\n') {
          return i;
        }
        binary = true;
        i++;
      }
      for (; i < limit; i++) {
        byte c = b[i];
        if (c == '\n') {
          return i;
        }
        if (c == 0) {
          binary = true;
        } else if (!isPrintable(c)) {
          bad |= HIGH_BITS;
        }
      }
      return -1;
    }

    /** Whether every byte of {@code b[from, to)} is printable ASCII. */
    static boolean printable(byte[] b, int from, int to) {
      for (int i = from; i < to; i++) {
        if (!isPrintable(b[i])) {
          return false;
        }
      }
      return true;
    }

    private static boolean isPrintable(byte c) {
      return c >= 0x20 && c < 0x7f;
    }
  }

  /** Notes where the line's first whitespace or control byte (at most a space) is. */
  static final class Fields extends LineScan {
    /** The offset from the line's start of its first byte at most ' ', or -1. */
    int spaceAt = -1;

    @Override
    void reset() {
      spaceAt = -1;
    }

    /** The trimmed line of the last {@link #trim}: {@code [from, to)}. */
    int from;
    int to;
    /** Whether the trimmed line holds a byte at most ' ' inside. */
    boolean inner;

    /** Trims the bytes at most ' ' off both ends of the line {@code b[start, end)}, as searched. */
    void trim(byte[] b, int start, int end) {
      int s = start;
      int e = end;
      while (s < e && (b[s] & 0xff) <= ' ') {
        s++;
      }
      while (e > s && (b[e - 1] & 0xff) <= ' ') {
        e--;
      }
      from = s;
      to = e;
      int space = spaceAt < 0 ? -1 : start + spaceAt;
      inner = space >= 0 && space < e && (space >= s || hasSpace(b, s, e));
    }

    private static boolean hasSpace(byte[] b, int from, int to) {
      for (int i = from; i < to; i++) {
        if ((b[i] & 0xff) <= ' ') {
          return true;
        }
      }
      return false;
    }

    @Override
    int find(byte[] b, int from, int limit, int lineStart) {
      int i = from;
      while (i <= limit - Long.BYTES) {
        // the lowest byte below '!' is exact, and bytes >= 0x80 are never flagged
        long low = Swar.below(Swar.word(b, i), '!');
        if (low == 0) {
          i += Long.BYTES;
          continue;
        }
        i += Long.numberOfTrailingZeros(low) >>> 3;
        if (b[i] == '\n') {
          return i;
        }
        spaceAt = spaceAt < 0 ? i - lineStart : spaceAt;
        i++;
      }
      for (; i < limit; i++) {
        if (b[i] == '\n') {
          return i;
        }
        spaceAt = spaceAt < 0 && (b[i] & 0xff) <= ' ' ? i - lineStart : spaceAt;
      }
      return -1;
    }
  }
}
