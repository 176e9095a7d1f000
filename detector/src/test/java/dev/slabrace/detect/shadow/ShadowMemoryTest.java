package dev.slabrace.detect.shadow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The shadow's lists as the engine walks them, wherever singles and blocks put their cells: against a
 * plain model of each granule's two lists, after random adds, in-place reuses, removals and resets
 * of granules spread over near and far addresses (table pages that empty and fill again).
 */
class ShadowMemoryTest {
  /** Granules near one another, at table page edges, and in the kernel's address range. */
  private static final long[] BASES = {0, 60, 64 * 4095, 64 * 4096 + 3, 0xffff888012345678L >>> 3,
      0xffff888012345678L >>> 3 | 0x7ffL << 20};

  @Test
  void listsKeepTheirOrderAndContentsWhereverCellsSit() {
    Random random = new Random(14);
    ShadowMemory shadow = new ShadowMemory();
    Map<Long, List<Long>> main = new HashMap<>();
    Map<Long, List<Long>> marked = new HashMap<>();
    long id = 0;
    for (int step = 0; step < 200_000; step++) {
      long g = BASES[random.nextInt(BASES.length)] + random.nextInt(150);
      boolean markedStore = random.nextInt(4) == 0;
      List<Long> list = (markedStore ? marked : main).computeIfAbsent(g, k -> new ArrayList<>());
      int op = random.nextInt(10);
      if (op < 5 || list.isEmpty()) { // add
        int cell = shadow.add(g, 0, 8, markedStore ? ShadowMemory.WRITE | ShadowMemory.MARKED : 0);
        shadow.describe(cell, 1, 1, ++id, g << 3, 8, 0, 0, 0);
        list.add(0, id);
      } else if (op < 7) { // reuse in place
        int k = random.nextInt(list.size());
        int cell = shadow.reset(nth(shadow, g, markedStore, k), markedStore
            ? ShadowMemory.WRITE | ShadowMemory.MARKED : ShadowMemory.WRITE);
        shadow.describe(cell, 2, 2, ++id, g << 3, 8, 0, 0, 0);
        list.set(k, id);
      } else if (op < 9) { // remove one
        int k = random.nextInt(list.size());
        shadow.remove(g, k == 0 ? ShadowMemory.NIL : nth(shadow, g, markedStore, k - 1),
            nth(shadow, g, markedStore, k));
        list.remove(k);
      } else { // an allocation or free resetting the granule
        shadow.resetBytes(g, 0, 8, c -> { });
        main.remove(g);
        marked.remove(g);
      }
    }
    TreeSet<Long> withCells = new TreeSet<>();
    int live = 0;
    for (Map<Long, List<Long>> lists : List.of(main, marked)) {
      for (Map.Entry<Long, List<Long>> e : lists.entrySet()) {
        List<Long> seen = new ArrayList<>();
        boolean isMarked = lists == marked;
        for (int c = isMarked ? shadow.markedHead(e.getKey()) : shadow.head(e.getKey());
            c != ShadowMemory.NIL; c = shadow.next(c)) {
          seen.add(shadow.eventId(c));
          assertEquals(e.getKey() << 3, shadow.addr(c));
        }
        assertEquals(e.getValue(), seen, "granule " + e.getKey());
        live += seen.size();
        if (!seen.isEmpty()) {
          withCells.add(e.getKey());
        }
      }
    }
    assertEquals(live, shadow.liveCells());
    assertEquals(withCells.size(), shadow.granules());
    assertArrayEquals(withCells.stream().mapToLong(Long::longValue).toArray(),
        shadow.granulesWithCells(0, Long.MAX_VALUE));
    long near = BASES[2];
    assertArrayEquals(withCells.subSet(near, near + 300).stream().mapToLong(Long::longValue)
        .toArray(), shadow.granulesWithCells(near, 300));
  }

  private static int nth(ShadowMemory shadow, long g, boolean marked, int k) {
    int c = marked ? shadow.markedHead(g) : shadow.head(g);
    for (int i = 0; i < k; i++) {
      c = shadow.next(c);
    }
    return c;
  }
}
