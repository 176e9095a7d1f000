package dev.slabrace.trace.io;

import java.io.IOException;

/**
 * Damage to a gzip file: a truncated or corrupt member, or bytes after a member that start no
 * other. Its message says what and where, as a byte offset in the compressed file; the line
 * readers turn it into a {@link dev.slabrace.trace.TraceFormatException} at the line they reached.
 */
public final class GzipException extends IOException {
  private final long offset;
  private final String problem;

  /**
   * Creates the error {@code kind} ("truncated gzip stream") at byte {@code offset} of the compressed
   * file, with what exactly is wrong.
   */
  GzipException(String kind, long offset, String detail) {
    super(kind + " at compressed byte " + offset + ": " + detail);
    this.offset = offset;
    this.problem = kind + ": " + detail;
  }

  /** Returns what is wrong, without the offset. */
  public String problem() {
    return problem;
  }

  /** Returns the byte offset in the compressed file where the damage was found. */
  public long offset() {
    return offset;
  }
}
