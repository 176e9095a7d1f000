package dev.slabrace.symbolize;

import dev.slabrace.finding.Finding;
import dev.slabrace.finding.TraceSummary;
import dev.slabrace.report.FindingCounts;
import dev.slabrace.report.Reporter;
import dev.slabrace.report.TraceReport;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * A reporter that finds every finding's frames in the source ({@link Symbolizer}) before handing it to
 * the reporter it wraps, so that every format prints the same file:line.
 */
public final class SymbolizingReporter implements Reporter {
  private final Reporter reporter;
  private final Symbolizer symbolizer;

  /** Wraps {@code reporter}, symbolising with {@code symbolizer}. */
  public SymbolizingReporter(Reporter reporter, Symbolizer symbolizer) {
    this.reporter = reporter;
    this.symbolizer = symbolizer;
  }

  @Override
  public TraceReport begin(String trace, Writer out) {
    TraceReport report = reporter.begin(trace, out);
    return new TraceReport() {
      @Override
      public void accept(Finding finding) {
        report.accept(symbolizer.symbolize(finding));
      }

      @Override
      public void end(TraceSummary summary, FindingCounts counts) throws IOException {
        report.end(summary, counts);
      }

      @Override
      public void fail(String message) throws IOException {
        report.fail(message);
      }

      @Override
      public List<String> notes() {
        return report.notes();
      }
    };
  }

  @Override
  public void finish(Writer out) throws IOException {
    reporter.finish(out);
  }
}
