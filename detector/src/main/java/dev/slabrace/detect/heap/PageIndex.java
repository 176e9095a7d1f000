package dev.slabrace.detect.heap;

import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;
import it.unimi.dsi.fastutil.objects.ObjectIterator;
import java.util.Arrays;

/**
 * Byte ranges, each keyed by its first byte, found by the 4 KiB pages of address space they touch:
 * which range overlaps some bytes, at a cost that grows with neither the ranges' sizes nor their
 * number.
 *
 * <pre>
 * Implementation notes
 *
 * A range that touches at most 2^k pages is kept at level k, in the buckets of the pages it
 * touches >>> k: its first page's and at most the next one. The ranges of level k touching page p
 * are then all in bucket p >>> k, so a lookup within a page costs one hash lookup per level that
 * has ranges (a mask says which), and a put or remove two per range, whatever its size. A range of
 * at most PAGED pages (the objects of slab and kmalloc caches, and what an allocation leaves of a
 * freed one) is kept at level 0 in the bucket of every page it touches instead, so that the usual
 * lookup costs one hash lookup. Objects up to 2^40 bytes need at most 25 more levels. Before that
 * lookup, a count of level-0 ranges per hash of the page (a counting filter of 16K slots) answers
 * "none here" for most pages that no range touches, without touching the map. Each level remembers the bucket it
 * looked up last, until a put or remove at that level: the accesses to one object cost no lookup.
 * lowest() answers "the overlapping range with the lowest first byte", which for disjoint ranges is
 * what a sorted map's floor, then ceiling, answers; whether two ranges ever overlapped is kept
 * (everOverlapped) for callers whose order differs when they do.
 * </pre>
 *
 * @param <V> the values
 */
public final class PageIndex<V> {
  private static final int PAGE_SHIFT = 12;
  private static final int LEVELS = 64 - PAGE_SHIFT + 1;
  /** Ranges of at most this many pages are kept at level 0, in every page's bucket. */
  private static final long PAGED = 16;
  private static final int FILTER_BITS = 14;

  /** One range: bytes {@code [first, last]}, last inclusive. */
  private record Range<V>(long first, long last, V value) {
    boolean overlaps(long lo, long hi) {
      return Long.compareUnsigned(first, hi) <= 0 && Long.compareUnsigned(last, lo) >= 0;
    }
  }

  private final Long2ObjectOpenHashMap<Range<V>> byFirst = new Long2ObjectOpenHashMap<>();
  @SuppressWarnings("unchecked")
  private final Long2ObjectOpenHashMap<ObjectArrayList<Range<V>>>[] levels =
      new Long2ObjectOpenHashMap[LEVELS];
  private long levelMask;
  /** How many (range, page) pairs of level 0 hash to each slot: 0 means no range touches a page. */
  private final int[] pageFilter = new int[1 << FILTER_BITS];
  /** Per level, the bucket looked up last and what it held (null: nothing), or -1. */
  private final long[] lastBucket = new long[LEVELS];
  @SuppressWarnings("unchecked")
  private final ObjectArrayList<Range<V>>[] lastList = new ObjectArrayList[LEVELS];

  /** Creates an empty index. */
  public PageIndex() {
    Arrays.fill(lastBucket, -1);
  }
  private boolean everOverlapped;

  /** Whether there is no range. */
  public boolean isEmpty() {
    return byFirst.isEmpty();
  }

  /** Returns how many ranges there are. */
  public int size() {
    return byFirst.size();
  }

  /** Whether two ranges have ever overlapped, since this index was made. */
  public boolean everOverlapped() {
    return everOverlapped;
  }

  /** Returns the value of the range whose first byte is {@code first}, or null. */
  public V get(long first) {
    Range<V> r = byFirst.get(first);
    return r == null ? null : r.value();
  }

  /**
   * Maps the bytes {@code [first, last]} (last inclusive; a last below first is taken as the top of
   * the address space) to {@code value}, replacing a range with the same first byte.
   */
  public void put(long first, long last, V value) {
    if (Long.compareUnsigned(last, first) < 0) {
      last = -1L;
    }
    remove(first);
    if (!everOverlapped && lowest(first, last) != null) {
      everOverlapped = true;
    }
    Range<V> r = new Range<>(first, last, value);
    byFirst.put(first, r);
    int k = level(r);
    if (levels[k] == null) {
      levels[k] = new Long2ObjectOpenHashMap<>();
    }
    lastBucket[k] = -1;
    for (long b = (first >>> PAGE_SHIFT) >>> k; ; b++) {
      levels[k].computeIfAbsent(b, x -> new ObjectArrayList<>(2)).add(r);
      if (k == 0) {
        pageFilter[slot(b)]++;
      }
      if (b == (last >>> PAGE_SHIFT) >>> k) {
        break;
      }
    }
    levelMask |= 1L << k;
  }

