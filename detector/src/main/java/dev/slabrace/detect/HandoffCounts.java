package dev.slabrace.detect;

import dev.slabrace.report.HandoffRow;
import dev.slabrace.trace.EventSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts objects freed by a task other than the one that allocated them, per pair of allocation and
 * free sites, and how many of those crossings an observed happens-before path ordered: "who breaks
 * the assumption?" for a whole trace, even one with no loads or stores.
 */
final class HandoffCounts {
  private record Sites(int allocIp, int allocStack, int freeIp, int freeStack) {}

  private final Map<Sites, long[]> counts = new HashMap<>();

  /** Counts one crossing. */
  void count(int allocIp, int allocStack, int freeIp, int freeStack, boolean ordered) {
    long[] c = counts.computeIfAbsent(new Sites(allocIp, allocStack, freeIp, freeStack),
        k -> new long[2]);
    c[ordered ? 0 : 1]++;
  }

  /** Returns the table, most unordered crossings first, then by sites for a stable order. */
  List<HandoffRow> rows(EventSource source) {
    Map<String, long[]> bySite = new HashMap<>();
    for (Map.Entry<Sites, long[]> e : counts.entrySet()) {
      Sites s = e.getKey();
      String key = site(source, s.allocIp(), s.allocStack()) + "\n"
          + site(source, s.freeIp(), s.freeStack());
      long[] c = bySite.computeIfAbsent(key, k -> new long[2]);
      c[0] += e.getValue()[0];
      c[1] += e.getValue()[1];
    }
    List<HandoffRow> rows = new ArrayList<>();
    for (Map.Entry<String, long[]> e : bySite.entrySet()) {
      String[] sites = e.getKey().split("\n", 2);
      long[] c = e.getValue();
      rows.add(new HandoffRow(sites[0], sites[1], c[0] + c[1], c[0], c[1]));
    }
    rows.sort(Comparator.comparingLong(HandoffRow::unordered).reversed()
        .thenComparing(Comparator.comparingLong(HandoffRow::crossed).reversed())
        .thenComparing(HandoffRow::allocSite).thenComparing(HandoffRow::freeSite));
    return rows;
  }

  private static String site(EventSource source, int ip, int stack) {
    if (ip >= 0) {
      return source.symbols().name(ip);
    }
    if (stack >= 0 && source.stacks().frames(stack).length > 0) {
      return source.symbols().name(source.stacks().frames(stack)[0]);
    }
    return "?";
  }
}
