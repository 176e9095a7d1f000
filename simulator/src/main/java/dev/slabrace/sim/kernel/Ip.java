package dev.slabrace.sim.kernel;

/**
 * The code locations of the simulated kernel, kernel style {@code func+0xoff/0xlen}: mm/slub.c,
 * the memcg hooks, the page allocator and RCU. Offsets are made up but fixed, one per access site, so
 * reports name the same line for the same access in every trace.
 */
public final class Ip {
  private Ip() {}

  // ---- allocation fast path (slab_alloc_node, inlined into the API functions)
  /** READ_ONCE(c->freelist) in kmem_cache_alloc. */
  public static final String CACHE_ALLOC_FREELIST = "kmem_cache_alloc_noprof+0x5e/0x2f0";
  /** this_cpu_cmpxchg_double(c->freelist, c->tid) in kmem_cache_alloc. */
  public static final String CACHE_ALLOC_CMPXCHG = "kmem_cache_alloc_noprof+0x88/0x2f0";
  /** kmem_cache_alloc returns. */
  public static final String CACHE_ALLOC_RETURN = "kmem_cache_alloc_noprof+0x9c/0x2f0";
  /** kmem_cache_alloc calls ___slab_alloc. */
  public static final String CACHE_ALLOC_SLOW = "kmem_cache_alloc_noprof+0x1d3/0x2f0";
  /** kmem_cache_alloc calls the memcg post-alloc hook. */
  public static final String CACHE_ALLOC_MEMCG = "kmem_cache_alloc_noprof+0x11b/0x2f0";
  /** kmem_cache_alloc zeroes the object (__GFP_ZERO). */
  public static final String CACHE_ALLOC_ZERO = "kmem_cache_alloc_noprof+0xf7/0x2f0";
  /** READ_ONCE(c->freelist) in __kmalloc. */
  public static final String KMALLOC_FREELIST = "__kmalloc_noprof+0x6a/0x3a0";
  /** this_cpu_cmpxchg_double in __kmalloc. */
  public static final String KMALLOC_CMPXCHG = "__kmalloc_noprof+0x94/0x3a0";
  /** __kmalloc returns. */
  public static final String KMALLOC_RETURN = "__kmalloc_noprof+0xb1/0x3a0";
  /** __kmalloc calls ___slab_alloc. */
  public static final String KMALLOC_SLOW = "__kmalloc_noprof+0x2c4/0x3a0";
  /** __kmalloc calls the memcg post-alloc hook. */
  public static final String KMALLOC_MEMCG = "__kmalloc_noprof+0x13f/0x3a0";
  /** __kmalloc zeroes the object (kzalloc, kcalloc). */
  public static final String KMALLOC_ZERO = "__kmalloc_noprof+0x1f7/0x3a0";

  // ---- allocation slow path
  /** ___slab_alloc reads slab->freelist (get_freelist). */
  public static final String SLAB_ALLOC_FREELIST = "___slab_alloc+0x1b4/0xb60";
  /** ___slab_alloc reads slab->counters (get_freelist). */
  public static final String SLAB_ALLOC_COUNTERS = "___slab_alloc+0x1bc/0xb60";
  /** ___slab_alloc takes the slab's freelist or unfreezes a full slab (cmpxchg_double). */
  public static final String SLAB_ALLOC_CMPXCHG = "___slab_alloc+0x1f9/0xb60";
  /** ___slab_alloc updates c->slab and c->freelist. */
  public static final String SLAB_ALLOC_CPU = "___slab_alloc+0x2a6/0xb60";
  /** ___slab_alloc calls get_partial_node. */
  public static final String SLAB_ALLOC_GET_PARTIAL = "___slab_alloc+0x47d/0xb60";
  /** ___slab_alloc calls allocate_slab. */
  public static final String SLAB_ALLOC_NEW_SLAB = "___slab_alloc+0x5e2/0xb60";
  /** get_partial_node takes n->list_lock. */
  public static final String GET_PARTIAL_LOCK = "get_partial_node+0x4d/0x2a0";
  /** remove_partial in get_partial_node. */
  public static final String GET_PARTIAL_REMOVE = "get_partial_node+0xb2/0x2a0";
  /** acquire_slab reads slab->freelist. */
  public static final String GET_PARTIAL_FREELIST = "get_partial_node+0xd0/0x2a0";
  /** acquire_slab reads slab->counters. */
  public static final String GET_PARTIAL_COUNTERS = "get_partial_node+0xd8/0x2a0";
  /** acquire_slab freezes the slab and takes its freelist (cmpxchg_double). */
  public static final String GET_PARTIAL_CMPXCHG = "get_partial_node+0x11c/0x2a0";
  /** get_partial_node releases n->list_lock. */
  public static final String GET_PARTIAL_UNLOCK = "get_partial_node+0x19e/0x2a0";

