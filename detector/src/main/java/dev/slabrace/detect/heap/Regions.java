package dev.slabrace.detect.heap;

import dev.slabrace.trace.RegionClass;
import it.unimi.dsi.fastutil.longs.Long2ObjectRBTreeMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectSortedMap;
import java.util.ArrayList;
import java.util.List;

/** The named address ranges a trace declared with {@code region} events, looked up when reporting. */
public final class Regions {
  /** A named range. */
  public record Region(long addr, long size, int name, RegionClass regionClass) {
    boolean contains(long a) {
      return Long.compareUnsigned(a, addr) >= 0 && Long.compareUnsigned(a - addr, size) < 0;
    }
  }

  private static final int MAX_BACKWARD_SCAN = 64;

  private final Long2ObjectRBTreeMap<List<Region>> byStart =
      new Long2ObjectRBTreeMap<>(Long::compareUnsigned);

  /** Declares a region; a later declaration of the same range wins over an earlier one. */
  public void add(long addr, long size, int name, RegionClass regionClass) {
    List<Region> list = byStart.computeIfAbsent(addr, a -> new ArrayList<>());
    list.removeIf(r -> r.size == size);
    list.add(new Region(addr, size, name, regionClass));
  }

  /** Returns the smallest region containing {@code addr}, or null. */
  public Region find(long addr) {
    Long2ObjectSortedMap<List<Region>> head = addr == -1L ? byStart : byStart.headMap(addr + 1);
    Region best = null;
    for (int scanned = 0; scanned < MAX_BACKWARD_SCAN && !head.isEmpty(); scanned++) {
      long start = head.lastLongKey();
      for (Region r : head.get(start)) {
        if (r.contains(addr) && (best == null || Long.compareUnsigned(r.size, best.size) < 0)) {
          best = r;
        }
      }
      head = byStart.headMap(start);
    }
    return best;
  }
}
