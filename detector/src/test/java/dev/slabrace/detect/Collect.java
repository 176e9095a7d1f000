package dev.slabrace.detect;

import dev.slabrace.finding.CollectingSink;
import dev.slabrace.finding.TraceResult;
import dev.slabrace.trace.EventSource;
import java.io.IOException;

/** The one streaming analysis with a collecting sink, for tests that look at every finding at once. */
public final class Collect {
  private Collect() {}

  /** Analyses {@code source} with the default options and returns its summary and findings. */
  public static TraceResult analyze(EventSource source) throws IOException {
    return analyze(source, AnalysisOptions.DEFAULT);
  }

  /** Analyses {@code source} with {@code options} and returns its summary and findings. */
  public static TraceResult analyze(EventSource source, AnalysisOptions options) throws IOException {
    CollectingSink found = new CollectingSink();
    return found.result(Detector.analyze(source, found, options));
  }
}
