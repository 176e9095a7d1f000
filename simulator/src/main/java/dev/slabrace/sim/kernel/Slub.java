package dev.slabrace.sim.kernel;

import dev.slabrace.sim.exec.Context;
import dev.slabrace.sim.exec.Emitter;
import dev.slabrace.trace.MemOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The SLUB allocator's API as callers see it: kmem_cache_alloc, kmalloc, kfree and kmem_cache_free,
 * with their lockless per-CPU fast paths, the memcg hooks and the free assertion; the shared-state
 * work is in {@link SlowPaths}, new and empty slabs in {@link SlabPages}.
 *
 * <pre>
 * Implementation notes
 *
 * Every call runs within one step of the current context, so the allocator's own work is never
 * interleaved with another CPU's; what other CPUs see of it is what the events order.
 * The free pointers SLUB keeps inside free objects are not shown: mm/slub.c is not instrumented, and
 * the alloc and free events stand for the object's hand-over to and from the allocator.
 * RCU callback contexts only free, and always through __slab_free, never through a CPU's freelist.
 * </pre>
 */
public final class Slub {
  /** The kmalloc size classes. */
  private static final int[] KMALLOC_SIZES =
      {8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096};

  private final Emitter em;
  private final int cpus;
  private final SlabPages slabs;
  private final SlowPaths slow;
  private final Memcg memcg;
  private final List<KmemCache> caches = new ArrayList<>();
  private final KmemCache[] kmalloc = new KmemCache[KMALLOC_SIZES.length];
  private long bootData = Layout.BOOT_DATA;

  Slub(Emitter em, PageAllocator pages, Rcu rcu, SlubVersion version, int cpus) {
    this.em = em;
    this.cpus = cpus;
    this.slabs = new SlabPages(em, pages, rcu, version);
    this.slow = new SlowPaths(em, slabs);
    this.memcg = new Memcg(em, this, version);
    slabs.wire(this, memcg);
    for (int i = 0; i < KMALLOC_SIZES.length; i++) {
      kmalloc[i] = bootCache(kmallocName(KMALLOC_SIZES[i], ""), KMALLOC_SIZES[i], 0, 5);
    }
  }

  private static String kmallocName(int size, String kind) {
    String n = size >= 1024 ? size / 1024 + "k" : Integer.toString(size);
    return "kmalloc-" + kind + n;
  }

  /** Creates a cache whose structures were set up at boot, before the trace. */
  public KmemCache bootCache(String name, int size, int flags, int minPartial) {
    long address = bootData;
    long node = bootData + Layout.KMEM_CACHE_SIZE;
    bootData += Layout.KMEM_CACHE_SIZE + Layout.KMEM_CACHE_NODE_SIZE;
    return register(name, size, flags, minPartial, address, node);
  }

  /** Creates a cache whose struct kmem_cache and kmem_cache_node are at the given addresses. */
  public KmemCache register(String name, int size, int flags, int minPartial, long address, long node) {
    KmemCache cache = new KmemCache(caches.size(), name, size, flags, minPartial, address, node, cpus);
    caches.add(cache);
    return cache;
  }

  /** Creates the kmalloc-cg-{@code size} cache: the SLAB_ACCOUNT twin of a kmalloc cache. */
  public KmemCache kmallocCgCache(int size) {
    return bootCache(kmallocName(size, "cg-"), size, KmemCache.ACCOUNT, 5);
  }

  /** Returns the caches in creation order. */
  public List<KmemCache> caches() {
    return Collections.unmodifiableList(caches);
  }

  /** Returns the kmalloc cache that serves {@code size} bytes. */
  public KmemCache kmallocCache(int size) {
    for (int i = 0; i < KMALLOC_SIZES.length; i++) {
      if (size <= KMALLOC_SIZES[i]) {
        return kmalloc[i];
      }
    }
    throw new IllegalArgumentException("kmalloc of " + size + " bytes is not a slab allocation");
  }

  /** Returns the slab of the live object at {@code ptr}, or null. */
  public Slab slabOf(long ptr) {
    return slabs.slabOf(ptr);
  }

  /** kmalloc(size, GFP_KERNEL), or kzalloc/kcalloc when {@code zero}. */
  public long kmalloc(int size, boolean zero) {
    return alloc(kmallocCache(size), false, zero, Entry.KMALLOC);
  }

  /** kmem_cache_alloc(s, flags): {@code account} adds __GFP_ACCOUNT, {@code zero} __GFP_ZERO. */
  public long kmemCacheAlloc(KmemCache s, boolean account, boolean zero) {
    return alloc(s, account, zero, Entry.CACHE);
  }

  /** kfree(ptr). */
  public void kfree(long ptr) {
    free(ptr, Entry.KMALLOC);
  }

  /** kmem_cache_free(s, ptr). */
  public void kmemCacheFree(KmemCache s, long ptr) {
    Slab slab = slabs.slabOf(ptr);
    if (slab == null || slab.cache() != s) {
      throw new IllegalStateException("kmem_cache_free of 0x" + Long.toHexString(ptr) + " to " + s
          + ", which does not hold it");
    }
    free(ptr, Entry.CACHE);
  }

