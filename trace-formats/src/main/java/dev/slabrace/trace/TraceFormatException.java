package dev.slabrace.trace;

import java.io.IOException;

/**
 * A trace that cannot be read: names the file, the line (or byte offset) and what is wrong. The CLI
 * prints {@link #getMessage()} as one line and exits with status 2; control characters in the file
 * name and in what a problem quotes from the input are escaped ({@link Printable}), so the message is
 * one line whatever the input.
 */
public final class TraceFormatException extends IOException {
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
    super(printable(file) + (byteOffset ? ": byte " : ":") + position + ": " + printable(problem));
    this.file = file;
    this.position = position;
    this.byteOffset = byteOffset;
    this.problem = printable(problem);
  }

  /** Returns {@code text} escaped by {@link Printable}, so that a message is always one line. */
  static String printable(String text) {
    return Printable.escape(text);
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
