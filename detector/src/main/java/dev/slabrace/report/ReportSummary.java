package dev.slabrace.report;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The summary line that closes a trace's human-readable report:
 * {@code slabrace: t.jsonl: 120 events analysed, 3 findings (2 data-race, 1 assert-race) in 2 reports},
 * then how many reports were not printed and, against a baseline, how many findings are new.
 * It holds counts only, never timings, so that a report is the same from run to run.
 */
final class ReportSummary {
  private ReportSummary() {}

  /**
   * Returns the summary line of {@code result}, without its line end.
   *
   * @param reports how many reports the findings folded into
   * @param printed how many of those were printed
   * @param baseline the known findings: when present, the line says how many are new
   */
  static String line(TraceResult result, int reports, int printed, Baseline baseline) {
    StringBuilder sb = new StringBuilder("slabrace: ").append(result.trace()).append(": ")
        .append(plural(result.events(), "event")).append(" analysed, ");
    List<Finding> findings = result.findings();
    if (findings.isEmpty()) {
      return sb.append("no findings").toString();
    }
    sb.append(plural(findings.size(), "finding")).append(byKind(findings))
        .append(" in ").append(plural(reports, "report"));
    if (printed < reports) {
      sb.append(", ").append(reports - printed).append(" not printed (--max-reports ")
          .append(printed).append(')');
    }
    if (baseline.present()) {
      sb.append(", ").append(baseline.countNew(findings)).append(" new (not in the baseline)");
    }
    return sb.toString();
  }

  /** Returns {@code " (2 data-race, 1 use-after-free)"}: the nonzero counts in kind order. */
  static String byKind(List<Finding> findings) {
    Map<FindingKind, Integer> byKind = new EnumMap<>(FindingKind.class);
    findings.forEach(f -> byKind.merge(f.kind(), 1, Integer::sum));
    StringJoiner kinds = new StringJoiner(", ", " (", ")");
    byKind.forEach((kind, n) -> kinds.add(n + " " + kind.wireName()));
    return kinds.toString();
  }

  static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
