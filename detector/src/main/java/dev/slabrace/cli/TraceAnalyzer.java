package dev.slabrace.cli;

import dev.slabrace.detect.AnalysisOptions;
import dev.slabrace.detect.Detector;
import dev.slabrace.report.Finding;
import dev.slabrace.report.FindingSink;
import dev.slabrace.report.ReportWriteException;
import dev.slabrace.report.TraceResult;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.Traces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The step that turns one trace file into its result; tests replace it to exercise the CLI alone. */
@FunctionalInterface
interface TraceAnalyzer {
  /** Opens the trace with {@link Traces#open} and analyses it with {@link Detector#analyze}. */
  TraceAnalyzer DETECTOR = detector(1, Set.of());

  /**
   * Returns the real reader and detector, the detector splitting each trace's address space across
   * {@code threads} engines ({@code analyze --threads}), with the caches named {@code typesafeCaches}
   * treated as SLAB_TYPESAFE_BY_RCU ({@code analyze --typesafe-cache}).
   */
  static TraceAnalyzer detector(int threads, Set<String> typesafeCaches) {
    return new TraceAnalyzer() {
      @Override
      public TraceResult analyze(String trace, boolean lenient) throws IOException {
        return analyze(trace, lenient, false, Progress.NONE);
      }

      @Override
      public TraceResult analyze(String trace, boolean lenient, boolean timelines,
          Progress progress) throws IOException {
        List<Finding> findings = new ArrayList<>();
        TraceResult r = analyzeFile(trace, lenient, timelines, progress, findings::add, threads,
            typesafeCaches);
        return new TraceResult(r.trace(), r.events(), List.copyOf(findings), r.warnings(),
            r.skipped(), r.notes(), r.handoffs());
      }

      @Override
      public TraceResult analyze(String trace, boolean lenient, boolean timelines,
          Progress progress, FindingSink sink) throws IOException {
        return analyzeFile(trace, lenient, timelines, progress, sink, threads, typesafeCaches);
      }
    };
  }

  /**
   * Analyses the trace at {@code trace}, the path as the user typed it.
   *
   * @throws IOException if the trace cannot be read or is malformed
   */
  TraceResult analyze(String trace, boolean lenient) throws IOException;

  /**
   * Analyses the trace at {@code trace}, capturing a timeline per finding if {@code timelines}, and
   * telling {@code progress} how far it got; an analyzer that cannot do either ignores them.
   *
   * @throws IOException if the trace cannot be read or is malformed
   */
  default TraceResult analyze(String trace, boolean lenient, boolean timelines, Progress progress)
      throws IOException {
    return analyze(trace, lenient);
  }

  /**
   * Analyses the trace at {@code trace} as {@link #analyze(String, boolean, boolean, Progress)} does,
   * but hands each finding to {@code sink} as it is decided and returns a summary without findings,
   * so that nothing grows with their number. An analyzer that cannot stream collects, then replays.
   *
   * @throws IOException if the trace cannot be read or is malformed
   * @throws ReportWriteException if the sink's writer fails; it is the output's failure
   */
  default TraceResult analyze(String trace, boolean lenient, boolean timelines, Progress progress,
      FindingSink sink) throws IOException {
    TraceResult r = analyze(trace, lenient, timelines, progress);
    r.findings().forEach(sink::accept);
    return new TraceResult(r.trace(), r.events(), List.of(), r.warnings(), r.skipped(), r.notes(),
        r.handoffs());
  }

  private static TraceResult analyzeFile(String trace, boolean lenient, boolean timelines,
      Progress progress, FindingSink sink, int threads, Set<String> typesafeCaches)
      throws IOException {
    Path path = TraceFiles.existing(trace);
    CountingInputStream in = new CountingInputStream(Files.newInputStream(path));
    AnalysisOptions options;
    try {
      options = new AnalysisOptions(timelines, progress.start(Files.size(path), in::count))
          .withThreads(threads).withTypesafeCaches(typesafeCaches);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    try (EventSource source = Traces.open(in, trace, lenient)) {
      return Detector.analyze(source, sink, options);
    } catch (ReportWriteException e) {
      // The report's writer failed, not the trace: let the caller tell them apart.
      throw e;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
