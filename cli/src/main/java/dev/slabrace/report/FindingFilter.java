package dev.slabrace.report;

import dev.slabrace.finding.Access;
import dev.slabrace.finding.AccessType;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingKind;
import java.util.Set;

/**
 * Which findings a user wants to see: only some classes of bytes ({@code --only slab-meta,object}),
 * none whose access happened in an ignored function ({@code --ignore-func}, KCSAN's debugfs
 * blacklist), only those whose accesses both happened in listed functions ({@code --only-func},
 * KCSAN's debugfs whitelist), and, with {@code --report-value-change-only}, no plain-vs-plain data
 * race whose value the trace shows unchanged (CONFIG_KCSAN_REPORT_VALUE_CHANGE_ONLY).
 *
 * @param onlyClasses the region classes to keep; empty keeps every finding
 * @param ignoredFunctions function names whose findings are dropped
 * @param onlyFunctions function names a finding's accesses must all be in; empty keeps every finding
 * @param valueChangeOnly whether data races without a value change are dropped
 */
public record FindingFilter(Set<String> onlyClasses, Set<String> ignoredFunctions,
    Set<String> onlyFunctions, boolean valueChangeOnly) {
  /* Implementation notes
   *
   * Function lists, as KCSAN's kcsan_skip_report_debugfs(): skip_report() checks the top frame of
   * each side in turn, and a side whose function is on the blacklist, or with "whitelist" not on
   * the list, drops the report; so a whitelisted report has both functions listed. The function is
   * the top frame's name without offset or module (a free's is its caller, kfree's or
   * kmem_cache_free's call site).
   *
   * Value change, as skip_report() with CONFIG_KCSAN_REPORT_VALUE_CHANGE_ONLY: a race whose value
   * change is MAYBE (the watcher saw no change) is skipped unless a top frame's name contains
   * "rcu_", "_rcu" or "_srcu" (kept at the maintainers' request); a change is never MAYBE for
   * accesses over 8 bytes or assertions. Here it applies to data races (never to races with a free,
   * use-after-free or double free) whose two accesses are plain, of the same address and size, at
   * most 8 bytes, and whose values the trace gives and shows unchanged:
   *   - write then write: the second write stored the value the first did (KCSAN's write
   *     watchpoint, conflicting write, no change);
   *   - read then write (or read-write): the write stored the value the read had seen (write
   *     watchpoint, conflicting read, no change).
   * A write then a read is kept: the read sees what the write stored, and whether that changed the
   * location depends on the value before the write, which the finding does not carry; the engine
   * marks the finding as a value change when it knows it did. A finding that says "value changed"
   * is always kept.
   */

  /** The largest access, in bytes, whose value change KCSAN checks. */
  private static final int MAX_VALUE_BYTES = 8;

  /** The filter that keeps everything. */
  public static final FindingFilter NONE = new FindingFilter(Set.of(), Set.of(), Set.of(), false);

  /** A filter by region classes and ignored functions only. */
  public FindingFilter(Set<String> onlyClasses, Set<String> ignoredFunctions) {
    this(onlyClasses, ignoredFunctions, Set.of(), false);
  }

  /** Whether {@code f} is kept. */
  public boolean keeps(Finding f) {
    if (!onlyClasses.isEmpty() && !onlyClasses.contains(f.regionClass())) {
      return false;
    }
    String a = KcsanTitle.functionName(f.first().topFrame());
    String b = KcsanTitle.functionName(f.second().topFrame());
    if (ignoredFunctions.contains(a) || ignoredFunctions.contains(b)) {
      return false;
    }
    if (!onlyFunctions.isEmpty() && !(onlyFunctions.contains(a) && onlyFunctions.contains(b))) {
      return false;
    }
    return !(valueChangeOnly && unchanged(f) && !rcuOptOut(a) && !rcuOptOut(b));
  }

  /** Whether {@code f} is a plain-vs-plain data race whose value the trace shows unchanged. */
  static boolean unchanged(Finding f) {
    Access first = f.first();
    Access second = f.second();
    if (f.kind() != FindingKind.DATA_RACE || f.valueChange() || first.marked() || second.marked()
        || first.addr() != second.addr() || first.size() != second.size()
        || first.size() > MAX_VALUE_BYTES || first.size() < 1
        || !first.hasValue() || !second.hasValue()
        || second.type() == AccessType.READ) {
      return false;
    }
    long mask = first.size() == MAX_VALUE_BYTES ? -1L : (1L << (8 * first.size())) - 1;
    return ((first.value() ^ second.value()) & mask) == 0;
  }

  private static boolean rcuOptOut(String function) {
    return function.contains("rcu_") || function.contains("_rcu") || function.contains("_srcu");
  }
}
