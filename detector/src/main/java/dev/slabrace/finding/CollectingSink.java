package dev.slabrace.finding;

import java.util.ArrayList;
import java.util.List;

/**
 * A sink that keeps every finding it is given, in order: how a caller collects a trace's findings
 * from the one streaming analysis, when it can afford to hold them.
 */
public final class CollectingSink implements FindingSink {
  private final List<Finding> findings = new ArrayList<>();

  @Override
  public void accept(Finding finding) {
    findings.add(finding);
  }

  /** Returns the findings so far, in the order they came. */
  public List<Finding> findings() {
    return List.copyOf(findings);
  }

  /** Returns {@code summary} with the findings so far: the trace's collected result. */
  public TraceResult result(TraceSummary summary) {
    return new TraceResult(summary, findings);
  }
}
