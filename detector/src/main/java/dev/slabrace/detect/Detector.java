package dev.slabrace.detect;

import dev.slabrace.detect.lkmm.EpochLimitException;
import dev.slabrace.finding.EngineNote;
import dev.slabrace.finding.FindingSink;
import dev.slabrace.finding.HandoffRow;
import dev.slabrace.finding.TraceSummary;
import dev.slabrace.finding.TraceWarning;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.TraceFormatException;
import java.io.IOException;
import java.util.List;

/**
 * The driver: pulls every event of a source through the engine, hands the findings to a sink and
 * returns the trace's summary. It is the one way to analyse a trace.
 */
public final class Detector {
  private Detector() {}

  /**
   * Analyses one trace in a single pass, delivering findings to {@code sink} as they are decided, in
   * the order of their later event, so that memory does not grow with their number (a
   * {@link dev.slabrace.finding.CollectingSink} keeps them), capturing timelines, reporting progress
   * and splitting the address space across engines as {@code options} say. With more than one
   * processor available, events are decoded on a second thread ({@link PipelinedAnalysis}); findings,
   * their order and errors are the same.
   *
   * @throws dev.slabrace.trace.TraceFormatException if the trace is malformed, or a task in it has
   *     more synchronisation events, marked stores and marked reads than the engine's epochs count
   */
  public static TraceSummary analyze(EventSource source, FindingSink sink, AnalysisOptions options)
      throws IOException {
    try {
      return run(source, sink, options);
    } catch (EpochLimitException x) {
      throw source.positionsAreOffsets()
          ? TraceFormatException.atOffset(source.name(), x.position(), x.problem())
          : TraceFormatException.atLine(source.name(), x.position(), x.problem());
    }
  }

  private static TraceSummary run(EventSource source, FindingSink sink, AnalysisOptions options)
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
      PipelinedAnalysis.runOnThisThread(source, engine, progress);
    }
    engine.finish();
    return summary(source, engine.events(), engine.warnings(), engine.notes(), engine.handoffs());
  }

  /** Returns the summary of {@code source} analysed to its end, with what the engine(s) gathered. */
  static TraceSummary summary(EventSource source, long events, List<TraceWarning> warnings,
      List<EngineNote> notes, List<HandoffRow> handoffs) {
    return new TraceSummary(source.name(), events, warnings, source.skipped(), source.notes(),
        notes, handoffs, events == 0 ? source.whyEmpty() : null);
  }
}
