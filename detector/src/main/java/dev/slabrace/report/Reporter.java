package dev.slabrace.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** A printer of analysed traces: turns each {@link TraceResult} into text on a writer. */
public interface Reporter {
  /**
   * Prints the report of one trace. The output is a pure function of {@code result}.
   *
   * @throws IOException if {@code out} fails
   */
  void print(TraceResult result, Writer out) throws IOException;

  /**
   * Prints the reports of several traces, in order, each on its own.
   *
   * @throws IOException if {@code out} fails
   */
  default void print(List<TraceResult> results, Writer out) throws IOException {
    for (TraceResult result : results) {
      print(result, out);
    }
  }
}
