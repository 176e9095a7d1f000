package dev.slabrace.report;

import dev.slabrace.trace.Printable;

/**
 * The summary line that closes a trace's human-readable report:
 * {@code slabrace: t.jsonl: 120 events analysed, 3 findings (2 data-race, 1 assert-race) in 2 reports},
 * then how many reports were not printed and, against a baseline, how many findings are new.
 * It holds counts only, never timings, so that a report is the same from run to run.
 */
public final class ReportSummary {
  private ReportSummary() {}

  /**
   * Returns the summary line of a trace, without its line end.
   *
   * @param trace the trace as the user named it
   * @param events how many events were analysed
   * @param counts its findings, counted
   * @param reports how many reports the findings folded into
   * @param printed how many of those were printed
   * @param limit what left the others out, in the line's parentheses ({@code --max-reports 2})
   */
  public static String line(String trace, long events, FindingCounts counts, int reports, int printed,
      String limit) {
    StringBuilder sb = new StringBuilder("slabrace: ").append(Printable.escape(trace)).append(": ")
        .append(plural(events, "event")).append(" analysed, ");
    if (counts.total() == 0) {
      return sb.append("no findings").toString();
    }
    sb.append(plural(counts.total(), "finding")).append(counts.byKind())
        .append(" in ").append(plural(reports, "report"));
    if (printed < reports) {
      sb.append(", ").append(reports - printed).append(" not printed (").append(limit).append(')');
    }
    if (counts.baselinePresent()) {
      sb.append(", ").append(counts.fresh()).append(" new (not in the baseline)");
    }
    return sb.toString();
  }

  public static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
