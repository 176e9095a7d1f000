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
    List<Finding> findings = new ArrayList<>();
    Engine engine = new Engine(source, findings::add);
    EventCursor cursor = new EventCursor();
    while (source.next(cursor)) {
      engine.onEvent(cursor);
    }
    engine.finish();
    findings.sort(LATER_EVENT_ORDER);
    return new TraceResult(source.name(), engine.events(), List.copyOf(findings),
        List.copyOf(engine.warnings()), source.skipped(), List.copyOf(source.notes()),
        engine.handoffs());
  }
}
