package dev.slabrace.sim.kernel;

import dev.slabrace.sim.exec.Emitter;
import dev.slabrace.trace.MemOrder;

/**
 * The paths of SLUB that touch shared state: refilling a CPU's freelist (___slab_alloc and
 * get_partial_node), freeing to a slab that is not the CPU's own (__slab_free), and deactivating a
 * CPU's slab. The partial list changes only under {@code n->list_lock}.
 *
 * <pre>
 * Implementation notes
 *
 * Once a slab is visible to other CPUs, its freelist and counters change only by cmpxchg_double (a
 * fully ordered 16-byte RMW) and are read with READ_ONCE; slab_list and n->nr_partial change only
 * under the node's lock. The plain stores of allocate_slab happen before the slab is visible. So the
 * allocator itself never races; what races is what users and the memcg hooks do around it.
 * There are no per-CPU partial lists: a CPU takes partial slabs from the node list directly.
 * </pre>
 */
final class SlowPaths {
  private final Emitter em;
  private final SlabPages slabs;

  SlowPaths(Emitter em, SlabPages slabs) {
    this.em = em;
    this.slabs = slabs;
  }

  /** ___slab_alloc(): refills {@code c} and takes its first object; returns the object's index. */
  int refill(KmemCache s, CpuSlab c) {
    Slab slab = c.slab;
    if (slab != null) {
      em.load(slab.field(Layout.SLAB_FREELIST), 8, MemOrder.ONCE, Ip.SLAB_ALLOC_FREELIST, slab.head());
      em.load(slab.field(Layout.SLAB_COUNTERS), 8, MemOrder.ONCE, Ip.SLAB_ALLOC_COUNTERS,
          slab.counters());
      if (!slab.freelist.isEmpty()) {
        takeFreelist(slab, c);
        em.rmw(slab.field(Layout.SLAB_FREELIST), 16, MemOrder.FULL, Ip.SLAB_ALLOC_CMPXCHG);
        return takeFirst(c);
      }
      slab.frozen = false;
      em.rmw(slab.field(Layout.SLAB_FREELIST), 16, MemOrder.FULL, Ip.SLAB_ALLOC_CMPXCHG);
      c.slab = null;
    }
    if (!s.partial().isEmpty()) {
      try (Emitter.Frame f = em.call(Ip.SLAB_ALLOC_GET_PARTIAL)) {
        getPartial(s, c);
      }
    } else {
      try (Emitter.Frame f = em.call(Ip.SLAB_ALLOC_NEW_SLAB)) {
        Slab fresh = slabs.allocate(s);
        for (int i = s.objects() - 1; i >= 0; i--) {
          c.freelist.add(i);
        }
        c.slab = fresh;
      }
    }
    em.store(c.address() + Layout.CPU_SLAB, 8, MemOrder.PLAIN, Ip.SLAB_ALLOC_CPU, c.slab.meta());
    return takeFirst(c);
  }

  private int takeFirst(CpuSlab c) {
    int index = c.freelist.popInt();
    em.store(c.address() + Layout.CPU_FREELIST, 8, MemOrder.PLAIN, Ip.SLAB_ALLOC_CPU, c.head());
    return index;
  }

  private static void takeFreelist(Slab slab, CpuSlab c) {
    c.freelist.addAll(slab.freelist);
    slab.inuse += slab.freelist.size();
    slab.freelist.clear();
  }

  /** get_partial_node(): takes the first partial slab and freezes it for the current CPU. */
  private void getPartial(KmemCache s, CpuSlab c) {
    em.lock(s.listLock(), Ip.GET_PARTIAL_LOCK);
    Slab slab = s.partial().pollFirst();
    removeFromList(slab, s, Ip.GET_PARTIAL_REMOVE);
    em.load(slab.field(Layout.SLAB_FREELIST), 8, MemOrder.ONCE, Ip.GET_PARTIAL_FREELIST, slab.head());
    em.load(slab.field(Layout.SLAB_COUNTERS), 8, MemOrder.ONCE, Ip.GET_PARTIAL_COUNTERS,
        slab.counters());
    slab.frozen = true;
    takeFreelist(slab, c);
    em.rmw(slab.field(Layout.SLAB_FREELIST), 16, MemOrder.FULL, Ip.GET_PARTIAL_CMPXCHG);
    em.unlock(s.listLock(), Ip.GET_PARTIAL_UNLOCK);
    c.slab = slab;
  }

