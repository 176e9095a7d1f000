package dev.slabrace.report;

import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rate limit of the text report, applied as findings arrive: one report per kind and unordered
 * pair of code locations, like KCSAN's rate_limit_report() without its time window. It keeps the first
 * finding of a key only while fewer than its limit of reports are kept, and a count of repeats for each
 * kept report.
 */
public final class ReportFilter {
  /* Implementation notes
   *
   * KCSAN matches the pair by raw return address; the closest thing a trace has is the full top frame,
   * offset included, so func+0x10 and func+0x20 are different locations. Two unknown locations ("?")
   * share a key, as KCSAN's unknown origin shares frame2 = 0. Reports come in the order of their first
   * finding, and the output never depends on hash order: the map only answers "seen before?", the kept
   * list holds the order.
   *
   * Memory is one map entry per distinct key (the two frame strings are the trace's own, shared) plus
   * the kept findings: a key past the limit is remembered, so that the summary can count reports, but
   * its finding is not.
   */

  /**
   * One report to print: the first finding of its key and how many later findings had the same key.
   *
   * @param finding the first finding with this key
   * @param repeats how many later findings were folded into it
   */
  public record Report(Finding finding, int repeats) {}

  private record Key(FindingKind kind, String lo, String hi) {
    static Key of(Finding f) {
      String a = f.first().topFrame();
      String b = f.second().topFrame();
      return a.compareTo(b) <= 0 ? new Key(f.kind(), a, b) : new Key(f.kind(), b, a);
    }
  }

  /** A kept report in the making. */
  private static final class Slot {
    final Finding finding;
    int repeats;

    Slot(Finding finding) {
      this.finding = finding;
    }
  }

  /** The map's value for a key whose report is past the limit: seen, not kept. */
  private static final Slot NOT_KEPT = new Slot(null);

  private final int limit;
  private final Map<Key, Slot> seen = new HashMap<>();
  private final List<Slot> kept = new ArrayList<>();

  /** Creates a filter that keeps the first {@code limit} reports. */
  public ReportFilter(int limit) {
    this.limit = limit;
  }

  /** Folds in one finding; findings must come in the order of their later event. */
  public void accept(Finding f) {
    Key key = Key.of(f);
    Slot slot = seen.get(key);
    if (slot == null) {
      slot = kept.size() < limit ? new Slot(f) : NOT_KEPT;
      if (slot != NOT_KEPT) {
        kept.add(slot);
      }
      seen.put(key, slot);
    } else if (slot != NOT_KEPT) {
      slot.repeats++;
    }
  }

  /** Returns how many reports the findings so far fold into, kept or not. */
  public int reports() {
    return seen.size();
  }

  /** Returns the kept reports, in the order of their first finding. */
  public List<Report> kept() {
    List<Report> reports = new ArrayList<>(kept.size());
    for (Slot s : kept) {
      reports.add(new Report(s.finding, s.repeats));
    }
    return reports;
  }
}
