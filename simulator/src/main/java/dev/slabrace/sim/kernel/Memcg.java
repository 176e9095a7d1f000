package dev.slabrace.sim.kernel;

import dev.slabrace.sim.exec.Emitter;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.FenceKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.RegionClass;

/**
 * The memcg side of SLUB: the obj_exts array of a slab, created lazily and published by cmpxchg or,
 * for a new slab, by a plain store; the charge written into an object's obj_ext entry at allocation
 * and read (and cleared) at free.
 *
 * <pre>
 * Implementation notes
 *
 * An entry is found as obj_exts + stride * index (slab_obj_ext), so every use reads slab->stride, a
 * plain read. The entry access carries an address dependency on the READ_ONCE of slab->obj_exts it
 * was computed from, as the kernel's pointer arithmetic does; the stride read has none, which is the
 * v7.0-rc1 bug: nothing orders it after the obj_exts read unless smp_rmb() does.
 * </pre>
 */
final class Memcg {
  private final Emitter em;
  private final Slub slub;
  private final SlubVersion version;

  Memcg(Emitter em, Slub slub, SlubVersion version) {
    this.em = em;
    this.slub = slub;
    this.version = version;
  }

  /** __memcg_slab_post_alloc_hook for object {@code index}: makes sure obj_exts exists, then charges. */
  void postAlloc(Slab slab, int index) {
    long exts = em.load(slab.field(Layout.SLAB_OBJ_EXTS), 8, MemOrder.ONCE, Ip.POST_ALLOC_EXTS,
        slab.objExts);
    long dep = exts;
    if (slab.objExts == 0) {
      try (Emitter.Frame f = em.call(Ip.POST_ALLOC_CREATE)) {
        createObjExts(slab, false);
      }
      dep = EventCursor.NO_REF;
    }
    try (Emitter.Frame f = em.call(Ip.POST_ALLOC_EXT)) {
      readStride(slab);
    }
    long entry = slab.objExt(index);
    if (dep == EventCursor.NO_REF) {
      em.store(entry, 8, MemOrder.PLAIN, Ip.POST_ALLOC_CHARGE, Layout.OBJCG);
    } else {
      em.storeDep(entry, 8, MemOrder.PLAIN, Ip.POST_ALLOC_CHARGE, Layout.OBJCG, dep);
    }
    slab.charged[index] = true;
  }

  /**
   * __memcg_slab_free_hook for object {@code index}, given the id of the READ_ONCE that found
   * obj_exts set: reads the entry and uncharges it if it holds an objcg.
   */
  void freeHook(Slab slab, int index, long extsLoad) {
    try (Emitter.Frame f = em.call(Ip.FREE_HOOK_EXT)) {
      readStride(slab);
    }
    long entry = slab.objExt(index);
    boolean charged = slab.charged[index];
    em.loadDep(entry, 8, MemOrder.PLAIN, Ip.FREE_HOOK_OBJCG, charged ? Layout.OBJCG : 0, extsLoad);
    if (charged) {
      em.storeDep(entry, 8, MemOrder.PLAIN, Ip.FREE_HOOK_CLEAR, 0, extsLoad);
      slab.charged[index] = false;
    }
  }

  /** slab_get_stride(), with the smp_rmb() of the barrier fix. */
  private void readStride(Slab slab) {
    if (version.barriers()) {
      em.fence(FenceKind.RMB, Ip.OBJ_EXT_RMB);
    }
    em.load(slab.field(Layout.SLAB_STRIDE), 4, MemOrder.PLAIN, Ip.OBJ_EXT_STRIDE, slab.stride);
  }

  /** Sets the stride of a new slab: alloc_slab_obj_exts_early() of the early-stride fix. */
  void setStrideEarly(Slab slab) {
    em.store(slab.field(Layout.SLAB_STRIDE), 4, MemOrder.PLAIN, Ip.EXTS_EARLY_STRIDE,
        Layout.OBJ_EXT_SIZE);
    slab.stride = Layout.OBJ_EXT_SIZE;
  }

  /**
   * alloc_slab_obj_exts(): allocates the zeroed array, sets the stride (unless it was set early) and
   * publishes the array, by a plain store on a slab no other CPU can see yet, by cmpxchg otherwise.
   */
  void createObjExts(Slab slab, boolean newSlab) {
    int bytes = slab.cache().objects() * Layout.OBJ_EXT_SIZE;
    long vec;
    try (Emitter.Frame f = em.call(Ip.EXTS_KCALLOC)) {
      vec = slub.kmalloc(bytes, true);
    }
    em.region(vec, bytes, Layout.OBJ_EXTS_REGION, RegionClass.OBJ_EXT);
    if (!version.strideEarly()) {
      em.store(slab.field(Layout.SLAB_STRIDE), 4, MemOrder.PLAIN, Ip.EXTS_SET_STRIDE,
          Layout.OBJ_EXT_SIZE);
      slab.stride = Layout.OBJ_EXT_SIZE;
      if (version.barriers()) {
        em.fence(FenceKind.WMB, Ip.EXTS_WMB);
      }
    }
    long field = slab.field(Layout.SLAB_OBJ_EXTS);
    if (newSlab) {
      em.store(field, 8, MemOrder.PLAIN, Ip.EXTS_STORE, vec);
    } else {
      em.rmw(field, 8, MemOrder.FULL, Ip.EXTS_CMPXCHG, 0, vec);
    }
    slab.objExts = vec;
  }
}
