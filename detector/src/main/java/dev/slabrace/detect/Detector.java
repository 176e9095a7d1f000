package dev.slabrace.detect;

import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingSink;
import dev.slabrace.finding.TraceResult;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The driver: pulls every event of a source through the engine and collects the result. */
public final class Detector {
  private Detector() {}

  /**
   * Analyses one trace in a single pass and returns every finding with the trace's summary.
   *
   * @throws dev.slabrace.trace.TraceFormatException if the trace is malformed
   */
  public static TraceResult analyze(EventSource source) throws IOException {
    return analyze(source, AnalysisOptions.DEFAULT);
  }

  /**
   * Analyses one trace in a single pass, capturing timelines and reporting progress as
   * {@code options} say, and returns every finding with the trace's summary.
   *
   * @throws dev.slabrace.trace.TraceFormatException if the trace is malformed
   */
  public static TraceResult analyze(EventSource source, AnalysisOptions options) throws IOException {
    List<Finding> findings = new ArrayList<>();
    TraceResult summary = analyze(source, findings::add, options);
    return new TraceResult(summary.trace(), summary.events(), List.copyOf(findings),
        summary.warnings(), summary.skipped(), summary.notes(), summary.engineNotes(),
        summary.handoffs());
  }

  /**
   * Analyses one trace in a single pass, delivering findings to {@code sink} as they are decided, in
   * the order of their later event, so that memory does not grow with their number. The returned
   * summary has no findings. With more than one processor available, events are decoded on a second
   * thread ({@link PipelinedAnalysis}); findings, their order and errors are the same.
   *
   * @throws dev.slabrace.trace.TraceFormatException if the trace is malformed
   */
  public static TraceResult analyze(EventSource source, FindingSink sink, AnalysisOptions options)
      throws IOException {
    if (options.threads() > 1) {
      return ShardedAnalysis.analyze(source, sink, options, options.threads());
    }
    TimelineRecorder timelines = options.captureTimelines() ? new TimelineRecorder(source) : null;
    Engine engine = new Engine(source, sink, timelines, Shard.ALL, options.typesafeCaches());
    AnalysisOptions.ProgressListener progress = options.progress();
    if (PipelinedAnalysis.worthwhile()) {
      PipelinedAnalysis.run(source, engine, progress);
    } else {
      EventCursor cursor = new EventCursor();
      long n = 0;
      while (source.next(cursor)) {
        engine.onEvent(cursor);
        if ((++n & (AnalysisOptions.PROGRESS_INTERVAL - 1)) == 0) {
          progress.progress(n);
        }
      }
    }
    engine.finish();
    return new TraceResult(source.name(), engine.events(), List.of(),
        List.copyOf(engine.warnings()), source.skipped(), List.copyOf(source.notes()),
        engine.notes(), engine.handoffs());
  }
}
