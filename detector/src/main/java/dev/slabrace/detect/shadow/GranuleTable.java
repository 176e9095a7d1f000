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
 * The heads of every granule's two cell lists, kept in pages of 64 granules (512 bytes of address
 * space) that a hash map finds by page number.
 *
 * <pre>
 * Implementation notes
 *
 * Accesses, allocations and frees touch neighbouring granules: the fields of one object, the
 * granules of one allocation. A page holds 64 consecutive heads, so such runs cost one hash lookup,
 * or none when the page is the one looked up last (a one-entry cache). A page holds, per granule,
 * the head of its main list, the head of its list of marked stores, the marked-store credit
 * (ShadowMemory's compaction) and its freed mark (a FreedTable id), then a 64-bit mask of its
 * granules with cells or a mark, in two ints; a page whose mask drops to zero leaves the map (memory
 * stays proportional to live shadow state) and its array is kept for reuse, so a slab page freed and
 * refilled does not allocate. Only the empty pages of one burst are kept (at most SPARE).
 * An allocation's clearRun and a free's markRun visit the granules of the mask, so that their cost
 * follows the granules with state, not the object's size (markRun then fills the rest of the run's
 * marks in one pass). A page looked up and missing is remembered as missing too, until one is made.
 * </pre>
 */
final class GranuleTable {
  static final int PAGE_SHIFT = 6;
  private static final int PAGE = 1 << PAGE_SHIFT;
  private static final int MARKED = PAGE;
  private static final int CREDIT = 2 * PAGE;
  private static final int FREED = 3 * PAGE;
  /** The mask's low and high halves. */
  private static final int MASK = 4 * PAGE;
  /** The granules whose read-crowd record is current (ShadowMemory.readCrowd), low and high halves. */
  private static final int READ_CROWD = MASK + 2;
  private static final int SPARE = 64;

  private final Long2ObjectOpenHashMap<int[]> pages = new Long2ObjectOpenHashMap<>();
  private final ArrayDeque<int[]> spare = new ArrayDeque<>();
  private long lastKey = -1;
  private int[] lastPage;
  private int granules;
  /** How many granules have a current read-crowd mark (ShadowMemory.readCrowd). */
  private int readCrowds;
  /** How many granules have a freed mark: none in a trace without frees, whose lookups stop here. */
  private int freedMarks;
  /**
   * How many granules have marked stores: none in a trace without them (RAPID's STD traces, say),
   * whose plain accesses then never read the marked heads' line of a page.
   */
  private int markedHeads;

  /** Returns the first cell of {@code granule}'s main list, or {@link ShadowMemory#NIL}. */
  int get(long granule) {
    int[] page = page(granule >>> PAGE_SHIFT);
    return page == null ? ShadowMemory.NIL : page[(int) granule & (PAGE - 1)];
  }

  /**
   * Returns the first cell of {@code granule}'s main list, or {@link ShadowMemory#NIL}, without
   * moving the one-page cache: a look ahead that only brings the head into the processor's cache.
   */
  int peek(long granule) {
    int[] page = pages.get(granule >>> PAGE_SHIFT);
    return page == null ? ShadowMemory.NIL : page[(int) granule & (PAGE - 1)];
  }

  /** Returns the first cell of {@code granule}'s marked stores, or {@link ShadowMemory#NIL}. */
  int getMarked(long granule) {
    if (markedHeads == 0) {
      return ShadowMemory.NIL;
    }
    int[] page = page(granule >>> PAGE_SHIFT);
    return page == null ? ShadowMemory.NIL : page[MARKED + ((int) granule & (PAGE - 1))];
  }

  /** Returns the freed mark of {@code granule}, or {@link ShadowMemory#NIL}. */
  int getFreed(long granule) {
    if (freedMarks == 0) {
      return ShadowMemory.NIL;
    }
    int[] page = page(granule >>> PAGE_SHIFT);
    return page == null ? ShadowMemory.NIL : page[FREED + ((int) granule & (PAGE - 1))];
  }

  /** Sets the freed mark of {@code granule}; {@link ShadowMemory#NIL} for none. */
  void setFreed(long granule, int mark) {
    put(granule, FREED, mark);
  }

  /** Sets the first cell of {@code granule}'s main list; {@link ShadowMemory#NIL} for none. */
  void set(long granule, int cell) {
    put(granule, 0, cell);
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
    return page == null ? -1 : --page[CREDIT + ((int) granule & (PAGE - 1))];
  }

