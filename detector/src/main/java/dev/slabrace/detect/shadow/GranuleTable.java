package dev.slabrace.detect.shadow;

import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.objects.ObjectIterator;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;

/**
 * The record of every granule with state: the heads of its two cell lists, its marked-store credit
 * and its freed mark, kept in pages of 64 granules (512 bytes of address space) that a direct
 * two-level table finds by address.
 *
 * <pre>
 * Implementation notes
 *
 * A granule's record is four ints side by side in its page, at slot * 4: the head of its main
 * list, the head of its list of marked stores, the marked-store credit (ShadowMemory's compaction)
 * and its freed mark (a FreedTable id); so reading or updating a granule costs one cache line of
 * its page. After the 64 records, a 64-bit mask of the page's granules with cells or a mark, in two
 * ints, touched only when a granule gains its first state or loses its last.
 *
 * Pages are found without hashing: page number (granule >>> 6) >>> 12 names a region of 2 MiB of
 * address space, whose array of 4096 pages is indexed directly by the rest. The region is looked up
 * in a hash map only when it is not the one looked up last (a one-entry cache), which accesses,
 * allocations and frees within one area of memory rarely leave. A region keeps a bitmap of its
 * pages, so a scan of a range visits only pages there are.
 *
 * A page whose mask drops to zero leaves its region, and a region without pages leaves the map
 * (memory stays proportional to live shadow state); the page's array is kept for reuse, so a slab
 * page freed and refilled does not allocate. Only the empty pages of one burst are kept (at most
 * SPARE), and one empty region. An allocation's clearRun and a free's markRun visit the granules of
 * the mask, so that their cost follows the granules with state, not the object's size (markRun then
 * fills the rest of the run's marks in one pass).
 * </pre>
 */
final class GranuleTable {
  static final int PAGE_SHIFT = 6;
  private static final int PAGE = 1 << PAGE_SHIFT;
  /** A granule's record: the fields below, at page[(slot << RECORD_SHIFT) + field]. */
  private static final int RECORD_SHIFT = 2;
  private static final int HEAD = 0;
  private static final int MARKED = 1;
  private static final int CREDIT = 2;
  private static final int FREED = 3;
  /** The mask's low and high halves, after the records. */
  private static final int MASK = PAGE << RECORD_SHIFT;
  private static final int SPARE = 64;
  /** Pages per region: a region covers 2^(REGION_SHIFT + PAGE_SHIFT + 3) bytes, 2 MiB. */
  private static final int REGION_SHIFT = 12;
  private static final int REGION = 1 << REGION_SHIFT;

  /** The pages of one region, by page number within it, and which of them there are. */
  private static final class Region {
    final int[][] pages = new int[REGION][];
    final long[] present = new long[REGION / 64];
    int count;
  }

  /** The regions with pages, by region number (page number >>> REGION_SHIFT). */
  private final Long2ObjectOpenHashMap<Region> regions = new Long2ObjectOpenHashMap<>();
  private final ArrayDeque<int[]> spare = new ArrayDeque<>();
  private Region spareRegion;
  private long lastRegionKey = -1;
  private Region lastRegion;
  private int pageCount;
  private int granules;
  /** How many granules have a freed mark: none in a trace without frees, whose lookups stop here. */
  private int freedMarks;

  private static int at(long granule) {
    return ((int) granule & (PAGE - 1)) << RECORD_SHIFT;
  }

  /** Returns the first cell of {@code granule}'s main list, or {@link ShadowMemory#NIL}. */
  int get(long granule) {
    int[] page = page(granule >>> PAGE_SHIFT);
    return page == null ? ShadowMemory.NIL : page[at(granule)];
  }

  /** Returns the first cell of {@code granule}'s marked stores, or {@link ShadowMemory#NIL}. */
  int getMarked(long granule) {
    int[] page = page(granule >>> PAGE_SHIFT);
    return page == null ? ShadowMemory.NIL : page[at(granule) + MARKED];
  }

  /** Returns the freed mark of {@code granule}, or {@link ShadowMemory#NIL}. */
  int getFreed(long granule) {
    if (freedMarks == 0) {
      return ShadowMemory.NIL;
    }
    int[] page = page(granule >>> PAGE_SHIFT);
    return page == null ? ShadowMemory.NIL : page[at(granule) + FREED];
  }

  /** Sets the freed mark of {@code granule}; {@link ShadowMemory#NIL} for none. */
  void setFreed(long granule, int mark) {
    put(granule, FREED, mark);
  }

  /** Sets the first cell of {@code granule}'s main list; {@link ShadowMemory#NIL} for none. */
  void set(long granule, int cell) {
    put(granule, HEAD, cell);
  }

  /** Sets the first cell of {@code granule}'s marked stores; {@link ShadowMemory#NIL} for none. */
  void setMarked(long granule, int cell) {
    put(granule, MARKED, cell);
  }

