package dev.slabrace.trace;

import java.io.IOException;

/**
 * A trace that cannot be read: names the file, the line (or byte offset) and what is wrong. The CLI
 * prints {@link #getMessage()} as one line and exits with status 2; control characters that a
 * problem quotes from the input are escaped, so the message is one line whatever the input.
 */
public final class TraceFormatException extends IOException {
  private static final char DEL = 0x7f;
  private static final char NEXT_LINE = 0x85;
  private static final char LINE_SEPARATOR = 0x2028;
  private static final char PARAGRAPH_SEPARATOR = 0x2029;

  private final String file;
  private final long position;
  private final boolean byteOffset;
  private final String problem;

  /** Creates an error at a 1-based line of {@code file}. */
  public static TraceFormatException atLine(String file, long line, String problem) {
    return new TraceFormatException(file, line, false, problem);
  }

  /** Creates an error at a byte offset of {@code file}. */
  public static TraceFormatException atOffset(String file, long offset, String problem) {
    return new TraceFormatException(file, offset, true, problem);
  }

  private TraceFormatException(String file, long position, boolean byteOffset, String problem) {
    super(file + (byteOffset ? ": byte " : ":") + position + ": " + printable(problem));
    this.file = file;
    this.position = position;
    this.byteOffset = byteOffset;
    this.problem = printable(problem);
  }

  /**
   * Returns {@code text} with control characters and line separators escaped as a backslash, 'u'
   * and four hex digits, so that a message quoting damaged input is always one line.
   */
  static String printable(String text) {
    StringBuilder b = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = c < ' ' || c == DEL || c == NEXT_LINE || c == LINE_SEPARATOR
          || c == PARAGRAPH_SEPARATOR;
      if (control && b == null) {
        b = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (b != null) {
        if (control) {
          b.append(String.format("\\u%04x", (int) c));
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? text : b.toString();
  }

  /** Returns the file as the user named it. */
  public String file() {
    return file;
  }

  /** Returns the 1-based line, or the byte offset if {@link #isByteOffset()}. */
  public long position() {
    return position;
  }

  /** Whether {@link #position()} is a byte offset rather than a line number. */
  public boolean isByteOffset() {
    return byteOffset;
  }

  /** Returns what is wrong, without the location. */
  public String problem() {
    return problem;
  }
}
