package dev.slabrace.cli;

import dev.slabrace.finding.Finding;
import dev.slabrace.finding.TraceResult;
import dev.slabrace.finding.TraceWarning;
import dev.slabrace.report.Baseline;
import dev.slabrace.report.BaselineKey;
import dev.slabrace.report.FindingCounts;
import dev.slabrace.report.FindingFilter;
import dev.slabrace.report.Messages;
import dev.slabrace.report.ReportWriteException;
import dev.slabrace.report.TraceReport;
import dev.slabrace.trace.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Collections;
import java.util.List;
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
  /** How many warnings of one trace reach standard error; the rest are only counted. */
  static final int MAX_WARNINGS = 20;

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
   * @param lenient skip malformed lines
   * @param timelines capture a timeline per finding
   * @param filter the findings the user wants
   * @param baseline the known findings, or {@link Baseline#NONE}
   * @param quiet no summary line on standard error
   * @param keys collect the findings' baseline keys
   */
  record Settings(TraceAnalyzer analyzer, boolean lenient, boolean timelines, FindingFilter filter,
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
    TraceResult summary;
    try {
      summary = settings.analyzer().analyze(trace, settings.lenient(), settings.timelines(),
          bar == null ? Progress.NONE : bar, f -> take(f, filter, counts, keys));
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
    printWarnings(trace, summary.warnings(), err);
    for (String note : Messages.notes(summary)) {
      err.println(Printable.escape("slabrace: " + trace + ": note: " + note));
    }
    for (String note : report.notes()) {
      err.println(Printable.escape("slabrace: " + trace + ": note: " + note));
    }
    err.flush();
    report.end(summary, counts);
    out.flush();
    if (!settings.quiet()) {
      errAfter.println(summary(trace, summary, counts));
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

  /** Prints the first {@link #MAX_WARNINGS} warnings of a trace and counts the rest. */
  static void printWarnings(String trace, List<TraceWarning> warnings, PrintWriter err) {
    int shown = Math.min(MAX_WARNINGS, warnings.size());
    for (TraceWarning w : warnings.subList(0, shown)) {
      err.println(Printable.escape("slabrace: " + w.location(trace) + ": warning: event "
          + w.eventId() + ": " + Messages.warning(w)));
    }
    int rest = warnings.size() - shown;
    if (rest > 0) {
      err.println("slabrace: " + Printable.escape(trace) + ": ... " + plural(rest, "more warning"));
    }
  }

  /**
   * Returns the summary line of one analysed trace on standard error, with how many findings are new
   * if there is a baseline.
   */
  static String summary(String trace, TraceResult result, FindingCounts counts) {
    StringBuilder sb = new StringBuilder("slabrace: ").append(Printable.escape(trace)).append(": ")
        .append(plural(result.events(), "event")).append(", ");
    if (counts.total() == 0) {
      sb.append("no findings");
    } else {
      sb.append(plural(counts.total(), "finding")).append(counts.byKind());
    }
    if (counts.baselinePresent()) {
      sb.append(", ").append(counts.fresh()).append(" new");
    }
    if (result.skipped() > 0) {
      sb.append(", ").append(plural(result.skipped(), "malformed line")).append(" skipped");
    }
    return sb.toString();
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
