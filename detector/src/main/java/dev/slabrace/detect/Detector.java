package dev.slabrace.detect;

import dev.slabrace.report.TraceResult;
import dev.slabrace.trace.EventSource;
import java.io.IOException;

/** The driver: pulls every event of a source through the engine and collects the result. */
public final class Detector {
  private Detector() {}

  /**
   * Analyses one trace in a single pass.
   *
   * @throws dev.slabrace.trace.TraceFormatException if the trace is malformed
   */
  public static TraceResult analyze(EventSource source) throws IOException {
    throw new UnsupportedOperationException("engine not written yet");
  }
}