  /** Sets {@code granule}'s marked-store credit (it must have cells). */
  void credit(long granule, int credit) {
    page(granule >>> PAGE_SHIFT)[CREDIT + ((int) granule & (PAGE - 1))] = credit;
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
        if (page[slot] != ShadowMemory.NIL || page[MARKED + slot] != ShadowMemory.NIL) {
          withCells.accept(key << PAGE_SHIFT | slot);
          page = page(key); // removing the cells may have dropped the page
          if (page == null) {
            page = newPage(key);
          }
        }
        int old = page[FREED + slot];
        if (old != ShadowMemory.NIL) {
          replaced.accept(old);
        } else {
          if (page[slot] == ShadowMemory.NIL && page[MARKED + slot] == ShadowMemory.NIL) {
            countUsed(page, slot);
          }
          freedMarks++;
        }
        page[FREED + slot] = mark;
      }
      // the rest had no state: each gets the mark and no credit
      long rest = window & ~mask(page);
      if (rest != 0) {
        for (long bits = rest; bits != 0; bits &= bits - 1) {
          int slot = Long.numberOfTrailingZeros(bits);
          page[FREED + slot] = mark;
          page[CREDIT + slot] = 0;
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
        int mark = page[FREED + slot];
        if (mark != ShadowMemory.NIL) {
          cleared.accept(mark);
          page[FREED + slot] = ShadowMemory.NIL; // as put(granule, FREED, NIL), without its lookup
          freedMarks--;
          if (page[slot] == ShadowMemory.NIL && page[MARKED + slot] == ShadowMemory.NIL) {
            granules--;
            long left = mask(page) & ~(1L << slot);
            setMask(page, left);
            if (left == 0) {
              dropPage(key, page);
              page = null;
            }
          }
        }
        if (page != null
            && (page[slot] != ShadowMemory.NIL || page[MARKED + slot] != ShadowMemory.NIL)) {
          withCells.accept(key << PAGE_SHIFT | slot);
          page = page(key);
        }
      }
    }
  }

  private void put(long granule, int list, int cell) {
    long key = granule >>> PAGE_SHIFT;
    int slot = (int) granule & (PAGE - 1);
    int[] page = page(key);
    if (page == null) {
      if (cell == ShadowMemory.NIL) {
        return;
      }
      page = newPage(key);
    }
    boolean had = used(page, slot);
    if (list == FREED) {
      freedMarks += (cell != ShadowMemory.NIL ? 1 : 0)
          - (page[FREED + slot] != ShadowMemory.NIL ? 1 : 0);
    } else if (list == MARKED) {
      markedHeads += (cell != ShadowMemory.NIL ? 1 : 0)
          - (page[MARKED + slot] != ShadowMemory.NIL ? 1 : 0);
    }
    page[list + slot] = cell;
    boolean has = page[slot] != ShadowMemory.NIL || page[MARKED + slot] != ShadowMemory.NIL
        || page[FREED + slot] != ShadowMemory.NIL;
    if (!had && has) {
      countUsed(page, slot);
    } else if (had && !has) {
      granules--;
      long left = mask(page) & ~(1L << slot);
      setMask(page, left);
      if (left == 0) {
        dropPage(key, page);
      }
    }
  }

  /** Whether {@code granule}'s read-crowd record is current (it has cells, so a page). */
  boolean readCrowd(long granule) {
    if (readCrowds == 0) {
      return false; // no page has a mark: the common case costs no page line
    }
    int[] page = page(granule >>> PAGE_SHIFT);
    if (page == null) {
      return false;
    }
    int slot = (int) granule & (PAGE - 1);
    return (page[READ_CROWD + (slot >>> 5)] & 1 << slot) != 0;
  }

  /** Marks {@code granule}'s read-crowd record current or stale; a granule without cells has none. */
  void readCrowd(long granule, boolean current) {
    if (!current && readCrowds == 0) {
      return; // no page has a mark: the common case costs no page line
    }
    int[] page = page(granule >>> PAGE_SHIFT);
    if (page == null) {
      return;
    }
    int slot = (int) granule & (PAGE - 1);
    int word = page[READ_CROWD + (slot >>> 5)];
    boolean was = (word & 1 << slot) != 0;
    if (current && !was) {
      page[READ_CROWD + (slot >>> 5)] = word | 1 << slot;
      readCrowds++;
    } else if (!current && was) {
      page[READ_CROWD + (slot >>> 5)] = word & ~(1 << slot);
      readCrowds--;
    }
  }

  /** Returns how many granules have cells. */
  int size() {
    return granules;
  }

  /**
   * Returns the granules of {@code [first, first + count)} that have cells or a freed mark, in
   * increasing order, at
   * the cost of the smaller of the range's pages and the table's pages.
   */
  long[] granulesWithCells(long first, long count) {
    LongArrayList found = new LongArrayList();
    long firstKey = first >>> PAGE_SHIFT;
    long lastGranule = first + (count - 1);
    long lastKey = lastGranule >>> PAGE_SHIFT;
    if (lastKey - firstKey < pages.size()) {
      for (long key = firstKey; key <= lastKey; key++) {
        collect(key, pages.get(key), first, lastGranule, found);
      }
      return found.toLongArray();
    }
    ObjectIterator<Long2ObjectMap.Entry<int[]>> it = pages.long2ObjectEntrySet().fastIterator();
    while (it.hasNext()) {
      Long2ObjectMap.Entry<int[]> entry = it.next();
      long key = entry.getLongKey();
      if (key >= firstKey && key <= lastKey) {
        collect(key, entry.getValue(), first, lastGranule, found);
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
    page[CREDIT + slot] = 0;
    setMask(page, mask(page) | 1L << slot);
    granules++;
  }

  private static boolean used(int[] page, int slot) {
    return (mask(page) & 1L << slot) != 0;
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

  /** Returns the page {@code key}, or null; a miss is remembered until newPage. */
  private int[] page(long key) {
    if (key == lastKey) {
      return lastPage;
    }
    int[] page = pages.get(key);
    lastKey = key;
    lastPage = page;
    return page;
  }

  private int[] newPage(long key) {
    int[] page = spare.pollFirst();
    if (page == null) {
      page = new int[READ_CROWD + 2];
      Arrays.fill(page, 0, CREDIT, ShadowMemory.NIL);
      Arrays.fill(page, FREED, MASK, ShadowMemory.NIL);
    }
    pages.put(key, page);
    lastKey = key;
    lastPage = page;
    return page;
  }

  private void dropPage(long key, int[] page) {
    readCrowds -= Integer.bitCount(page[READ_CROWD]) + Integer.bitCount(page[READ_CROWD + 1]);
    page[READ_CROWD] = 0;
    page[READ_CROWD + 1] = 0;
    pages.remove(key);
    if (lastKey == key) {
      lastPage = null; // still right: the page is missing now
    }
    if (spare.size() < SPARE) {
      spare.addFirst(page);
    }
  }
}
