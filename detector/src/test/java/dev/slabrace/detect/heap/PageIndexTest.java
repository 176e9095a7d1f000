package dev.slabrace.detect.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * PageIndex answers what a sorted map's floor, then ceiling, answers for disjoint ranges, whatever
 * their sizes, as ranges come and go.
 */
final class PageIndexTest {
  private static final long BASE = 0xffff888100000000L;

  /** The sorted-map answer: the range covering lo if any, else the lowest starting in (lo, hi]. */
  private static String expected(TreeMap<Long, long[]> sorted, long lo, long hi) {
    Map.Entry<Long, long[]> f = sorted.floorEntry(lo ^ Long.MIN_VALUE);
    if (f != null && Long.compareUnsigned(f.getValue()[1], lo) >= 0) {
      return Long.toHexString(f.getValue()[0]);
    }
    Map.Entry<Long, long[]> c = sorted.ceilingEntry(lo ^ Long.MIN_VALUE);
    return c != null && Long.compareUnsigned(c.getValue()[0], hi) <= 0
        ? Long.toHexString(c.getValue()[0]) : null;
  }

  @Test
  void disjointRanges_sameAnswersAsSortedMap() {
    Random rnd = new Random(7);
    PageIndex<String> index = new PageIndex<>();
    TreeMap<Long, long[]> sorted = new TreeMap<>();
    long[] sizes = {8, 64, 4096, 8384, 1 << 20, 1L << 33};
    for (int step = 0; step < 20000; step++) {
      long first = BASE + (rnd.nextInt(1 << 22) & ~7L) * (rnd.nextInt(4) == 0 ? 4096 : 1);
      long last = first + sizes[rnd.nextInt(sizes.length)] - 1;
      Map.Entry<Long, long[]> below = sorted.floorEntry(last ^ Long.MIN_VALUE);
      boolean free = below == null || Long.compareUnsigned(below.getValue()[1], first) < 0;
      if (rnd.nextInt(3) > 0 && free) {
        index.put(first, last, Long.toHexString(first));
        sorted.put(first ^ Long.MIN_VALUE, new long[] {first, last});
      } else if (!sorted.isEmpty() && rnd.nextBoolean()) {
        Long key = sorted.ceilingKey(first ^ Long.MIN_VALUE);
        long[] r = sorted.remove(key != null ? key : sorted.firstKey());
        assertEquals(Long.toHexString(r[0]), index.remove(r[0]));
      }
      long lo = rnd.nextBoolean() ? first + rnd.nextInt(16384) - 8192 : BASE + rnd.nextInt(1 << 30);
      long hi = lo + rnd.nextInt(rnd.nextBoolean() ? 8 : 8192);
      assertEquals(expected(sorted, lo, hi), index.lowest(lo, hi), "lowest at step " + step);
    }
    assertEquals(sorted.size(), index.size());
    assertFalse(index.everOverlapped());
  }

  @Test
  void overlap_isNoted_andRemoveForgetsTheRange() {
    PageIndex<String> index = new PageIndex<>();
    index.put(BASE, BASE + (1L << 30) - 1, "big");
    assertEquals("big", index.lowest(BASE + (1L << 29), BASE + (1L << 29) + 7));
    index.put(BASE + 4096, BASE + 4096 + 63, "small");
    assertTrue(index.everOverlapped());
    assertEquals("big", index.lowest(BASE + 4096, BASE + 4096));
    assertEquals("big", index.remove(BASE));
    assertEquals("small", index.lowest(BASE, BASE + 8191));
    assertNull(index.lowest(BASE + (1L << 29), BASE + (1L << 29) + 7));
  }
}