  /** Removes the range whose first byte is {@code first}, returning its value or null. */
  public V remove(long first) {
    Range<V> r = byFirst.remove(first);
    if (r == null) {
      return null;
    }
    int k = level(r);
    lastBucket[k] = -1;
    for (long b = (r.first() >>> PAGE_SHIFT) >>> k; ; b++) {
      unlink(k, b, r);
      if (k == 0) {
        pageFilter[slot(b)]--;
      }
      if (b == (r.last() >>> PAGE_SHIFT) >>> k) {
        break;
      }
    }
    if (levels[k].isEmpty()) {
      levelMask &= ~(1L << k);
    }
    return r.value();
  }

  private void unlink(int k, long b, Range<V> r) {
    ObjectArrayList<Range<V>> list = levels[k].get(b);
    // by identity: r is the very range added; a record's equals would compare every field, values too
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == r) {
        list.remove(i);
        break;
      }
    }
    if (list.isEmpty()) {
      levels[k].remove(b);
    }
  }

  /**
   * Returns the value of the range overlapping {@code [lo, hi]} (hi inclusive) with the lowest first
   * byte, or null.
   */
  public V lowest(long lo, long hi) {
    if (byFirst.isEmpty()) {
      return null;
    }
    long pLo = lo >>> PAGE_SHIFT;
    long pHi = hi >>> PAGE_SHIFT;
    Range<V> best = null;
    for (long mask = levelMask; mask != 0; mask &= mask - 1) {
      int k = Long.numberOfTrailingZeros(mask);
      Long2ObjectOpenHashMap<ObjectArrayList<Range<V>>> level = levels[k];
      long bLo = pLo >>> k;
      long bHi = pHi >>> k;
      if (bLo == bHi) {
        if (k == 0 && pageFilter[slot(bLo)] == 0) {
          continue;
        }
        if (lastBucket[k] != bLo) {
          lastBucket[k] = bLo;
          lastList[k] = level.get(bLo);
        }
        best = lower(best, lastList[k], lo, hi);
      } else if (bHi - bLo < level.size()) {
        for (long b = bLo; ; b++) {
          best = lower(best, level.get(b), lo, hi);
          if (b == bHi) {
            break;
          }
        }
      } else {
        ObjectIterator<Long2ObjectMap.Entry<ObjectArrayList<Range<V>>>> it =
            level.long2ObjectEntrySet().fastIterator();
        while (it.hasNext()) {
          Long2ObjectMap.Entry<ObjectArrayList<Range<V>>> e = it.next();
          if (e.getLongKey() >= bLo && e.getLongKey() <= bHi) {
            best = lower(best, e.getValue(), lo, hi);
          }
        }
      }
    }
    return best == null ? null : best.value();
  }

  /** Hands every range to {@code to}, in no particular order. */
  public void forEach(RangeConsumer<V> to) {
    for (Range<V> r : byFirst.values()) {
      to.accept(r.first(), r.last(), r.value());
    }
  }

  /** What {@link #forEach} hands each range to. */
  @FunctionalInterface
  public interface RangeConsumer<V> {
    /** Takes the range {@code [first, last]} and its value. */
    void accept(long first, long last, V value);
  }

  private static <V> Range<V> lower(Range<V> best, ObjectArrayList<Range<V>> bucket, long lo,
      long hi) {
    if (bucket == null) {
      return best;
    }
    for (int i = 0; i < bucket.size(); i++) {
      Range<V> r = bucket.get(i);
      if (r.overlaps(lo, hi)
          && (best == null || Long.compareUnsigned(r.first(), best.first()) < 0)) {
        best = r;
      }
    }
    return best;
  }

  private static int slot(long page) {
    return (int) ((page * 0x9E3779B97F4A7C15L) >>> (64 - FILTER_BITS));
  }

  private static int level(Range<?> r) {
    long pages = (r.last() >>> PAGE_SHIFT) - (r.first() >>> PAGE_SHIFT) + 1;
    return pages <= PAGED ? 0 : 64 - Long.numberOfLeadingZeros(pages - 1);
  }
}