  /**
   * Takes one from {@code granule}'s marked-store credit and returns what is left (negative: time to
   * compact); a granule without marked stores has none.
   */
  int spendCredit(long granule) {
    int[] page = page(granule >>> PAGE_SHIFT);
    return page == null ? -1 : --page[at(granule) + CREDIT];
  }

  /** Sets {@code granule}'s marked-store credit (it must have cells). */
  void credit(long granule, int credit) {
    page(granule >>> PAGE_SHIFT)[at(granule) + CREDIT] = credit;
  }

  /**
   * Marks every granule of {@code [first, first + count)} freed with {@code mark}, page by page: a
   * granule with cells is first handed to {@code withCells} (which removes them), a mark it had is
   * handed to {@code replaced}.
   */
  void markRun(long first, long count, int mark, LongConsumer withCells, IntConsumer replaced) {
    long g = first;
    long end = first + count;
    while (g < end) {
      long key = g >>> PAGE_SHIFT;
      int from = (int) g & (PAGE - 1);
      int to = (int) Math.min(PAGE, end - (key << PAGE_SHIFT));
      g += to - from;
      long window = window(from, to);
      int[] page = page(key);
      if (page == null) {
        page = newPage(key);
      }
      // the granules with state, in increasing order, as one at a time would visit them
      for (long used = mask(page) & window; used != 0; used &= used - 1) {
        int slot = Long.numberOfTrailingZeros(used);
        int r = slot << RECORD_SHIFT;
        if (page[r] != ShadowMemory.NIL || page[r + MARKED] != ShadowMemory.NIL) {
          withCells.accept(key << PAGE_SHIFT | slot);
          page = page(key); // removing the cells may have dropped the page
          if (page == null) {
            page = newPage(key);
          }
        }
        int old = page[r + FREED];
        if (old != ShadowMemory.NIL) {
          replaced.accept(old);
        } else {
          if (page[r] == ShadowMemory.NIL && page[r + MARKED] == ShadowMemory.NIL) {
            countUsed(page, slot);
          }
          freedMarks++;
        }
        page[r + FREED] = mark;
      }
      // the rest had no state: each gets the mark and no credit
      long rest = window & ~mask(page);
      if (rest != 0) {
        for (long bits = rest; bits != 0; bits &= bits - 1) {
          int r = Long.numberOfTrailingZeros(bits) << RECORD_SHIFT;
          page[r + FREED] = mark;
          page[r + CREDIT] = 0;
        }
        setMask(page, mask(page) | rest);
        granules += Long.bitCount(rest);
        freedMarks += Long.bitCount(rest);
      }
    }
  }

  /**
   * Clears every granule of {@code [first, first + count)} for an allocation, page by page: a freed
   * mark is handed to {@code cleared} and removed, a granule with cells is handed to
   * {@code withCells} (which removes them). Pages without a used granule cost one lookup.
   */
  void clearRun(long first, long count, IntConsumer cleared, LongConsumer withCells) {
    long g = first;
    long end = first + count;
    while (g < end) {
      long key = g >>> PAGE_SHIFT;
      int to = (int) Math.min(PAGE, end - (key << PAGE_SHIFT));
      int from = (int) g & (PAGE - 1);
      g += to - from;
      int[] page = page(key);
      long used = page == null ? 0 : mask(page) & window(from, to);
      for (; used != 0 && page != null; used &= used - 1) {
        int slot = Long.numberOfTrailingZeros(used);
        int r = slot << RECORD_SHIFT;
        int mark = page[r + FREED];
        if (mark != ShadowMemory.NIL) {
          cleared.accept(mark);
          page[r + FREED] = ShadowMemory.NIL; // as put(granule, FREED, NIL), without its lookup
          freedMarks--;
          if (page[r] == ShadowMemory.NIL && page[r + MARKED] == ShadowMemory.NIL) {
            granules--;
            long left = mask(page) & ~(1L << slot);
            setMask(page, left);
            if (left == 0) {
              dropPage(key);
              page = null;
            }
          }
        }
        if (page != null
            && (page[r] != ShadowMemory.NIL || page[r + MARKED] != ShadowMemory.NIL)) {
          withCells.accept(key << PAGE_SHIFT | slot);
          page = page(key);
        }
      }
    }
  }

  private void put(long granule, int field, int cell) {
    long key = granule >>> PAGE_SHIFT;
    int r = at(granule);
    int[] page = page(key);
    if (page == null) {
      if (cell == ShadowMemory.NIL) {
        return;
      }
      page = newPage(key);
    }
    boolean had = page[r] != ShadowMemory.NIL || page[r + MARKED] != ShadowMemory.NIL
        || page[r + FREED] != ShadowMemory.NIL;
    if (field == FREED) {
      freedMarks += (cell != ShadowMemory.NIL ? 1 : 0)
          - (page[r + FREED] != ShadowMemory.NIL ? 1 : 0);
    }
    page[r + field] = cell;
    boolean has = page[r] != ShadowMemory.NIL || page[r + MARKED] != ShadowMemory.NIL
        || page[r + FREED] != ShadowMemory.NIL;
    if (!had && has) {
      countUsed(page, r >>> RECORD_SHIFT);
    } else if (had && !has) {
      granules--;
      long left = mask(page) & ~(1L << (r >>> RECORD_SHIFT));
      setMask(page, left);
      if (left == 0) {
        dropPage(key);
      }
    }
  }