  private void removeFromList(Slab slab, KmemCache s, String ip) {
    slab.onPartial = false;
    em.fill(slab.field(Layout.SLAB_LIST), 16, ip);
    em.store(s.node() + Layout.NODE_NR_PARTIAL, 8, MemOrder.PLAIN, ip, s.partial().size());
  }

  private void addToList(Slab slab, KmemCache s, String ip) {
    slab.onPartial = true;
    s.partial().addLast(slab);
    em.fill(slab.field(Layout.SLAB_LIST), 16, ip);
    em.store(s.node() + Layout.NODE_NR_PARTIAL, 8, MemOrder.PLAIN, ip, s.partial().size());
  }

  /** __slab_free(): puts object {@code index} on its slab's freelist, fixing the lists if needed. */
  void slabFree(Slab slab, int index) {
    KmemCache s = slab.cache();
    em.load(slab.field(Layout.SLAB_FREELIST), 8, MemOrder.ONCE, Ip.SLAB_FREE_FREELIST, slab.head());
    em.load(slab.field(Layout.SLAB_COUNTERS), 8, MemOrder.ONCE, Ip.SLAB_FREE_COUNTERS,
        slab.counters());
    boolean wasFull = slab.freelist.isEmpty();
    boolean locked = !slab.frozen && (slab.inuse == 1 || wasFull);
    if (locked) {
      em.lock(s.listLock(), Ip.SLAB_FREE_LOCK);
    }
    slab.freelist.add(index);
    slab.inuse--;
    em.rmw(slab.field(Layout.SLAB_FREELIST), 16, MemOrder.FULL, Ip.SLAB_FREE_CMPXCHG);
    if (!locked) {
      return;
    }
    if (slab.inuse == 0 && s.partial().size() >= s.minPartial()) {
      if (slab.onPartial) {
        s.partial().remove(slab);
        removeFromList(slab, s, Ip.SLAB_FREE_LIST);
      }
      em.unlock(s.listLock(), Ip.SLAB_FREE_UNLOCK);
      try (Emitter.Frame f = em.call(Ip.SLAB_FREE_DISCARD)) {
        slabs.discard(slab);
      }
      return;
    }
    if (wasFull) {
      addToList(slab, s, Ip.SLAB_FREE_LIST);
    }
    em.unlock(s.listLock(), Ip.SLAB_FREE_UNLOCK);
  }

  /** deactivate_slab(): gives the current CPU's slab of {@code s} back with its free objects. */
  void deactivate(KmemCache s, CpuSlab c) {
    Slab slab = c.slab;
    if (slab == null) {
      return;
    }
    em.store(c.address() + Layout.CPU_SLAB, 8, MemOrder.PLAIN, Ip.DEACTIVATE_CPU, 0);
    em.store(c.address() + Layout.CPU_FREELIST, 8, MemOrder.PLAIN, Ip.DEACTIVATE_CPU, 0);
    em.load(slab.field(Layout.SLAB_FREELIST), 8, MemOrder.ONCE, Ip.DEACTIVATE_FREELIST, slab.head());
    em.load(slab.field(Layout.SLAB_COUNTERS), 8, MemOrder.ONCE, Ip.DEACTIVATE_COUNTERS,
        slab.counters());
    slab.freelist.addAll(c.freelist);
    slab.inuse -= c.freelist.size();
    c.freelist.clear();
    c.slab = null;
    slab.frozen = false;
    long field = slab.field(Layout.SLAB_FREELIST);
    if (slab.inuse == 0 && s.partial().size() >= s.minPartial()) {
      em.rmw(field, 16, MemOrder.FULL, Ip.DEACTIVATE_CMPXCHG);
      try (Emitter.Frame f = em.call(Ip.DEACTIVATE_DISCARD)) {
        slabs.discard(slab);
      }
    } else if (!slab.freelist.isEmpty()) {
      em.lock(s.listLock(), Ip.DEACTIVATE_LOCK);
      em.rmw(field, 16, MemOrder.FULL, Ip.DEACTIVATE_CMPXCHG);
      addToList(slab, s, Ip.DEACTIVATE_ADD);
      em.unlock(s.listLock(), Ip.DEACTIVATE_UNLOCK);
    } else {
      em.rmw(field, 16, MemOrder.FULL, Ip.DEACTIVATE_CMPXCHG);
    }
  }
}
