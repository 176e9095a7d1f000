package dev.slabrace.finding;

import java.util.List;

/**
 * One trace's summary with its findings gathered by a {@link CollectingSink}: what the printers'
 * collected path ({@code Reporter.print}) and tests take, where memory may grow with the findings.
 *
 * @param summary the trace's summary
 * @param findings its findings in the order of their later event
 */
public record TraceResult(TraceSummary summary, List<Finding> findings) {
  /** Copies the findings. */
  public TraceResult {
    findings = List.copyOf(findings);
  }

  /** Returns the trace as the user named it. */
  public String trace() {
    return summary.trace();
  }
}
