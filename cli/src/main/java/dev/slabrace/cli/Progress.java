package dev.slabrace.cli;

import dev.slabrace.detect.AnalysisOptions;
import java.util.function.LongSupplier;

/** What watches one trace's analysis: told the trace's size once it is open, then the events done. */
@FunctionalInterface
interface Progress {
  /** Watches nothing. */
  Progress NONE = (total, bytesRead) -> AnalysisOptions.ProgressListener.NONE;

  /**
   * The trace is open: it has {@code total} bytes (0 if unknown) and {@code bytesRead} tells how many
   * were consumed. Returns the listener of the analysis's event counts.
   */
  AnalysisOptions.ProgressListener start(long total, LongSupplier bytesRead);
}
