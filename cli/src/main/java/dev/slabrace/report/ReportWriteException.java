package dev.slabrace.report;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The writer of a streaming report failed while the engine was delivering findings, where no checked
 * exception can pass. It is the output's failure, never the trace's.
 */
public final class ReportWriteException extends UncheckedIOException {
  private static final long serialVersionUID = 1L;

  /** Wraps the writer's {@code cause}. */
  public ReportWriteException(IOException cause) {
    super(cause.getMessage(), cause);
  }
}
