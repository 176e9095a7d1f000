package dev.slabrace.detect;

import dev.slabrace.finding.HandoffRow;
import dev.slabrace.trace.EventSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts objects freed by a task other than the one that allocated them, per pair of allocation and
 * free sites, and how many of those crossings an observed happens-before path ordered: "who breaks
 * the assumption?" for a whole trace, even one with no loads or stores. A site is named by its first
 * frame outside the allocator.
 */
final class HandoffCounts {
  /**
   * A pair of sites, a map key. Its equals and hashCode are written out: a record's own go through
   * method handles, which the quick JIT compiler (C1) does not inline, and every free across tasks
   * looks its pair up.
   */
  private record Sites(int allocIp, int allocStack, int freeIp, int freeStack) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Sites s && s.allocIp == allocIp && s.allocStack == allocStack
          && s.freeIp == freeIp && s.freeStack == freeStack;
    }

    @Override
    public int hashCode() {
      return ((allocIp * 31 + allocStack) * 31 + freeIp) * 31 + freeStack;
    }
  }

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

  /**
   * Returns the site of an allocation or free: the first of its code location and stack frames that
   * is outside the allocator's entry points, so that the caller is named rather than
   * {@code __kmalloc_noprof}; the first frame if all are inside; {@code ?} if there is none.
   */
  static String site(EventSource source, int ip, int stack) {
    String first = null;
    if (ip >= 0) {
      first = source.symbols().name(ip);
      if (!isAllocator(first)) {
        return first;
      }
    }
    if (stack >= 0) {
      for (int frame : source.stacks().frames(stack)) {
        String name = source.symbols().name(frame);
        if (!isAllocator(name)) {
          return name;
        }
        first = first == null ? name : first;
      }
    }
    return first == null ? "?" : first;
  }

  /**
   * Whether {@code frame} is in one of the slab allocator's entry points: {@code kmalloc},
   * {@code kmem_cache_alloc*}, {@code __kmalloc*}, {@code kfree}, {@code kmem_cache_free}, each also
   * with the {@code _noprof} suffix of allocation profiling (v6.10+).
   */
  static boolean isAllocator(String frame) {
    int end = 0;
    while (end < frame.length() && frame.charAt(end) != '+' && frame.charAt(end) != ' '
        && frame.charAt(end) != '.') {
      end++;
    }
    String function = frame.substring(0, end);
    if (function.endsWith("_noprof")) {
      function = function.substring(0, function.length() - "_noprof".length());
    }
    return function.equals("kmalloc") || function.equals("kfree")
        || function.equals("kmem_cache_free") || function.startsWith("kmem_cache_alloc")
        || function.startsWith("__kmalloc");
  }
}
