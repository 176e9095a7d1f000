package dev.slabrace.trace.ftrace;

import static dev.slabrace.trace.io.Swar.HIGH_BITS;
import static dev.slabrace.trace.io.Swar.LONGS;
import static dev.slabrace.trace.io.Swar.NEWLINES;
import static dev.slabrace.trace.io.Swar.ONES;
import static dev.slabrace.trace.io.Swar.SPACES;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reader of a byte stream's text lines with a bounded length. Lines end at {@code \n}; a trailing
 * {@code \r} is dropped; the last line need not end with {@code \n}. A line longer than the bound is
 * cut (the rest is skipped up to its end) and flagged, and so is a line holding a NUL byte: neither
 * occurs in a text export, so either means the input is not one (or is damaged there).
 */
final class TextLines implements Closeable {
  /** The longest line kept, in bytes: the kernel prints an event into one trace_seq of 8 KiB at most. */
  static final int MAX_LINE = 1 << 16;
  private static final int READ_SIZE = 1 << 16;

  private final InputStream in;
  private final byte[] buffer = new byte[READ_SIZE];
  private int pos;
  private int limit;
  private boolean eof;
  private byte[] line = new byte[256];
  /** The last line: [lineStart, lineEnd) of lineBytes, the read buffer or the copy in {@link #line}. */
  private byte[] lineBytes;
  private int lineStart;
  private int lineEnd;
  private long number;
  private boolean tooLong;
  private boolean binary;
  private boolean printable;
  /** Whether the bytes before the '\n' or NUL that newlineOrNul found last are printable ASCII. */
  private boolean scanPrintable;

  TextLines(InputStream in) {
    this.in = in;
  }

  /**
   * Moves to the next line and returns true, or returns false at the end of the stream. The line's
   * bytes, without its line end, are [{@link #start()}, {@link #end()}) of {@link #bytes()} until the
   * next call.
   */
  boolean advance() throws IOException {
    int len = 0;
    tooLong = false;
    binary = false;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        if (eof || !fill()) {
          if (!any) {
            return false;
          }
          break;
        }
      }
      any = true;
      int start = pos;
      int nl = newlineOrNul(pos);
      while (nl >= 0 && buffer[nl] == 0) {
        binary = true;
        nl = newlineOrNul(nl + 1);
      }
      if (nl >= 0 && len == 0 && nl - start <= MAX_LINE) {
        // the whole line is in the buffer: no copy
        pos = nl + 1;
        number++;
        lineBytes = buffer;
        lineStart = start;
        lineEnd = nl > start && buffer[nl - 1] == '\r' ? nl - 1 : nl;
        // the scan saw a line end's '\r' as unprintable: then look again without it
        printable = !binary && (scanPrintable || lineEnd < nl && printable(buffer, start, lineEnd));
        return true;
      }
      int end = nl < 0 ? limit : nl;
      int take = Math.min(end - start, MAX_LINE - len);
      if (take < end - start) {
        tooLong = true;
      }
      if (take > 0) {
        if (len + take > line.length) {
          line = Arrays.copyOf(line, Math.min(MAX_LINE, Math.max(len + take, line.length * 2)));
        }
        System.arraycopy(buffer, start, line, len, take);
        len += take;
      }
      pos = nl < 0 ? limit : nl + 1;
      if (nl >= 0) {
        break;
      }
    }
    number++;
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    lineBytes = line;
    lineStart = 0;
    lineEnd = len;
    printable = !binary && printable(line, 0, len);
    return true;
  }

  /** Returns the last line as text (UTF-8; a malformed sequence becomes U+FFFD). */
  String text() {
    return new String(lineBytes, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
  }

  /** Returns the array holding the last line. */
  byte[] bytes() {
    return lineBytes;
  }

  /** Returns where the last line starts in {@link #bytes()}. */
  int start() {
    return lineStart;
  }

  /** Returns where the last line ends in {@link #bytes()}, its line end excluded. */
  int end() {
    return lineEnd;
  }

  /**
   * Returns the index of the first '\n' or NUL byte in [from, limit), or -1; eight bytes at a time.
   * Sets {@link #scanPrintable} to whether the bytes before it are all printable ASCII.
   */
  private int newlineOrNul(int from) {
    byte[] b = buffer;
    int i = from;
    long bad = 0;
    for (; i <= limit - Long.BYTES; i += Long.BYTES) {
      long x = (long) LONGS.get(b, i);
      long nl = x ^ NEWLINES;
      // Mycroft's zero-byte test on x and on x ^ '\n': the lowest flagged byte is exact
      long hit = ((x - ONES) & ~x | (nl - ONES) & ~nl) & HIGH_BITS;
      // borrows and carries only move up, so the flags of the bytes below the hit are theirs
      long unprintable = (x - SPACES) & ~x | (x + ONES) | x;
      if (hit != 0) {
        int at = Long.numberOfTrailingZeros(hit) >>> 3;
        bad |= unprintable & ((1L << (at << 3)) - 1);
        scanPrintable = (bad & HIGH_BITS) == 0;
        return i + at;
      }
      bad |= unprintable;
    }
    scanPrintable = (bad & HIGH_BITS) == 0;
    for (; i < limit; i++) {
      if (b[i] == '\n' || b[i] == 0) {
        return i;
      }
      scanPrintable &= isPrintable(b[i]);
    }
    return -1;
  }

  /** Whether the last line is all printable ASCII (0x20 to 0x7e). */
  boolean printable() {
    return printable;
  }

  /** Whether every byte of b[from, to) is printable ASCII. */
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

  /** Returns the 1-based number of the line {@link #advance()} moved to. */
  long number() {
    return number;
  }

  /** Whether the last line was longer than {@link #MAX_LINE} and was cut. */
  boolean tooLong() {
    return tooLong;
  }

  /** Whether the last line held a NUL byte. */
  boolean binary() {
    return binary;
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      eof = true;
      pos = 0;
      limit = 0;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
