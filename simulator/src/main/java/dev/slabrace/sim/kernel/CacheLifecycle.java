package dev.slabrace.sim.kernel;

import dev.slabrace.sim.exec.Context;
import dev.slabrace.sim.exec.Emitter;
import dev.slabrace.sim.exec.Step;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.RegionClass;
import java.util.ArrayList;
import java.util.List;

/**
 * kmem_cache_create() and kmem_cache_destroy() of a cache created at run time: its struct kmem_cache
 * and kmem_cache_node are objects of the kmem_cache and kmem_cache_node caches, so the trace shows
 * their allocation, their fields, and their free when the cache is released.
 *
 * <pre>
 * Implementation notes
 *
 * kmem_cache_destroy() runs as a chain of steps of the destroying CPU: flush_all() queues
 * flush_cpu_slab work on each CPU holding a slab of the cache and waits for it (signal and wait
 * events), __kmem_cache_shutdown() empties the partial list under n->list_lock and discards every
 * slab (a SLAB_TYPESAFE_BY_RCU cache queues rcu_free_slab for each, which reads s->flags), and
 * kmem_cache_release() frees the node and the cache. Where rcu_barrier() sits in that chain is the
 * bug: before the shutdown it waits for nothing the shutdown queues.
 * </pre>
 */
public final class CacheLifecycle {
  private static final String CREATE = "__kmem_cache_create_args+0x1a9/0x3e0";
  private static final String CREATE_FIELDS = "__kmem_cache_create_args+0x1f4/0x3e0";
  private static final String CREATE_NODE = "init_kmem_cache_nodes+0x5e/0x150";
  private static final String NODE_FIELDS = "init_kmem_cache_nodes+0x8c/0x150";
  private static final String DESTROY_BARRIER = "kmem_cache_destroy+0x3a/0x1d0";
  private static final String DESTROY_FLUSH = "kmem_cache_destroy+0x7b/0x1d0";
  private static final String DESTROY_SHUTDOWN = "kmem_cache_destroy+0x96/0x1d0";
  private static final String DESTROY_BARRIER_LATE = "kmem_cache_destroy+0x101/0x1d0";
  private static final String DESTROY_RELEASE = "kmem_cache_destroy+0x14c/0x1d0";
  private static final String FLUSH_QUEUE = "flush_all_cpus_locked+0xa2/0x1d0";
  private static final String FLUSH_WAIT = "flush_all_cpus_locked+0x12e/0x1d0";
  private static final String FLUSH_WORK = "process_one_work+0x1e2/0x3f0";
  private static final String FLUSH_DONE = "process_one_work+0x2a5/0x3f0";
  private static final String SHUTDOWN_LOCK = "__kmem_cache_shutdown+0x7e/0x2d0";
  private static final String SHUTDOWN_INUSE = "__kmem_cache_shutdown+0xa4/0x2d0";
  private static final String SHUTDOWN_REMOVE = "__kmem_cache_shutdown+0xc1/0x2d0";
  private static final String SHUTDOWN_UNLOCK = "__kmem_cache_shutdown+0x10d/0x2d0";
  private static final String SHUTDOWN_DISCARD = "__kmem_cache_shutdown+0x15b/0x2d0";
  private static final String RELEASE_NODE = "__kmem_cache_release+0x4f/0x80";
  private static final String RELEASE_CACHE = "kmem_cache_release+0x2e/0x40";

  private final Kernel kernel;
  private final Emitter em;
  private final Slub slub;
  private final KmemCache cacheCache;
  private final KmemCache nodeCache;

  /** Creates the lifecycle for caches of {@code kernel}, with the kmem_cache and kmem_cache_node caches. */
  public CacheLifecycle(Kernel kernel) {
    this.kernel = kernel;
    this.em = kernel.emitter();
    this.slub = kernel.slub();
    this.cacheCache = slub.bootCache("kmem_cache", Layout.KMEM_CACHE_SIZE, 0, 5);
    this.nodeCache = slub.bootCache("kmem_cache_node", Layout.KMEM_CACHE_NODE_SIZE, 0, 5);
  }

  /** kmem_cache_create() on the current CPU. */
  public KmemCache create(String name, int size, int flags, int minPartial) {
    long s;
    long n;
    try (Emitter.Frame f = em.call(CREATE)) {
      s = slub.kmemCacheAlloc(cacheCache, false, true);
    }
    em.region(s + Layout.KC_FLAGS, 4, "kmem_cache->flags", RegionClass.OBJECT);
    em.region(s + Layout.KC_MIN_PARTIAL, 8, "kmem_cache->min_partial", RegionClass.OBJECT);
    em.region(s + Layout.KC_SIZE, 4, "kmem_cache->size", RegionClass.OBJECT);
    em.region(s + Layout.KC_OBJECT_SIZE, 4, "kmem_cache->object_size", RegionClass.OBJECT);
    em.region(s + Layout.KC_OO, 4, "kmem_cache->oo", RegionClass.OBJECT);
    em.region(s + Layout.KC_NAME, 8, "kmem_cache->name", RegionClass.OBJECT);
    em.region(s + Layout.KC_NODE, 8, "kmem_cache->node[0]", RegionClass.OBJECT);
    em.store(s + Layout.KC_FLAGS, 4, MemOrder.PLAIN, CREATE_FIELDS, flags);
    em.store(s + Layout.KC_SIZE, 4, MemOrder.PLAIN, CREATE_FIELDS, size);
    em.store(s + Layout.KC_OBJECT_SIZE, 4, MemOrder.PLAIN, CREATE_FIELDS, size);
    em.store(s + Layout.KC_MIN_PARTIAL, 8, MemOrder.PLAIN, CREATE_FIELDS, minPartial);
    try (Emitter.Frame f = em.call(CREATE_NODE)) {
      n = slub.kmemCacheAlloc(nodeCache, false, true);
    }
    em.region(n + Layout.NODE_LIST_LOCK, 4, "kmem_cache_node->list_lock", RegionClass.OBJECT);
    em.region(n + Layout.NODE_NR_PARTIAL, 8, "kmem_cache_node->nr_partial", RegionClass.OBJECT);
    em.region(n + Layout.NODE_PARTIAL, 16, "kmem_cache_node->partial", RegionClass.OBJECT);
    em.store(n + Layout.NODE_LIST_LOCK, 4, MemOrder.PLAIN, NODE_FIELDS, 0);
    em.store(n + Layout.NODE_NR_PARTIAL, 8, MemOrder.PLAIN, NODE_FIELDS, 0);
    em.fill(n + Layout.NODE_PARTIAL, 16, NODE_FIELDS);
    em.store(s + Layout.KC_NODE, 8, MemOrder.PLAIN, CREATE_FIELDS, n);
    KmemCache cache = slub.register(name, size, flags, minPartial, s, n);
    int oo = cache.order() << 16 | cache.objects();
    em.store(s + Layout.KC_OO, 4, MemOrder.PLAIN, CREATE_FIELDS, oo);
    return cache;
  }