  // ---- new slabs
  /** allocate_slab calls the page allocator. */
  public static final String ALLOCATE_SLAB_PAGES = "allocate_slab+0x8b/0x3f0";
  /** allocate_slab sets slab->slab_cache. */
  public static final String ALLOCATE_SLAB_CACHE = "allocate_slab+0x10e/0x3f0";
  /** allocate_slab sets slab->freelist. */
  public static final String ALLOCATE_SLAB_FREELIST = "allocate_slab+0x2b9/0x3f0";
  /** allocate_slab sets slab->counters (inuse, objects, frozen). */
  public static final String ALLOCATE_SLAB_COUNTERS = "allocate_slab+0x2c4/0x3f0";
  /** The cleared page fields of a new slab: stride and obj_exts start at 0. */
  public static final String ALLOCATE_SLAB_CLEAR = "allocate_slab+0x131/0x3f0";
  /** allocate_slab calls alloc_slab_obj_exts_early. */
  public static final String ALLOCATE_SLAB_EXTS_EARLY = "allocate_slab+0x1c7/0x3f0";
  /** alloc_slab_obj_exts_early sets the stride before the slab is visible. */
  public static final String EXTS_EARLY_STRIDE = "alloc_slab_obj_exts_early+0x3a/0x120";
  /** alloc_slab_obj_exts_early calls alloc_slab_obj_exts for a SLAB_ACCOUNT cache. */
  public static final String EXTS_EARLY_ALLOC = "alloc_slab_obj_exts_early+0x8d/0x120";

  // ---- obj_exts and memcg
  /** alloc_slab_obj_exts calls kcalloc for the array. */
  public static final String EXTS_KCALLOC = "alloc_slab_obj_exts+0x7e/0x2b0";
  /** slab_set_stride in alloc_slab_obj_exts. */
  public static final String EXTS_SET_STRIDE = "alloc_slab_obj_exts+0x1a4/0x2b0";
  /** smp_wmb() after slab_set_stride. */
  public static final String EXTS_WMB = "alloc_slab_obj_exts+0x1b0/0x2b0";
  /** slab->obj_exts = vec for a new slab. */
  public static final String EXTS_STORE = "alloc_slab_obj_exts+0x1c6/0x2b0";
  /** cmpxchg(&slab->obj_exts, 0, vec). */
  public static final String EXTS_CMPXCHG = "alloc_slab_obj_exts+0x1d9/0x2b0";
  /** slab_obj_exts(): READ_ONCE(slab->obj_exts) in the post-alloc hook. */
  public static final String POST_ALLOC_EXTS = "__memcg_slab_post_alloc_hook+0x6b/0x2d0";
  /** The post-alloc hook calls alloc_slab_obj_exts. */
  public static final String POST_ALLOC_CREATE = "__memcg_slab_post_alloc_hook+0x1b5/0x2d0";
  /** The post-alloc hook calls slab_obj_ext. */
  public static final String POST_ALLOC_EXT = "__memcg_slab_post_alloc_hook+0xe3/0x2d0";
  /** obj_ext->objcg = objcg: the charge. */
  public static final String POST_ALLOC_CHARGE = "__memcg_slab_post_alloc_hook+0xf7/0x2d0";
  /** smp_rmb() in slab_get_stride. */
  public static final String OBJ_EXT_RMB = "slab_obj_ext+0x1a/0x40";
  /** slab_get_stride: the plain read of slab->stride. */
  public static final String OBJ_EXT_STRIDE = "slab_obj_ext+0x2e/0x40";
  /** The free hook calls slab_obj_ext. */
  public static final String FREE_HOOK_EXT = "__memcg_slab_free_hook+0x4a/0x1f0";
  /** objcg = obj_ext->objcg in the free hook. */
  public static final String FREE_HOOK_OBJCG = "__memcg_slab_free_hook+0x5d/0x1f0";
  /** obj_ext->objcg = NULL: the uncharge. */
  public static final String FREE_HOOK_CLEAR = "__memcg_slab_free_hook+0x73/0x1f0";