  /** discard_slab() of an empty slab taken off every list. */
  void discard(Slab slab) {
    slabs.discard(slab);
  }

  /** flush_cpu_slab(): deactivates the current CPU's slab of {@code s}. */
  public void flushCpuSlab(KmemCache s) {
    try (Emitter.Frame f = em.call(Ip.FLUSH_CPU_SLAB)) {
      slow.deactivate(s, s.cpu(em.current().cpu()));
    }
  }

  /** The code locations of one API entry point. */
  private enum Entry {
    KMALLOC(Ip.KMALLOC_FREELIST, Ip.KMALLOC_CMPXCHG, Ip.KMALLOC_SLOW, Ip.KMALLOC_RETURN,
        Ip.KMALLOC_ZERO, Ip.KMALLOC_MEMCG, Ip.KFREE_EXTS, Ip.KFREE_MEMCG, Ip.KFREE_FREE,
        Ip.KFREE_DO_FREE),
    CACHE(Ip.CACHE_ALLOC_FREELIST, Ip.CACHE_ALLOC_CMPXCHG, Ip.CACHE_ALLOC_SLOW,
        Ip.CACHE_ALLOC_RETURN, Ip.CACHE_ALLOC_ZERO, Ip.CACHE_ALLOC_MEMCG, Ip.CACHE_FREE_EXTS,
        Ip.CACHE_FREE_MEMCG, Ip.CACHE_FREE_FREE, Ip.CACHE_FREE_DO_FREE);

    final String freelist;
    final String cmpxchg;
    final String slow;
    final String ret;
    final String zero;
    final String memcg;
    final String freeExts;
    final String freeMemcg;
    final String free;
    final String doFree;

    Entry(String freelist, String cmpxchg, String slow, String ret, String zero, String memcg,
        String freeExts, String freeMemcg, String free, String doFree) {
      this.freelist = freelist;
      this.cmpxchg = cmpxchg;
      this.slow = slow;
      this.ret = ret;
      this.zero = zero;
      this.memcg = memcg;
      this.freeExts = freeExts;
      this.freeMemcg = freeMemcg;
      this.free = free;
      this.doFree = doFree;
    }
  }

  private long alloc(KmemCache s, boolean account, boolean zero, Entry entry) {
    Context context = em.current();
    if (context.kind() != Context.Kind.CPU) {
      throw new IllegalStateException("allocation from " + context);
    }
    if (s.dead()) {
      throw new IllegalStateException("allocation from destroyed cache " + s);
    }
    CpuSlab c = s.cpu(context.cpu());
    int index;
    if (c.freelist.isEmpty()) {
      try (Emitter.Frame f = em.call(entry.slow)) {
        index = slow.refill(s, c);
      }
    } else {
      em.load(c.address() + Layout.CPU_FREELIST, 8, MemOrder.ONCE, entry.freelist, c.head());
      index = c.freelist.popInt();
      em.rmw(c.address() + Layout.CPU_FREELIST, 16, MemOrder.RELAXED, entry.cmpxchg);
    }
    Slab slab = c.slab;
    long ptr = slab.object(index);
    em.alloc(ptr, s.size(), s.name(), entry.ret);
    if (zero) {
      em.fill(ptr, s.size(), entry.zero);
    }
    if (account || s.accounted()) {
      try (Emitter.Frame f = em.call(entry.memcg)) {
        memcg.postAlloc(slab, index);
      }
    }
    return ptr;
  }

  private void free(long ptr, Entry entry) {
    Slab slab = slabs.slabOf(ptr);
    if (slab == null || slab.discarded) {
      throw new IllegalStateException("free of 0x" + Long.toHexString(ptr) + ", which no slab holds");
    }
    int index = slab.indexOf(ptr);
    long exts = em.load(slab.field(Layout.SLAB_OBJ_EXTS), 8, MemOrder.ONCE, entry.freeExts,
        slab.objExts);
    if (slab.objExts != 0) {
      try (Emitter.Frame f = em.call(entry.freeMemcg)) {
        memcg.freeHook(slab, index, exts);
      }
    }
    em.free(ptr, slab.cache().name(), entry.free);
    try (Emitter.Frame f = em.call(entry.doFree)) {
      doSlabFree(slab, index);
    }
  }

  /** do_slab_free(): onto the CPU's freelist if the object's slab is the CPU's, else __slab_free. */
  private void doSlabFree(Slab slab, int index) {
    Context context = em.current();
    if (context.kind() == Context.Kind.CPU) {
      CpuSlab c = slab.cache().cpu(context.cpu());
      if (c.slab == slab) {
        em.load(c.address() + Layout.CPU_FREELIST, 8, MemOrder.ONCE, Ip.DO_FREE_FREELIST, c.head());
        c.freelist.add(index);
        em.rmw(c.address() + Layout.CPU_FREELIST, 16, MemOrder.RELAXED, Ip.DO_FREE_CMPXCHG);
        return;
      }
    }
    try (Emitter.Frame f = em.call(Ip.DO_FREE_SLOW)) {
      slow.slabFree(slab, index);
    }
  }
}
