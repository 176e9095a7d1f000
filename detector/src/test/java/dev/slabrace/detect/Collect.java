package dev.slabrace.detect;

import dev.slabrace.finding.CollectingSink;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.TraceResult;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

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

  /**
   * The findings of one engine over {@code source} whose crowded granules keep every cell
   * (CrowdedGranules off): the engine's model without that bound, for the reference comparison.
   */
  public static List<Finding> analyzeUnbounded(EventSource source) throws IOException {
    List<Finding> findings = new ArrayList<>();
    replay(source, findings, engine -> engine.evictCrowds(false));
    return findings;
  }

  /**
   * Runs one engine over {@code source}, adding its findings to {@code findings}, and returns it
   * finished: for tests that look at the engine's state afterwards (its shadow cells).
   */
  static Engine replay(EventSource source, List<Finding> findings) throws IOException {
    return replay(source, findings, engine -> { });
  }

  /** As {@link #replay(EventSource, List)}, with the engine set up by {@code setup} first. */
  static Engine replay(EventSource source, List<Finding> findings, Consumer<Engine> setup)
      throws IOException {
    Engine engine = new Engine(source, findings::add);
    setup.accept(engine);
    EventCursor cursor = new EventCursor();
    while (source.next(cursor)) {
      engine.onEvent(cursor);
    }
    engine.finish();
    return engine;
  }
}