  /** Returns how many granules have cells. */
  int size() {
    return granules;
  }

  /**
   * Returns the granules of {@code [first, first + count)} that have cells or a freed mark, in
   * increasing order, at the cost of the smaller of the range's pages and the table's pages.
   */
  long[] granulesWithCells(long first, long count) {
    LongArrayList found = new LongArrayList();
    long firstKey = first >>> PAGE_SHIFT;
    long lastGranule = first + (count - 1);
    long lastKey = lastGranule >>> PAGE_SHIFT;
    if (lastKey - firstKey < pageCount) {
      for (long key = firstKey; key <= lastKey; key++) {
        collect(key, page(key), first, lastGranule, found);
      }
      return found.toLongArray();
    }
    ObjectIterator<Long2ObjectMap.Entry<Region>> it = regions.long2ObjectEntrySet().fastIterator();
    while (it.hasNext()) {
      Long2ObjectMap.Entry<Region> entry = it.next();
      long base = entry.getLongKey() << REGION_SHIFT;
      Region region = entry.getValue();
      if (base + (REGION - 1) < firstKey || base > lastKey) {
        continue;
      }
      for (int w = 0; w < region.present.length; w++) {
        for (long bits = region.present[w]; bits != 0; bits &= bits - 1) {
          int index = w << 6 | Long.numberOfTrailingZeros(bits);
          long key = base + index;
          if (key >= firstKey && key <= lastKey) {
            collect(key, region.pages[index], first, lastGranule, found);
          }
        }
      }
    }
    long[] sorted = found.toLongArray();
    Arrays.sort(sorted); // granules are addresses >>> 3: never negative
    return sorted;
  }

  private static void collect(long key, int[] page, long first, long last, LongArrayList found) {
    if (page == null) {
      return;
    }
    for (long used = mask(page); used != 0; used &= used - 1) {
      long g = key << PAGE_SHIFT | Long.numberOfTrailingZeros(used);
      if (g >= first && g <= last) {
        found.add(g);
      }
    }
  }

  /** Counts a granule that had neither cells nor a mark and now has one, with no credit yet. */
  private void countUsed(int[] page, int slot) {
    page[(slot << RECORD_SHIFT) + CREDIT] = 0;
    setMask(page, mask(page) | 1L << slot);
    granules++;
  }

  /** Returns the page's granules with cells or a mark, one bit each. */
  private static long mask(int[] page) {
    return (long) page[MASK + 1] << 32 | (page[MASK] & 0xffffffffL);
  }

  private static void setMask(int[] page, long mask) {
    page[MASK] = (int) mask;
    page[MASK + 1] = (int) (mask >>> 32);
  }

  /** The bits of slots {@code [from, to)}, {@code from < to <= 64}. */
  private static long window(int from, int to) {
    return (-1L >>> (PAGE - (to - from))) << from;
  }

  /** Returns the region {@code regionKey}, or null. */
  private Region region(long regionKey) {
    if (regionKey != lastRegionKey) {
      lastRegion = regions.get(regionKey);
      lastRegionKey = regionKey;
    }
    return lastRegion;
  }

  /** Returns the page {@code key}, or null. */
  private int[] page(long key) {
    Region region = region(key >>> REGION_SHIFT);
    return region == null ? null : region.pages[(int) key & (REGION - 1)];
  }

  private int[] newPage(long key) {
    int[] page = spare.pollFirst();
    if (page == null) {
      page = new int[MASK + 2];
      Arrays.fill(page, 0, MASK, ShadowMemory.NIL);
    }
    Region region = region(key >>> REGION_SHIFT);
    if (region == null) {
      region = spareRegion != null ? spareRegion : new Region();
      spareRegion = null;
      regions.put(key >>> REGION_SHIFT, region);
      lastRegion = region;
    }
    int index = (int) key & (REGION - 1);
    region.pages[index] = page;
    region.present[index >>> 6] |= 1L << index;
    region.count++;
    pageCount++;
    return page;
  }

  /** Drops the empty page {@code key}, which is in the cached region. */
  private void dropPage(long key) {
    Region region = region(key >>> REGION_SHIFT);
    int index = (int) key & (REGION - 1);
    int[] page = region.pages[index];
    region.pages[index] = null;
    region.present[index >>> 6] &= ~(1L << index);
    pageCount--;
    if (--region.count == 0) {
      regions.remove(key >>> REGION_SHIFT);
      lastRegion = null; // still right: the region is missing now
      spareRegion = region;
    }
    if (spare.size() < SPARE) {
      // an empty page's records are all NIL but for the credits, which countUsed resets
      spare.addFirst(page);
    }
  }
}
