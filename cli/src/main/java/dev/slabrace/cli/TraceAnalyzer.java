package dev.slabrace.cli;

import dev.slabrace.detect.AnalysisOptions;
import dev.slabrace.detect.Detector;
import dev.slabrace.finding.FindingSink;
import dev.slabrace.finding.TraceSummary;
import dev.slabrace.report.ReportWriteException;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.Traces;
import dev.slabrace.trace.kernel.KernelInputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * The step that turns one trace file into its findings and summary: the real reader and detector
 * ({@link #DETECTOR}), or in tests a stand-in that exercises the command line alone.
 */
@FunctionalInterface
interface TraceAnalyzer {
  /** Opens the trace with {@link Traces#open} and analyses it with {@link Detector#analyze}. */
  TraceAnalyzer DETECTOR = TraceAnalyzer::analyzeFile;

  /**
   * How a trace is read and analysed; a stand-in ignores what it cannot do.
   *
   * @param lenient skip malformed lines and count them
   * @param timelines capture a timeline per finding
   * @param progress what watches the analysis (a progress bar), or {@link Progress#NONE}
   * @param threads how many engines split each trace's address space ({@code analyze --threads})
   * @param kernel what the user said about the kernel ({@code --kprobe-events}, {@code --kallsyms})
   * @param typesafeCaches caches treated as SLAB_TYPESAFE_BY_RCU ({@code analyze --typesafe-cache})
   */
  record Options(boolean lenient, boolean timelines, Progress progress, int threads,
      KernelInputs kernel, Set<String> typesafeCaches) {
    /** Options that only say whether to be lenient: no timelines, no progress, one engine. */
    static Options lenient(boolean lenient) {
      return new Options(lenient, false, Progress.NONE, 1, KernelInputs.NONE, Set.of());
    }

    /** Returns these options watched by {@code p}. */
    Options withProgress(Progress p) {
      return new Options(lenient, timelines, p, threads, kernel, typesafeCaches);
    }
  }

  /**
   * Analyses the trace at {@code trace}, the path as the user typed it, handing each finding to
   * {@code sink} as it is decided, and returns its summary.
   *
   * @throws IOException if the trace cannot be read or is malformed
   * @throws ReportWriteException if the sink's writer fails; it is the output's failure
   */
  TraceSummary analyze(String trace, Options options, FindingSink sink) throws IOException;

  private static TraceSummary analyzeFile(String trace, Options options, FindingSink sink)
      throws IOException {
    CountingInputStream in = new CountingInputStream(TraceFiles.open(trace));
    AnalysisOptions analysis;
    try {
      analysis = new AnalysisOptions(options.timelines(),
          options.progress().start(TraceFiles.size(trace), in::count))
          .withThreads(options.threads()).withTypesafeCaches(options.typesafeCaches());
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    try (EventSource source = Traces.open(in, trace, options.lenient(), options.kernel())) {
      return Detector.analyze(source, sink, analysis);
    } catch (ReportWriteException e) {
      // The report's writer failed, not the trace: let the caller tell them apart.
      throw e;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
