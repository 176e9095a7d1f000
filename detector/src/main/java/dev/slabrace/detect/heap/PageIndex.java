package dev.slabrace.detect.heap;

import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;
import it.unimi.dsi.fastutil.objects.ObjectIterator;
import java.util.ArrayList;
import java.util.List;

/**
 * Byte ranges, each keyed by its first byte, found by the 4 KiB pages of address space they touch:
 * which range overlaps some bytes, at a cost that grows with neither the ranges' sizes nor their
 * number.
 *
 * <pre>
 * Implementation notes
 *
 * A range that touches at most 2^k pages is kept at level k, in the bucket of its first page >>> k;
 * a range of level k touching page p then starts in bucket p >>> k or the one before, so a lookup
 * costs two hash lookups per level that has ranges (a mask says which). Objects up to 2^40 bytes
 * need at most 29 levels, traces use two or three. What touches a page is memoised per page until
 * a put or remove changes a range touching it, so that repeated lookups in a page (the accesses
 * to one object) cost one hash lookup, or none for the page looked up last.
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
  /** Pages memoised before the memo is dropped, to bound its memory. */
  private static final int MEMO_LIMIT = 1 << 15;
  private static final Object[] NONE = new Object[0];

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
  private final Long2ObjectOpenHashMap<Object[]> memo = new Long2ObjectOpenHashMap<>();
  private long lastPage = -1;
  private Object[] lastRanges;
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
    levels[k].computeIfAbsent(bucket(r, k), b -> new ObjectArrayList<>(2)).add(r);
    levelMask |= 1L << k;
    forget(first, last);
  }

  /** Removes the range whose first byte is {@code first}, returning its value or null. */
  public V remove(long first) {
    Range<V> r = byFirst.remove(first);
    if (r == null) {
      return null;
    }
    int k = level(r);
    long b = bucket(r, k);
    ObjectArrayList<Range<V>> list = levels[k].get(b);
    list.remove(r);
    if (list.isEmpty()) {
      levels[k].remove(b);
      if (levels[k].isEmpty()) {
        levelMask &= ~(1L << k);
      }
    }
    forget(r.first(), r.last());
    return r.value();
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
    if (pHi - pLo <= 1) {
      for (long p = pLo; ; p++) {
        best = lower(best, touching(p), lo, hi);
        if (p == pHi) {
          break;
        }
      }
    } else {
      List<Range<V>> found = new ArrayList<>();
      collect(lo, hi, found);
      best = lower(best, found.toArray(), lo, hi);
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

  @SuppressWarnings("unchecked")
  private static <V> Range<V> lower(Range<V> best, Object[] ranges, long lo, long hi) {
    for (Object o : ranges) {
      Range<V> r = (Range<V>) o;
      if (r.overlaps(lo, hi)
          && (best == null || Long.compareUnsigned(r.first(), best.first()) < 0)) {
        best = r;
      }
    }
    return best;
  }

  /** Returns the ranges touching page {@code page}, memoised. */
  private Object[] touching(long page) {
    if (page == lastPage) {
      return lastRanges;
    }
    Object[] ranges = memo.get(page);
    if (ranges == null) {
      List<Range<V>> found = new ArrayList<>();
      collect(page << PAGE_SHIFT, page << PAGE_SHIFT | ((1L << PAGE_SHIFT) - 1), found);
      ranges = found.isEmpty() ? NONE : found.toArray();
      if (memo.size() >= MEMO_LIMIT) {
        memo.clear();
        memo.trim();
      }
      memo.put(page, ranges);
    }
    lastPage = page;
    lastRanges = ranges;
    return ranges;
  }

  /** Adds every range overlapping {@code [lo, hi]} to {@code found}. */
  private void collect(long lo, long hi, List<Range<V>> found) {
    long pLo = lo >>> PAGE_SHIFT;
    long pHi = hi >>> PAGE_SHIFT;
    for (long mask = levelMask; mask != 0; mask &= mask - 1) {
      int k = Long.numberOfTrailingZeros(mask);
      Long2ObjectOpenHashMap<ObjectArrayList<Range<V>>> level = levels[k];
      long bLo = (pLo - Math.min(pLo, (1L << k) - 1)) >>> k;
      long bHi = pHi >>> k;
      if (bHi - bLo < level.size()) {
        for (long b = bLo; ; b++) {
          add(level.get(b), lo, hi, found);
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
            add(e.getValue(), lo, hi, found);
          }
        }
      }
    }
  }

  private static <V> void add(ObjectArrayList<Range<V>> bucket, long lo, long hi,
      List<Range<V>> found) {
    if (bucket == null) {
      return;
    }
    for (int i = 0; i < bucket.size(); i++) {
      Range<V> r = bucket.get(i);
      if (r.overlaps(lo, hi)) {
        found.add(r);
      }
    }
  }

  /** Drops what is memoised for the pages {@code [first, last]} touches. */
  private void forget(long first, long last) {
    lastPage = -1;
    lastRanges = null;
    if (memo.isEmpty()) {
      return;
    }
    long pFirst = first >>> PAGE_SHIFT;
    long pLast = last >>> PAGE_SHIFT;
    if (pLast - pFirst < memo.size()) {
      for (long p = pFirst; ; p++) {
        memo.remove(p);
        if (p == pLast) {
          break;
        }
      }
    } else {
      memo.keySet().removeIf((long p) -> p >= pFirst && p <= pLast);
    }
  }

  private static int level(Range<?> r) {
    long pages = (r.last() >>> PAGE_SHIFT) - (r.first() >>> PAGE_SHIFT) + 1;
    return 64 - Long.numberOfLeadingZeros(pages - 1);
  }

  private static long bucket(Range<?> r, int k) {
    return (r.first() >>> PAGE_SHIFT) >>> k;
  }
}
