package dev.slabrace.trace.io;

/**
 * How a format splits its lines with a {@link LineReader}.
 *
 * @param maxLineLength the longest line accepted, in bytes without its terminator
 * @param overlong what a longer line does
 * @param scan what the search for a line's end notes
 * @param byteOrderMark skip a UTF-8 byte order mark at the start
 * @param countCarriageReturn whether a {@code \r} before the {@code \n} counts toward the length
 */
public record LineOptions(int maxLineLength, LineOptions.Overlong overlong, LineOptions.Scan scan,
    boolean byteOrderMark, boolean countCarriageReturn) {
  /** Checks the length. */
  public LineOptions {
    if (maxLineLength < 1 || maxLineLength > Integer.MAX_VALUE - 2) {
      throw new IllegalArgumentException("maxLineLength " + maxLineLength);
    }
  }

  /** What a line longer than the longest accepted does. */
  public enum Overlong {
    /** It fails: a {@code TraceFormatException} "line longer than N bytes" at its line. */
    FAIL,
    /** It is discarded up to its end and counted ({@link LineReader#overlongSkipped()}). */
    SKIP,
    /** It is a line without bytes that {@link LineReader#overlong()} flags, for the caller to report. */
    FLAG
  }

  /** What the search for a line's end notes about the line's bytes on the way. */
  public enum Scan {
    /** Nothing: the line as it is (JSON Lines). */
    PLAIN,
    /**
     * NUL bytes ({@link LineReader#binary()}) and whether all bytes are printable ASCII ({@link
     * LineReader#printable()}).
     */
    TEXT,
    /**
     * The line without the whitespace and control bytes around it ({@link LineReader#start()} and
     * {@link LineReader#end()} exclude them), and whether there are any inside ({@link
     * LineReader#innerSpace()}).
     */
    FIELDS
  }
}
