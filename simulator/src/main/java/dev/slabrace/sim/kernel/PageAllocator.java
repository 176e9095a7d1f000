package dev.slabrace.sim.kernel;

import dev.slabrace.sim.exec.Emitter;
import it.unimi.dsi.fastutil.longs.LongArrayList;

/**
 * The buddy allocator, as far as slabs need it: hands out and takes back naturally aligned runs of
 * 2^order page frames under {@code zone->lock}, reusing freed frames first so that addresses stay in a
 * range bounded by the peak number of slabs.
 *
 * <p>The lock is what orders a page's last use by one slab before its first use by the next one, as
 * zone->lock (and the per-CPU lists behind it) does in the kernel.
 */
final class PageAllocator {
  private final Emitter em;
  private final LongArrayList[] free;
  private long next = Layout.FIRST_PFN;

  PageAllocator(Emitter em, int maxOrder) {
    this.em = em;
    this.free = new LongArrayList[maxOrder + 1];
    for (int i = 0; i <= maxOrder; i++) {
      free[i] = new LongArrayList();
    }
  }

  /** Returns the first frame of 2^order fresh frames. */
  long alloc(int order) {
    em.lock(Layout.ZONE_LOCK, Ip.PAGES_ALLOC_LOCK);
    long pfn;
    LongArrayList list = free[order];
    if (list.isEmpty()) {
      long align = 1L << order;
      pfn = (next + align - 1) & -align;
      next = pfn + align;
    } else {
      pfn = list.removeLong(list.size() - 1);
    }
    em.unlock(Layout.ZONE_LOCK, Ip.PAGES_ALLOC_UNLOCK);
    return pfn;
  }

  /** Takes back the 2^order frames starting at {@code pfn}. */
  void free(long pfn, int order) {
    em.lock(Layout.ZONE_LOCK, Ip.PAGES_FREE_LOCK);
    free[order].add(pfn);
    em.unlock(Layout.ZONE_LOCK, Ip.PAGES_FREE_UNLOCK);
  }
}
