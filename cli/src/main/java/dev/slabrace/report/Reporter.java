package dev.slabrace.report;

import dev.slabrace.finding.TraceResult;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * A printer of analysed traces. Its streaming path takes each trace's findings as the engine decides
 * them: {@link #begin} per trace, in order, then the trace's {@link TraceReport}, then {@link #finish}
 * once for the run. A format that is one document for all traces keeps what it needs until
 * {@code finish}; the others print each trace's report to its own writer as it goes.
 */
public interface Reporter {
  /**
   * Starts the report of trace {@code trace}, which prints to {@code out}. Called on one thread, in the
   * order of the traces; the returned report may then be filled on another thread.
   */
  TraceReport begin(String trace, Writer out);

  /**
   * Ends the run: a document format writes its one document, of every trace whose report ended
   * (not failed), in the order they began; the others write nothing.
   *
   * @throws IOException if {@code out} fails
   */
  default void finish(Writer out) throws IOException {}

  /**
   * Prints the report of one trace whose findings were collected. The output is a pure function of
   * {@code result}.
   *
   * @throws IOException if {@code out} fails
   */
  default void print(TraceResult result, Writer out) throws IOException {
    print(List.of(result), out);
  }

  /**
   * Prints the reports of several traces whose findings were collected, in order, as the streaming
   * path would.
   *
   * @throws IOException if {@code out} fails
   */
  default void print(List<TraceResult> results, Writer out) throws IOException {
    print(results, Baseline.NONE, out);
  }

  /**
   * Prints the reports of several collected traces, counting findings against {@code baseline} for
   * the summary lines.
   *
   * @throws IOException if {@code out} fails
   */
  default void print(List<TraceResult> results, Baseline baseline, Writer out) throws IOException {
    for (TraceResult result : results) {
      TraceReport report = begin(result.trace(), out);
      try {
        result.findings().forEach(report::accept);
      } catch (ReportWriteException e) {
        throw e.getCause();
      }
      report.end(result.summary(), FindingCounts.of(result.findings(), baseline));
    }
    finish(out);
  }
}