  // ---- free
  /** slab_obj_exts(): READ_ONCE(slab->obj_exts) in kfree's memcg hook. */
  public static final String KFREE_EXTS = "kfree+0x5c/0x3a0";
  /** kfree calls __memcg_slab_free_hook. */
  public static final String KFREE_MEMCG = "kfree+0x1e4/0x3a0";
  /** kfree: the object is given back (slab_free_hook's KCSAN assertion). */
  public static final String KFREE_FREE = "kfree+0xe2/0x3a0";
  /** kfree calls do_slab_free. */
  public static final String KFREE_DO_FREE = "kfree+0x12a/0x3a0";
  /** READ_ONCE(slab->obj_exts) in kmem_cache_free's memcg hook. */
  public static final String CACHE_FREE_EXTS = "kmem_cache_free+0x71/0x3c0";
  /** kmem_cache_free calls __memcg_slab_free_hook. */
  public static final String CACHE_FREE_MEMCG = "kmem_cache_free+0x20b/0x3c0";
  /** kmem_cache_free: the object is given back. */
  public static final String CACHE_FREE_FREE = "kmem_cache_free+0xf3/0x3c0";
  /** kmem_cache_free calls do_slab_free. */
  public static final String CACHE_FREE_DO_FREE = "kmem_cache_free+0x145/0x3c0";
  /** READ_ONCE(c->freelist) in do_slab_free. */
  public static final String DO_FREE_FREELIST = "do_slab_free+0x47/0x1b0";
  /** this_cpu_cmpxchg_double in do_slab_free. */
  public static final String DO_FREE_CMPXCHG = "do_slab_free+0x8e/0x1b0";
  /** do_slab_free calls __slab_free. */
  public static final String DO_FREE_SLOW = "do_slab_free+0x15b/0x1b0";
  /** __slab_free reads slab->freelist. */
  public static final String SLAB_FREE_FREELIST = "__slab_free+0x6b/0x3c0";
  /** __slab_free reads slab->counters. */
  public static final String SLAB_FREE_COUNTERS = "__slab_free+0x73/0x3c0";
  /** __slab_free takes n->list_lock. */
  public static final String SLAB_FREE_LOCK = "__slab_free+0x127/0x3c0";
  /** __slab_free puts the object on slab->freelist (cmpxchg_double). */
  public static final String SLAB_FREE_CMPXCHG = "__slab_free+0x163/0x3c0";
  /** add_partial / remove_partial in __slab_free. */
  public static final String SLAB_FREE_LIST = "__slab_free+0x1f0/0x3c0";
  /** __slab_free releases n->list_lock. */
  public static final String SLAB_FREE_UNLOCK = "__slab_free+0x23a/0x3c0";
  /** __slab_free calls discard_slab. */
  public static final String SLAB_FREE_DISCARD = "__slab_free+0x2c9/0x3c0";

