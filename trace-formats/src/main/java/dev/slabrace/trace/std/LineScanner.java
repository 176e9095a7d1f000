package dev.slabrace.trace.std;

import dev.slabrace.trace.TraceFormatException;
import dev.slabrace.trace.io.Swar;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A splitter of a byte stream into trimmed lines, read into one reused buffer: after {@link #next}
 * returns {@link #LINE}, the line is {@code buffer()[start(), end())} without its terminator and
 * surrounding whitespace, valid until the next call. A UTF-8 byte order mark at the start is skipped.
 */
final class LineScanner implements Closeable {
  /** {@link #next} found a line. */
  static final int LINE = 0;
  /** {@link #next} would have to read, which the caller forbade: the buffered lines are all taken. */
  static final int BLOCKED = 1;
  /** {@link #next} reached the end of the input. */
  static final int END = 2;

  /*
   * Implementation notes: bytes [pos, limit) of buf are read but not yet returned. The newline is
   * found eight bytes at a time with Mycroft's test for bytes below '!': the lowest flagged byte of a
   * word is exact (a borrow only flags bytes above a true one) and bytes >= 0x80 are never flagged, so
   * each flag is a '\n' (the line ends) or whitespace/control inside the line, noted once. Reading
   * moves the unreturned bytes to the front first, so a line is never split; a line that fills the
   * whole buffer is too long.
   */

  /** The UTF-8 byte order mark. */
  static final byte[] BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

  private final InputStream in;
  private final String name;
  private final byte[] buf;
  private int pos;
  private int limit;
  private boolean eof;
  private boolean started;
  private long line;
  private int start;
  private int end;
  private boolean innerSpace;

  /** Creates a scanner of {@code in} for lines of at most {@code maxLineLength} bytes. */
  LineScanner(InputStream in, String name, int maxLineLength) {
    this.in = in;
    this.name = name;
    this.buf = new byte[maxLineLength + 1];
  }

  /**
   * Advances to the next line, blank lines included, reading more input only if {@code mayRead}.
   *
   * @return {@link #LINE}, {@link #BLOCKED} or {@link #END}
   * @throws TraceFormatException if a line is longer than the buffer
   */
  int next(boolean mayRead) throws IOException {
    while (true) {
      byte[] b = buf;
      int lim = limit;
      int i = pos;
      int space = -1;
      while (i <= lim - Long.BYTES) {
        long low = Swar.below(Swar.word(b, i), '!');
        if (low == 0) {
          i += Long.BYTES;
        } else {
          i += Long.numberOfTrailingZeros(low) >>> 3;
          if (b[i] == '\n') {
            break;
          }
          space = space < 0 ? i : space;
          i++;
        }
      }
      if (i > lim - Long.BYTES) {
        while (i < lim && b[i] != '\n') {
          space = space < 0 && (b[i] & 0xff) <= ' ' ? i : space;
          i++;
        }
      }
      if (i == lim && !eof) {
        if (!mayRead) {
          return BLOCKED;
        }
        fill();
        continue;
      }
      if (i == lim && pos == lim) {
        return END;
      }
      int s = pos;
      pos = i < lim ? i + 1 : i;
      line++;
      while (s < i && (b[s] & 0xff) <= ' ') {
        s++;
      }
      int e = i;
      while (e > s && (b[e - 1] & 0xff) <= ' ') {
        e--;
      }
      start = s;
      end = e;
      innerSpace = space >= 0 && space < e && (space >= s || hasSpace(s, e));
      return LINE;
    }
  }

  /** Returns the buffer that holds the current line. */
  byte[] buffer() {
    return buf;
  }

  /** Returns where the current line starts in {@link #buffer()}. */
  int start() {
    return start;
  }

  /** Returns where the current line ends (exclusive) in {@link #buffer()}. */
  int end() {
    return end;
  }

  /** Whether the current line holds whitespace or a control byte between its first and last byte. */
  boolean innerSpace() {
    return innerSpace;
  }

  /** Returns the 1-based number of the current line (0 before the first). */
  long line() {
    return line;
  }

  /** Closes the input. */
  @Override
  public void close() throws IOException {
    in.close();
  }

  private boolean hasSpace(int from, int to) {
    for (int i = from; i < to; i++) {
      if ((buf[i] & 0xff) <= ' ') {
        return true;
      }
    }
    return false;
  }

  /** Moves the unreturned bytes to the front of the buffer and reads more after them. */
  private void fill() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    if (limit == buf.length) {
      throw TraceFormatException.atLine(
          name, line + 1, "line longer than " + (buf.length - 1) + " bytes");
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
    } else {
      limit += n;
    }
    if (!started && (limit >= BOM.length || eof)) {
      started = true;
      if (line == 0 && pos == 0 && Text.startsWith(buf, limit, BOM)) {
        pos = BOM.length;
      }
    }
  }
}
