package dev.slabrace.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rate limit of the text report: one report per kind and unordered pair of code locations, like
 * KCSAN's rate_limit_report() without its time window.
 */
final class ReportFilter {
  /* Implementation notes
   *
   * KCSAN matches the pair by raw return address; the closest thing a trace has is the full top frame,
   * offset included, so func+0x10 and func+0x20 are different locations. Two unknown locations ("?")
   * share a key, as KCSAN's unknown origin shares frame2 = 0. The map keeps insertion order, so reports
   * come in the order of their first finding, and the output never depends on hash order.
   */

  /**
   * One report to print: the first finding of its key and how many later findings had the same key.
   *
   * @param finding the first finding with this key
   * @param repeats how many later findings were folded into it
   */
  record Report(Finding finding, int repeats) {}

  private record Key(FindingKind kind, String lo, String hi) {
    static Key of(Finding f) {
      String a = f.first().topFrame();
      String b = f.second().topFrame();
      return a.compareTo(b) <= 0 ? new Key(f.kind(), a, b) : new Key(f.kind(), b, a);
    }
  }

  private ReportFilter() {}

  /** Folds findings (in the order of their later event) into reports, keeping that order. */
  static List<Report> rateLimit(List<Finding> findings) {
    Map<Key, Finding> firsts = new LinkedHashMap<>();
    Map<Key, Integer> repeats = new LinkedHashMap<>();
    for (Finding f : findings) {
      Key key = Key.of(f);
      if (firsts.putIfAbsent(key, f) != null) {
        repeats.merge(key, 1, Integer::sum);
      }
    }
    List<Report> reports = new ArrayList<>(firsts.size());
    firsts.forEach((key, f) -> reports.add(new Report(f, repeats.getOrDefault(key, 0))));
    return reports;
  }
}