  /**
   * kmem_cache_destroy() of {@code s} on the current CPU, as a chain of steps; {@code barrierFirst}
   * puts rcu_barrier() before the shutdown (the bug), otherwise it comes after, before the release.
   */
  public void destroy(KmemCache s, boolean barrierFirst) {
    if (barrierFirst) {
      kernel.rcu().barrier(DESTROY_BARRIER, () -> flushAll(s, () -> {
        shutdown(s);
        release(s);
      }));
    } else {
      flushAll(s, () -> {
        shutdown(s);
        kernel.rcu().barrier(DESTROY_BARRIER_LATE, () -> release(s));
      });
    }
  }

  /** flush_all(): flush_cpu_slab work on every CPU with a slab of {@code s}, then {@code then}. */
  private void flushAll(KmemCache s, Runnable then) {
    Context self = em.current();
    List<Integer> targets = new ArrayList<>();
    boolean[] done = new boolean[kernel.cpus()];
    try (Emitter.Frame f = em.call(DESTROY_FLUSH)) {
      for (int cpu = 0; cpu < kernel.cpus(); cpu++) {
        if (s.cpu(cpu).slab() == null) {
          continue;
        }
        int target = cpu;
        targets.add(cpu);
        String work = "flush_cpu_slab:" + s.name() + ":cpu" + cpu;
        em.signal(work, FLUSH_QUEUE);
        Runnable flush = () -> {
          try (Emitter.Frame g = em.call(FLUSH_WORK)) {
            em.await(work, FLUSH_WORK);
            slub.flushCpuSlab(s);
          }
          em.signal(work + ":done", FLUSH_DONE);
          done[target] = true;
        };
        if (cpu == self.cpu()) {
          flush.run();
        } else {
          kernel.cpu(cpu).next(Step.of(flush));
        }
      }
    }
    Emitter.CallChain chain = em.chain();
    self.next(Step.when(() -> targets.stream().allMatch(c -> done[c]), () -> {
      try (Emitter.Frame resumed = em.resume(chain)) {
        try (Emitter.Frame f = em.call(DESTROY_FLUSH)) {
          for (int cpu : targets) {
            em.await("flush_cpu_slab:" + s.name() + ":cpu" + cpu + ":done", FLUSH_WAIT);
          }
        }
        then.run();
      }
    }));
  }

  /** __kmem_cache_shutdown(): discards every (empty) slab of the partial list. */
  private void shutdown(KmemCache s) {
    try (Emitter.Frame f = em.call(DESTROY_SHUTDOWN)) {
      em.lock(s.listLock(), SHUTDOWN_LOCK);
      List<Slab> discard = new ArrayList<>();
      while (!s.partial().isEmpty()) {
        Slab slab = s.partial().pollFirst();
        em.load(slab.field(Layout.SLAB_COUNTERS), 2, MemOrder.PLAIN, SHUTDOWN_INUSE, slab.inuse);
        if (slab.inuse != 0) {
          throw new IllegalStateException("kmem_cache_destroy of " + s + " with objects in use");
        }
        slab.onPartial = false;
        em.fill(slab.field(Layout.SLAB_LIST), 16, SHUTDOWN_REMOVE);
        em.store(s.node() + Layout.NODE_NR_PARTIAL, 8, MemOrder.PLAIN, SHUTDOWN_REMOVE,
            s.partial().size());
        discard.add(slab);
      }
      em.unlock(s.listLock(), SHUTDOWN_UNLOCK);
      try (Emitter.Frame g = em.call(SHUTDOWN_DISCARD)) {
        for (Slab slab : discard) {
          slub.discard(slab);
        }
      }
    }
  }

  /** kmem_cache_release(): frees the node and the struct kmem_cache. */
  private void release(KmemCache s) {
    try (Emitter.Frame f = em.call(DESTROY_RELEASE)) {
      try (Emitter.Frame g = em.call(RELEASE_NODE)) {
        slub.kmemCacheFree(nodeCache, s.node());
      }
      try (Emitter.Frame g = em.call(RELEASE_CACHE)) {
        slub.kmemCacheFree(cacheCache, s.address());
      }
    }
    s.kill();
  }
}
