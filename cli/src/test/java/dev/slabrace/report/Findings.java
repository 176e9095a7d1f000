package dev.slabrace.report;

import dev.slabrace.finding.Access;
import dev.slabrace.finding.AccessType;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingKind;
import dev.slabrace.finding.TraceResult;
import dev.slabrace.finding.TraceSummary;
import java.util.List;

/** Hand-built findings for reporter tests. */
public final class Findings {
  private Findings() {}

  /** An access without a known value. */
  public static Access access(long id, String task, int cpu, AccessType type, boolean marked, long addr,
      long size, String... frames) {
    return new Access(id, task, cpu, type, marked, addr, size, List.of(frames), false, 0);
  }

  /** A finding over the bytes of {@code second}, with no region and no value change. */
  public static Finding finding(FindingKind kind, Access first, Access second) {
    return new Finding(kind, first, second, second.addr(), second.size(), "", "", false, 0, 0);
  }

  /** The result of one trace named {@code trace} with these findings and nothing else. */
  public static TraceResult result(String trace, Finding... findings) {
    return new TraceResult(new TraceSummary(trace, 100, List.of(), 0), List.of(findings));
  }
}