  // ---- deactivation, discard, destroy
  /** deactivate_slab clears c->slab and c->freelist. */
  public static final String DEACTIVATE_CPU = "deactivate_slab+0x3d/0x3a0";
  /** deactivate_slab reads slab->freelist. */
  public static final String DEACTIVATE_FREELIST = "deactivate_slab+0x71/0x3a0";
  /** deactivate_slab reads slab->counters. */
  public static final String DEACTIVATE_COUNTERS = "deactivate_slab+0x79/0x3a0";
  /** deactivate_slab takes n->list_lock. */
  public static final String DEACTIVATE_LOCK = "deactivate_slab+0x1d8/0x3a0";
  /** deactivate_slab unfreezes the slab (cmpxchg_double). */
  public static final String DEACTIVATE_CMPXCHG = "deactivate_slab+0x21e/0x3a0";
  /** add_partial in deactivate_slab. */
  public static final String DEACTIVATE_ADD = "deactivate_slab+0x25d/0x3a0";
  /** deactivate_slab releases n->list_lock. */
  public static final String DEACTIVATE_UNLOCK = "deactivate_slab+0x27c/0x3a0";
  /** deactivate_slab calls discard_slab. */
  public static final String DEACTIVATE_DISCARD = "deactivate_slab+0x2f1/0x3a0";
  /** flush_cpu_slab calls deactivate_slab. */
  public static final String FLUSH_CPU_SLAB = "flush_cpu_slab+0x5b/0xa0";
  /** discard_slab calls free_slab. */
  public static final String DISCARD_SLAB = "discard_slab+0x2c/0x60";
  /** free_slab initialises the rcu_head of a SLAB_TYPESAFE_BY_RCU slab. */
  public static final String FREE_SLAB_RCU_HEAD = "free_slab+0x41/0x90";
  /** free_slab queues rcu_free_slab. */
  public static final String FREE_SLAB_CALL_RCU = "free_slab+0x4e/0x90";
  /** free_slab calls __free_slab. */
  public static final String FREE_SLAB_NOW = "free_slab+0x6d/0x90";
  /** rcu_free_slab reads slab->slab_cache. */
  public static final String RCU_FREE_SLAB_CACHE = "rcu_free_slab+0x11/0x30";
  /** rcu_free_slab calls __free_slab. */
  public static final String RCU_FREE_SLAB_CALL = "rcu_free_slab+0x1e/0x30";
  /** __free_slab reads s->flags (cache_vmstat_idx in unaccount_slab). */
  public static final String FREE_SLAB_FLAGS = "__free_slab+0x8d/0x140";
  /** __free_slab calls free_slab_obj_exts. */
  public static final String FREE_SLAB_EXTS = "__free_slab+0x66/0x140";
  /** __free_slab gives the pages back. */
  public static final String FREE_SLAB_PAGES = "__free_slab+0x10f/0x140";
  /** free_slab_obj_exts reads slab->obj_exts. */
  public static final String FREE_EXTS_READ = "free_slab_obj_exts+0x17/0x70";
  /** free_slab_obj_exts clears slab->obj_exts. */
  public static final String FREE_EXTS_CLEAR = "free_slab_obj_exts+0x3b/0x70";
  /** free_slab_obj_exts calls kfree. */
  public static final String FREE_EXTS_KFREE = "free_slab_obj_exts+0x4a/0x70";

  // ---- page allocator and RCU
  /** zone->lock taken to hand out pages. */
  public static final String PAGES_ALLOC_LOCK = "rmqueue_bulk+0x52/0x6a0";
  /** zone->lock released after handing out pages. */
  public static final String PAGES_ALLOC_UNLOCK = "rmqueue_bulk+0x5d8/0x6a0";
  /** zone->lock taken to take pages back. */
  public static final String PAGES_FREE_LOCK = "free_pcppages_bulk+0x5a/0x2b0";
  /** zone->lock released after taking pages back. */
  public static final String PAGES_FREE_UNLOCK = "free_pcppages_bulk+0x27f/0x2b0";
  /** rcu_do_batch starts a callback. */
  public static final String RCU_CB_BEGIN = "rcu_do_batch+0x1d2/0x6d0";
  /** rcu_do_batch: the return address of a callback. */
  public static final String RCU_CB_CALL = "rcu_do_batch+0x1d8/0x6d0";
  /** rcu_do_batch: a callback has returned. */
  public static final String RCU_CB_END = "rcu_do_batch+0x1e1/0x6d0";
  /** The offloaded-callback kthread calls rcu_do_batch. */
  public static final String RCU_NOCB_KTHREAD = "rcu_nocb_cb_kthread+0x2d1/0x4c0";
  /** synchronize_rcu starts waiting for a grace period. */
  public static final String SYNCHRONIZE_RCU_BEGIN = "synchronize_rcu+0x5f/0xa0";
  /** synchronize_rcu returns after the grace period. */
  public static final String SYNCHRONIZE_RCU_END = "synchronize_rcu+0x9a/0xa0";
  /** rcu_barrier returns. */
  public static final String RCU_BARRIER = "rcu_barrier+0x2f1/0x320";
}
