package dev.slabrace.sim.kernel;

import dev.slabrace.sim.exec.Emitter;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.RegionClass;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;

/**
 * Slabs coming and going: allocate_slab() initialises a new slab while only its CPU can see it, and
 * discard_slab() gives an empty one back to the page allocator, after a grace period for a
 * SLAB_TYPESAFE_BY_RCU cache. Also finds the slab of an object address.
 */
final class SlabPages {
  private final Emitter em;
  private final PageAllocator pages;
  private final Rcu rcu;
  private final SlubVersion version;
  private final Long2ObjectOpenHashMap<Slab> byPfn = new Long2ObjectOpenHashMap<>();
  private Slub slub;
  private Memcg memcg;

  SlabPages(Emitter em, PageAllocator pages, Rcu rcu, SlubVersion version) {
    this.em = em;
    this.pages = pages;
    this.rcu = rcu;
    this.version = version;
  }

  void wire(Slub slub, Memcg memcg) {
    this.slub = slub;
    this.memcg = memcg;
  }

  /** Returns the slab holding {@code addr}, or null if no live slab does. */
  Slab slabOf(long addr) {
    return byPfn.get(Layout.pfnOf(addr));
  }

  /**
   * allocate_slab() and the start of ___slab_alloc(): a new slab, frozen for the current CPU, with
   * every object handed to it; the caller puts them on the CPU's freelist.
   */
  Slab allocate(KmemCache s) {
    long pfn;
    try (Emitter.Frame f = em.call(Ip.ALLOCATE_SLAB_PAGES)) {
      pfn = pages.alloc(s.order());
    }
    Slab slab = new Slab(s, pfn);
    for (int i = 0; i < 1 << s.order(); i++) {
      byPfn.put(pfn + i, slab);
    }
    declareRegions(slab);
    em.store(slab.field(Layout.SLAB_CACHE), 8, MemOrder.PLAIN, Ip.ALLOCATE_SLAB_CACHE, s.address());
    em.store(slab.field(Layout.SLAB_STRIDE), 4, MemOrder.PLAIN, Ip.ALLOCATE_SLAB_CLEAR, 0);
    em.store(slab.field(Layout.SLAB_OBJ_EXTS), 8, MemOrder.PLAIN, Ip.ALLOCATE_SLAB_CLEAR, 0);
    if (version.strideEarly() || s.accounted()) {
      try (Emitter.Frame f = em.call(Ip.ALLOCATE_SLAB_EXTS_EARLY)) {
        if (version.strideEarly()) {
          memcg.setStrideEarly(slab);
        }
        if (s.accounted()) {
          try (Emitter.Frame g = em.call(Ip.EXTS_EARLY_ALLOC)) {
            memcg.createObjExts(slab, true);
          }
        }
      }
    }
    slab.frozen = true;
    slab.inuse = s.objects();
    em.store(slab.field(Layout.SLAB_FREELIST), 8, MemOrder.PLAIN, Ip.ALLOCATE_SLAB_FREELIST, 0);
    em.store(slab.field(Layout.SLAB_COUNTERS), 8, MemOrder.PLAIN, Ip.ALLOCATE_SLAB_COUNTERS,
        slab.counters());
    return slab;
  }

  private void declareRegions(Slab slab) {
    em.region(slab.field(Layout.SLAB_CACHE), 8, "slab->slab_cache", RegionClass.SLAB_META);
    em.region(slab.field(Layout.SLAB_LIST), 16, "slab->slab_list", RegionClass.SLAB_META);
    em.region(slab.field(Layout.SLAB_FREELIST), 8, "slab->freelist", RegionClass.SLAB_META);
    em.region(slab.field(Layout.SLAB_COUNTERS), 8, "slab->counters", RegionClass.SLAB_META);
    em.region(slab.field(Layout.SLAB_COUNTERS), 2, "slab->inuse", RegionClass.SLAB_META);
    em.region(slab.field(Layout.SLAB_STRIDE), 4, "slab->stride", RegionClass.SLAB_META);
    em.region(slab.field(Layout.SLAB_OBJ_EXTS), 8, "slab->obj_exts", RegionClass.SLAB_META);
  }

  /** discard_slab() of an empty slab that is on no list and no CPU's. */
  void discard(Slab slab) {
    slab.discarded = true;
    try (Emitter.Frame f = em.call(Ip.DISCARD_SLAB)) {
      if (slab.cache().typesafeByRcu()) {
        long head = slab.field(Layout.SLAB_LIST);
        em.fill(head, 16, Ip.FREE_SLAB_RCU_HEAD);
        rcu.callRcu(head, Ip.FREE_SLAB_CALL_RCU, () -> rcuFreeSlab(slab));
      } else {
        try (Emitter.Frame g = em.call(Ip.FREE_SLAB_NOW)) {
          freeSlab(slab);
        }
      }
    }
  }

  /** rcu_free_slab(), the callback of a SLAB_TYPESAFE_BY_RCU slab. */
  private void rcuFreeSlab(Slab slab) {
    em.load(slab.field(Layout.SLAB_CACHE), 8, MemOrder.PLAIN, Ip.RCU_FREE_SLAB_CACHE,
        slab.cache().address());
    try (Emitter.Frame f = em.call(Ip.RCU_FREE_SLAB_CALL)) {
      freeSlab(slab);
    }
  }

  /** __free_slab(): unaccount the slab (free its obj_exts, read s->flags), then free the pages. */
  private void freeSlab(Slab slab) {
    KmemCache s = slab.cache();
    try (Emitter.Frame f = em.call(Ip.FREE_SLAB_EXTS)) {
      long field = slab.field(Layout.SLAB_OBJ_EXTS);
      em.load(field, 8, MemOrder.ONCE, Ip.FREE_EXTS_READ, slab.objExts);
      if (slab.objExts != 0) {
        long vec = slab.objExts;
        em.store(field, 8, MemOrder.PLAIN, Ip.FREE_EXTS_CLEAR, 0);
        slab.objExts = 0;
        try (Emitter.Frame g = em.call(Ip.FREE_EXTS_KFREE)) {
          slub.kfree(vec);
        }
      }
    }
    em.load(s.address() + Layout.KC_FLAGS, 4, MemOrder.PLAIN, Ip.FREE_SLAB_FLAGS, s.flags());
    for (int i = 0; i < 1 << s.order(); i++) {
      byPfn.remove(slab.pfn() + i);
    }
    try (Emitter.Frame f = em.call(Ip.FREE_SLAB_PAGES)) {
      pages.free(slab.pfn(), s.order());
    }
  }
}
