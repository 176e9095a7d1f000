package dev.slabrace.cli;

import dev.slabrace.finding.Finding;
import dev.slabrace.finding.TraceSummary;
import dev.slabrace.report.Baseline;
import dev.slabrace.report.BaselineKey;
import dev.slabrace.report.FindingCounts;
import dev.slabrace.report.FindingFilter;
import dev.slabrace.report.ReportWriteException;
import dev.slabrace.report.StderrLines;
import dev.slabrace.report.TraceReport;
import dev.slabrace.trace.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * The analysis of one trace for {@code analyze}: its findings stream through the filter into counts,
 * baseline keys and the trace's report as the engine decides them, then the trace's lines go to
 * standard error. It runs on the command's thread or, with {@code --jobs}, on a worker that writes to
 * buffers; either way it holds no finding itself.
 */
final class TraceJob implements Callable<TraceJob.Outcome> {
  /**
   * What the analysis of one trace came to.
   *
   * @param failed the trace could not be read to its end
   * @param internal it failed on a bug in slabrace, not on its content
   * @param fresh it had findings not in the baseline (any finding, without one)
   * @param keys the baseline keys of its findings, if the run writes a baseline; else empty
   */
  record Outcome(boolean failed, boolean internal, boolean fresh, SortedSet<String> keys) {}

  /**
   * What every trace of a run is analysed with.
   *
   * @param analyzer reads and analyses a trace
   * @param options how it reads and analyses each trace (its progress is the job's own)
   * @param filter the findings the user wants
   * @param baseline the known findings, or {@link Baseline#NONE}
   * @param quiet no summary line on standard error
   * @param keys collect the findings' baseline keys
   */
  record Settings(TraceAnalyzer analyzer, TraceAnalyzer.Options options, FindingFilter filter,
      Baseline baseline, boolean quiet, boolean keys) {}

  private final Settings settings;
  private final String trace;
  private final TraceReport report;
  private final Writer out;
  private final PrintWriter err;
  private final PrintWriter errAfter;
  private final ProgressBar bar;

  /**
   * Creates the job of {@code trace}, printing its report through {@code report} to {@code out}, its
   * warnings and notes to {@code err} before the report's end and its summary line to
   * {@code errAfter}; {@code bar}, if not null, shows its progress.
   */
  TraceJob(Settings settings, String trace, TraceReport report, Writer out, PrintWriter err,
      PrintWriter errAfter, ProgressBar bar) {
    this.settings = settings;
    this.trace = trace;
    this.report = report;
    this.out = out;
    this.err = err;
    this.errAfter = errAfter;
    this.bar = bar;
  }

  /**
   * Analyses the trace and prints its report and lines; a trace that cannot be read, or meets a bug
   * in slabrace, is a line on standard error and a failed outcome.
   *
   * @throws IOException if the report's writer fails
   */
  @Override
  public Outcome call() throws IOException {
    FindingCounts counts = new FindingCounts(settings.baseline());
    SortedSet<String> keys = new TreeSet<>();
    FindingFilter filter = settings.filter();
    TraceSummary summary;
    try {
      summary = settings.analyzer().analyze(trace,
          settings.options().withProgress(bar == null ? Progress.NONE : bar),
          f -> take(f, filter, counts, keys));
    } catch (ReportWriteException e) {
      throw e.getCause();
    } catch (IOException e) {
      return failed(ErrorHandler.describe(trace, e), false);
    } catch (StdoutWriter.StdoutFailure e) {
      // standard output failed, not the trace: the command ends (Main)
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      // A bug met in this trace alone: say so, and let the run go on to the other traces. Running
      // out of memory still ends the run (ErrorHandler), as the heap may be of no use to them.
      if (ErrorHandler.debug()) {
        e.printStackTrace(err);
      }
      return failed(Printable.escape(trace) + ": " + ErrorHandler.internalError(e), true);
    }
    if (bar != null) {
      bar.finish(summary.events());
    }
    StderrLines.warningsAndNotes(trace, summary, report.notes()).forEach(err::println);
    err.flush();
    report.end(summary, counts);
    out.flush();
    if (!settings.quiet()) {
      errAfter.println(StderrLines.summary(trace, summary, counts));
      errAfter.flush();
    }
    return new Outcome(false, false, counts.fresh() > 0, keys);
  }

  /** Reports a trace that could not be analysed to its end: one line, and the report's note. */
  private Outcome failed(String message, boolean internal) throws IOException {
    if (bar != null) {
      bar.finish(0);
    }
    err.println("slabrace: " + message);
    err.flush();
    report.fail(message);
    out.flush();
    return new Outcome(true, internal, false, Collections.emptySortedSet());
  }

  /** Takes one finding from the engine: filters, counts, keys and reports it. */
  private void take(Finding f, FindingFilter filter, FindingCounts counts, SortedSet<String> keys) {
    if (!filter.keeps(f)) {
      return;
    }
    counts.add(f);
    if (settings.keys()) {
      keys.add(BaselineKey.of(f));
    }
    report.accept(f);
  }
}
