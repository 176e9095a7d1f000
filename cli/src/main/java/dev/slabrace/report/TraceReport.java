package dev.slabrace.report;

import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingSink;
import dev.slabrace.finding.TraceSummary;
import java.io.IOException;
import java.util.List;

/**
 * One trace's report in the making, the streaming path of a {@link Reporter}: findings arrive one at a
 * time as the engine decides them, then the trace ends, with its summary, or fails.
 *
 * <p>Its methods are called by one thread at a time, not necessarily the one that began it: first
 * {@link #accept} per finding, then {@link #notes}, then one of {@link #end} or {@link #fail}.
 */
public interface TraceReport extends FindingSink {
  /**
   * Takes one finding, in the order of its later event; a streaming format writes it at once.
   *
   * @throws ReportWriteException if the report's writer fails
   */
  @Override
  void accept(Finding finding);

  /**
   * Ends the report of a trace analysed to its end: prints what is left of it (the folded reports and
   * the summary line, the document's closing part), or keeps it for the run's one document.
   *
   * @param summary the trace's events, warnings and notes
   * @param counts every finding this report accepted, counted
   * @throws IOException if the writer fails
   */
  void end(TraceSummary summary, FindingCounts counts) throws IOException;

  /**
   * Ends the report of a trace that could not be read to its end. A format that has already written
   * part of it closes it, naming {@code message}; the others print nothing.
   *
   * @throws IOException if the writer fails
   */
  void fail(String message) throws IOException;

  /**
   * Returns what the report left out that standard error should say (a cap on what a document holds),
   * once every finding is in; empty unless a cap was reached.
   */
  default List<String> notes() {
    return List.of();
  }
}
