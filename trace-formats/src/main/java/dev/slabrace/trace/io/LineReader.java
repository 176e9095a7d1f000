package dev.slabrace.trace.io;

import static dev.slabrace.trace.io.Swar.LONGS;
import static dev.slabrace.trace.io.Swar.NEWLINES;
import static dev.slabrace.trace.io.Swar.zeroBytes;

import dev.slabrace.trace.TraceFormatException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reader of a byte stream's lines, one at a time, into its own reused buffer: no String per line.
 *
 * <p>Lines end at {@code \n}; a {@code \r} before it is stripped, and so is a UTF-8 byte order mark at
 * the start of the stream. The last line need not end with {@code \n}. After {@link #next()} returns
 * true the line is {@code buffer()[start() .. end())}, valid until the next call.
 */
public final class LineReader implements Closeable {
  /** The default longest line, in bytes without its terminator: 1 MiB. */
  public static final int MAX_LINE_LENGTH = 1 << 20;
  /** The buffer's size until a longer line needs more. */
  private static final int INITIAL_BUFFER = 1 << 16;
  /** The UTF-8 byte order mark. */
  private static final byte[] BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

  /*
   * Implementation notes: bytes [next, limit) of buf are read but not yet returned. The buffer grows to
   * at most maxLineLength + 2 bytes (the longest line, a '\r' and the '\n'); a line that still has no
   * '\n' then is overlong. An overlong line is an error, or, with skipOverlong, is discarded up to its
   * '\n' and counted. Gzip errors surface from read() as GzipException; they are
   * translated here because only this class knows the line reached.
   */

  private final InputStream in;
  private final String name;
  private final int maxLineLength;
  private final boolean skipOverlong;
  private final boolean gzip;
  private byte[] buf;
  private int next;
  private int limit;
  private int lineStart;
  private int lineEnd;
  private long lineNumber;
  private long overlongSkipped;
  private boolean eof;
  private boolean atStart = true;
  private boolean pushedBack;

  /**
   * Creates a reader of {@code in}, which is read as is (no gzip detection).
   *
   * @param name how error messages name the input
   * @param maxLineLength the longest line accepted, in bytes without its terminator
   * @param skipOverlong discard and count overlong lines instead of failing
   */
  public LineReader(InputStream in, String name, int maxLineLength, boolean skipOverlong) {
    this(in, name, maxLineLength, skipOverlong, false);
  }

  /**
   * Creates a reader of {@code in}, already decompressed; {@code gzip} says whether it was, so that a
   * truncated or corrupt stream is reported as such.
   */
  public LineReader(InputStream in, String name, int max, boolean skipOverlong, boolean gzip) {
    if (max < 1 || max > Integer.MAX_VALUE - 2) {
      throw new IllegalArgumentException("maxLineLength " + max);
    }
    this.in = in;
    this.name = name;
    this.maxLineLength = max;
    this.skipOverlong = skipOverlong;
    this.gzip = gzip;
    this.buf = new byte[Math.min(INITIAL_BUFFER, max + 2)];
  }

  /**
   * Opens a reader of {@code raw}, decompressing it if it starts with the gzip magic bytes, with lines
   * of at most {@link #MAX_LINE_LENGTH} bytes. Closes {@code raw} if it fails.
   *
   */
  public static LineReader open(InputStream raw, String name, boolean skipOverlong)
      throws IOException {
    try {
      PushbackInputStream pushback = new PushbackInputStream(raw, Gzip.MAGIC_LENGTH);
      if (!Gzip.isGzip(pushback)) {
        return new LineReader(pushback, name, MAX_LINE_LENGTH, skipOverlong, false);
      }
      return new LineReader(Gzip.decompressing(pushback), name, MAX_LINE_LENGTH, skipOverlong,
          true);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /**
   * Advances to the next line and returns true, or returns false at the end of the input.
   *
   * @throws TraceFormatException if the line is too long (unless skipped), or the gzip stream is
   *     truncated or corrupt
   */
  public boolean next() throws IOException {
    if (pushedBack) {
      pushedBack = false;
      return true;
    }
    if (atStart) {
      skipByteOrderMark();
    }
    int scanned = 0; // bytes from next on that are known to hold no '\n'
    while (true) {
      int newline = indexOfNewline(next + scanned);
      if (newline >= 0) {
        if (takeLine(newline, newline + 1)) {
          return true;
        }
        scanned = 0;
        continue;
      }
      scanned = limit - next;
      if (eof) {
        return scanned > 0 && takeLine(limit, limit);
      }
      if (scanned >= maxLineLength + 2) {
        overlong();
        discardToNewline();
        scanned = 0;
        continue;
      }
      if (fill() < 0) {
        eof = true;
      }
    }
  }

  /** Makes the next call of {@link #next()} return the current line again. */
  public void pushBack() {
    if (lineNumber == 0) {
      throw new IllegalStateException("no line to push back");
    }
    pushedBack = true;
  }

  /** Returns the buffer holding the current line. */
  public byte[] buffer() {
    return buf;
  }

  /** Returns the index of the current line's first byte in {@link #buffer()}. */
  public int start() {
    return lineStart;
  }

  /** Returns the index just past the current line's last byte (its terminator excluded). */
  public int end() {
    return lineEnd;
  }

  /** Returns the current line's length in bytes. */
  public int length() {
    return lineEnd - lineStart;
  }

  /** Returns the index of the current line's first byte that is not a space or tab, or {@link #end()}. */
  public int firstNonBlank() {
    int i = lineStart;
    while (i < lineEnd && (buf[i] == ' ' || buf[i] == '\t')) {
      i++;
    }
    return i;
  }

  /** Returns the current line decoded as UTF-8 (allocates: for messages and tests). */
  public String text() {
    return new String(buf, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
  }

  /** Returns the 1-based number of the current line (0 before the first). */
  public long lineNumber() {
    return lineNumber;
  }

  /** Returns how many overlong lines were discarded. */
  public long overlongSkipped() {
    return overlongSkipped;
  }

  /** Returns the input's name as used in messages. */
  public String name() {
    return name;
  }

  /** Returns whether the input is gzip-compressed. */
  public boolean isGzip() {
    return gzip;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Makes [next, end) the current line, or handles it as overlong; returns whether it is current. */
  private boolean takeLine(int end, int after) throws TraceFormatException {
    int contentEnd = end > next && buf[end - 1] == '\r' ? end - 1 : end;
    if (contentEnd - next > maxLineLength) {
      overlong();
      lineNumber++;
      next = after;
      return false;
    }
    lineNumber++;
    lineStart = next;
    lineEnd = contentEnd;
    next = after;
    return true;
  }

  /** Fails on an overlong line, or counts it when skipping; the line is numbered lineNumber + 1. */
  private void overlong() throws TraceFormatException {
    if (!skipOverlong) {
      throw TraceFormatException.atLine(
          name, lineNumber + 1, "line longer than " + maxLineLength + " bytes");
    }
    overlongSkipped++;
  }

  /** Drops the rest of an overlong line, through its '\n', and counts the line. */
  private void discardToNewline() throws IOException {
    lineNumber++;
    while (true) {
      int newline = indexOfNewline(next);
      if (newline >= 0) {
        next = newline + 1;
        return;
      }
      next = 0;
      limit = 0;
      if (eof || fill() < 0) {
        eof = true;
        return;
      }
    }
  }

  private void skipByteOrderMark() throws IOException {
    atStart = false;
    while (limit - next < BOM.length && !eof) {
      if (fill() < 0) {
        eof = true;
      }
    }
    if (limit - next >= BOM.length
        && buf[next] == BOM[0] && buf[next + 1] == BOM[1] && buf[next + 2] == BOM[2]) {
      next += BOM.length;
    }
  }

  /** Returns the index of the first '\n' in [from, limit), or -1; eight bytes at a time. */
  private int indexOfNewline(int from) {
    byte[] b = buf;
    int i = from;
    for (; i <= limit - Long.BYTES; i += Long.BYTES) {
      long x = (long) LONGS.get(b, i) ^ NEWLINES;
      // Mycroft's zero-byte test: a borrow only flags bytes above a true zero, so the lowest is exact
      long zero = zeroBytes(x);
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

  /** Moves the unread bytes to the front, grows the buffer if full, and reads more. */
  private int fill() throws IOException {
    if (next > 0) {
      System.arraycopy(buf, next, buf, 0, limit - next);
      limit -= next;
      next = 0;
    }
    if (limit == buf.length) {
      int size = (int) Math.min((long) buf.length * 2, (long) maxLineLength + 2);
      buf = Arrays.copyOf(buf, size);
    }
    int n;
    try {
      n = in.read(buf, limit, buf.length - limit);
    } catch (GzipException e) {
      throw TraceFormatException.atLine(name, lineNumber + 1, e.getMessage());
    }
    if (n > 0) {
      limit += n;
    }
    return n;
  }
}
