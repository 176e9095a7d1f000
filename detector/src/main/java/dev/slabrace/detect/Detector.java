package dev.slabrace.detect;

import dev.slabrace.report.Finding;
import dev.slabrace.report.TraceResult;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The driver: pulls every event of a source through the engine and collects the result. */
public final class Detector {
  /** Findings in the order of their later event, then of their earlier one. */
  private static final Comparator<Finding> LATER_EVENT_ORDER =
      Comparator.<Finding>comparingLong(f -> f.second().id()).thenComparingLong(f -> f.first().id());

  private Detector() {}

  /**
   * Analyses one trace in a single pass.
   *
   * @throws dev.slabrace.trace.TraceFormatException if the trace is malformed
   */
  public static TraceResult analyze(EventSource source) throws IOException {
    return analyze(source, AnalysisOptions.DEFAULT);
  }

  /**
   * Analyses one trace in a single pass, capturing timelines and reporting progress as
   * {@code options} say.
   *
   * @throws dev.slabrace.trace.TraceFormatException if the trace is malformed
   */
  public static TraceResult analyze(EventSource source, AnalysisOptions options) throws IOException {
    List<Finding> findings = new ArrayList<>();
    TimelineRecorder timelines = options.captureTimelines() ? new TimelineRecorder(source) : null;
    Engine engine = new Engine(source, findings::add, timelines);
    EventCursor cursor = new EventCursor();
    AnalysisOptions.ProgressListener progress = options.progress();
    long n = 0;
    while (source.next(cursor)) {
      engine.onEvent(cursor);
      if ((++n & (AnalysisOptions.PROGRESS_INTERVAL - 1)) == 0) {
        progress.progress(n);
      }
    }
    engine.finish();
    findings.sort(LATER_EVENT_ORDER);
    return new TraceResult(source.name(), engine.events(), List.copyOf(findings),
        List.copyOf(engine.warnings()), source.skipped(), List.copyOf(source.notes()),
        engine.handoffs());
  }
}
