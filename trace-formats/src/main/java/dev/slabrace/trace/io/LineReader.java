package dev.slabrace.trace.io;

import dev.slabrace.trace.TraceFormatException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The line splitter of every text format: a reader of a byte stream's lines, one at a time, into its
 * own reused buffer, with no String per line.
 *
 * <p>Lines end at {@code \n}; a {@code \r} before it is stripped, and so is a UTF-8 byte order mark at
 * the start of the stream (unless the {@link LineOptions} say otherwise). The last line need not end
 * with {@code \n}. After {@link #next()} returns true the line is
 * {@code buffer()[start() .. end())}, valid until the next call. The options choose the longest line and what a longer one does ({@link
 * LineOptions.Overlong}), and what the search for a line's end notes about its bytes on the way
 * ({@link LineOptions.Scan}).
 */
public final class LineReader implements Closeable {
  /** The default longest line, in bytes without its terminator: 1 MiB. */
  public static final int MAX_LINE_LENGTH = 1 << 20;
  /** {@link #next(boolean)} found a line. */
  public static final int LINE = 0;
  /** {@link #next(boolean)} would have to read, which the caller forbade: all buffered lines taken. */
  public static final int BLOCKED = 1;
  /** {@link #next(boolean)} reached the end of the input. */
  public static final int END = 2;
  /** The buffer's size until a longer line needs more. */
  private static final int INITIAL_BUFFER = 1 << 16;
  /** The UTF-8 byte order mark. */
  public static final byte[] BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

  /*
   * Implementation notes: bytes [next, limit) of buf are read but not yet returned. The buffer grows to
   * at most maxLineLength + 2 bytes (the longest line, a '\r' and the '\n'); a line that still has no
   * '\n' then is overlong. An overlong line is an error, or is discarded up to its '\n' and counted, or
   * flagged (Overlong). The scan (LineScan) resumes where it stopped after a read, so a line's bytes are
   * searched once; what it notes is forgotten when a line starts. Gzip errors surface from read() as
   * GzipException; they are translated here because only this class knows the line reached.
   */

  private final InputStream in;
  private final String name;
  private final int maxLineLength;
  private final LineOptions.Overlong overlongLines;
  private final boolean byteOrderMark;
  private final boolean countCarriageReturn;
  private final LineScan scan;
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
  /** What the scan and the line's take say about the current line. */
  private boolean overlong;
  private boolean printable;
  private boolean innerSpace;

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
    this(in, name, new LineOptions(max,
        skipOverlong ? LineOptions.Overlong.SKIP : LineOptions.Overlong.FAIL,
        LineOptions.Scan.PLAIN, true, false), gzip);
  }

  /**
   * Creates a reader of {@code in}, already decompressed, that splits lines as {@code options} say;
   * {@code gzip} says whether it was compressed, so that a truncated or corrupt stream is reported as
   * such at the line reached (a stream that reports its damage itself needs false).
   */
  public LineReader(InputStream in, String name, LineOptions options, boolean gzip) {
    this.in = in;
    this.name = name;
    this.maxLineLength = options.maxLineLength();
    this.overlongLines = options.overlong();
    this.byteOrderMark = options.byteOrderMark();
    this.countCarriageReturn = options.countCarriageReturn();
    this.scan = LineScan.of(options.scan());
    this.gzip = gzip;
    this.buf = new byte[Math.min(INITIAL_BUFFER, maxLineLength + 2)];
  }

  /**
   * Opens a reader of {@code raw}, decompressing it if it starts with the gzip magic bytes, with lines
   * of at most {@link #MAX_LINE_LENGTH} bytes. Closes {@code raw} if it fails.
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
    return next(true) == LINE;
  }

  /**
   * Advances to the next line and returns {@link #LINE}, or returns {@link #END} at the end of the
   * input; or, if reading more input would be needed and {@code mayRead} is false, returns {@link
   * #BLOCKED} and leaves the buffer as it is: for a caller that still refers to earlier lines' bytes.
   *
   * @throws TraceFormatException if the line is too long (and {@code FAIL}), or the gzip
   *     stream is truncated or corrupt
   */
  public int next(boolean mayRead) throws IOException {
    if (pushedBack) {
      pushedBack = false;
      return LINE;
    }
    if (atStart) {
      if (!mayRead) {
        return BLOCKED;
      }
      skipByteOrderMark();
    }
    int scanned = 0; // bytes from next on that are known to hold no '\n'
    scan.reset();
    while (true) {
      int newline = scan.find(buf, next + scanned, limit, next);
      if (newline >= 0) {
        if (takeLine(newline, newline + 1)) {
          return LINE;
        }
        scanned = 0;
        scan.reset();
        continue;
      }
      scanned = limit - next;
      if (eof) {
        return scanned > 0 && takeLine(limit, limit) ? LINE : END;
      }
      if (!mayRead) {
        return BLOCKED;
      }
      if (scanned >= maxLineLength + 2) {
        onOverlong();
        discardToNewline();
        if (overlongLines == LineOptions.Overlong.FLAG) {
          flagOverlong();
          return LINE;
        }
        scanned = 0;
        scan.reset();
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

  /** Whether the current line was longer than the longest accepted: then it has no bytes. */
  public boolean overlong() {
    return overlong;
  }

  /** Whether the current line held a NUL byte ({@code TEXT} scans only). */
  public boolean binary() {
    return ((LineScan.Text) scan).binary;
  }

  /** Whether the current line is all printable ASCII, 0x20 to 0x7e ({@code TEXT} scans only). */
  public boolean printable() {
    return printable;
  }

  /** Whether the current line holds whitespace or a control inside ({@code FIELDS} scans only). */
  public boolean innerSpace() {
    return innerSpace;
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
    if ((countCarriageReturn ? end : contentEnd) - next > maxLineLength) {
      onOverlong();
      lineNumber++;
      next = after;
      if (overlongLines == LineOptions.Overlong.FLAG) {
        flagOverlong();
        return true;
      }
      return false;
    }
    lineNumber++;
    overlong = false;
    lineStart = next;
    lineEnd = contentEnd;
    next = after;
    if (scan instanceof LineScan.Text text) {
      // the scan saw a line end's '\r' as unprintable: then look again without it
      printable = !text.binary && (text.printable()
          || contentEnd < end && LineScan.Text.printable(buf, lineStart, lineEnd));
    } else if (scan instanceof LineScan.Fields fields) {
      fields.trim(buf, lineStart, lineEnd);
      lineStart = fields.from;
      lineEnd = fields.to;
      innerSpace = fields.inner;
    }
    return true;
  }

  /** Makes the current line, already counted, an overlong one without bytes. */
  private void flagOverlong() {
    overlong = true;
    printable = false;
    innerSpace = false;
    lineStart = next;
    lineEnd = next;
  }

  /**
   * Fails on an overlong line unless skipping or flagging it; counts a skipped one. The line is
   * numbered lineNumber + 1.
   */
  private void onOverlong() throws TraceFormatException {
    if (overlongLines == LineOptions.Overlong.FAIL) {
      throw TraceFormatException.atLine(
          name, lineNumber + 1, "line longer than " + maxLineLength + " bytes");
    }
    if (overlongLines == LineOptions.Overlong.SKIP) {
      overlongSkipped++;
    }
  }

  /** Drops the rest of an overlong line, through its '\n', and counts the line. */
  private void discardToNewline() throws IOException {
    lineNumber++;
    while (true) {
      int newline = scan.find(buf, next, limit, next);
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
    if (!byteOrderMark) {
      return;
    }
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
