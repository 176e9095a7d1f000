package dev.slabrace.cli;

import dev.slabrace.detect.AnalysisOptions;
import dev.slabrace.detect.Detector;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingSink;
import dev.slabrace.finding.TraceResult;
import dev.slabrace.report.ReportWriteException;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.Traces;
import dev.slabrace.trace.kernel.KernelInputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The step that turns one trace file into its result; tests replace it to exercise the CLI alone. */
@FunctionalInterface
interface TraceAnalyzer {
  /** Opens the trace with {@link Traces#open} and analyses it with {@link Detector#analyze}. */
  TraceAnalyzer DETECTOR = detector(1, KernelInputs.NONE, Set.of());

  /**
   * Returns the real reader and detector, the detector splitting each trace's address space across
   * {@code threads} engines ({@code analyze --threads}), the reader using what the user said about
   * the kernel ({@code --kprobe-events}, {@code --kallsyms}), with the caches named
   * {@code typesafeCaches} treated as SLAB_TYPESAFE_BY_RCU ({@code analyze --typesafe-cache}).
   */
  static TraceAnalyzer detector(int threads, KernelInputs kernel, Set<String> typesafeCaches) {
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
            kernel, typesafeCaches);
        return new TraceResult(r.trace(), r.events(), List.copyOf(findings), r.warnings(),
            r.skipped(), r.notes(), r.engineNotes(), r.handoffs());
      }

      @Override
      public TraceResult analyze(String trace, boolean lenient, boolean timelines,
          Progress progress, FindingSink sink) throws IOException {
        return analyzeFile(trace, lenient, timelines, progress, sink, threads, kernel,
            typesafeCaches);
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
        r.engineNotes(), r.handoffs());
  }

  /** How the note that a trace holds no events begins. */
  String EMPTY = "the trace holds no events: ";

  /** Returns the note that a trace holds no events, with its likely cause; the first note then. */
  static String emptyNote(EventSource source) {
    return EMPTY + source.whyEmpty();
  }

  private static TraceResult analyzeFile(String trace, boolean lenient, boolean timelines,
      Progress progress, FindingSink sink, int threads, KernelInputs kernel,
      Set<String> typesafeCaches) throws IOException {
    CountingInputStream in = new CountingInputStream(TraceFiles.open(trace));
    AnalysisOptions options;
    try {
      options = new AnalysisOptions(timelines, progress.start(TraceFiles.size(trace), in::count))
          .withThreads(threads).withTypesafeCaches(typesafeCaches);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    try (EventSource source = Traces.open(in, trace, lenient, kernel)) {
      TraceResult r = Detector.analyze(source, sink, options);
      if (r.events() > 0) {
        return r;
      }
      List<String> notes = new ArrayList<>();
      notes.add(emptyNote(source));
      notes.addAll(r.notes());
      return new TraceResult(r.trace(), r.events(), r.findings(), r.warnings(), r.skipped(),
          List.copyOf(notes), r.engineNotes(), r.handoffs());
    } catch (ReportWriteException e) {
      // The report's writer failed, not the trace: let the caller tell them apart.
      throw e;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
