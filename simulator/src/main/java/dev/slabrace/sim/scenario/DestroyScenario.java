package dev.slabrace.sim.scenario;

import dev.slabrace.sim.exec.Emitter;
import dev.slabrace.sim.kernel.CacheLifecycle;
import dev.slabrace.sim.kernel.Kernel;
import dev.slabrace.sim.kernel.KmemCache;
import dev.slabrace.sim.kernel.Slub;
import dev.slabrace.sim.kernel.SlubVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * kmem_cache_destroy() of a SLAB_TYPESAFE_BY_RCU cache: the shutdown discards its slabs through
 * call_rcu(rcu_free_slab), and those callbacks read the cache. With rcu_barrier() before the shutdown
 * the cache is freed while they are still queued: a use-after-free of the struct kmem_cache. With
 * rcu_barrier() after the shutdown ("[PATCHv4]" 1454603988-24856-1-git-send-email-dsafonov@virtuozzo.com
 * in kcsan.md) the release waits for them.
 *
 * <pre>
 * Implementation notes
 *
 * cpu 0 (a module) creates the cache and queues a work item on cpu 1, which allocates ten objects
 * (a full slab and part of another), writes them and frees them all, then completes. cpu 0 then
 * destroys the cache: flush_all makes cpu 1 give back its slab, the shutdown discards both slabs,
 * and the release frees the kmem_cache_node and the kmem_cache. The callbacks' grace period cannot
 * end before the step that queued them: in the buggy order that step also frees the cache, so the
 * callbacks always run after the free.
 * </pre>
 */
final class DestroyScenario extends FocusedScenario {
  private static final String CACHE = "test_rcu_cache";
  private static final int OBJECT_SIZE = 512;
  private static final int OBJECTS = 10;
  private static final String INIT = "test_module_init+0x3c/0x90";
  private static final String QUEUE = "test_module_init+0x61/0x90";
  private static final String WORK = "test_rcu_work_fn+0x8a/0x160";
  private static final String WORK_ALLOC = "test_rcu_work_fn+0x2d/0x160";
  private static final String WORK_WRITE = "test_rcu_work_fn+0x48/0x160";
  private static final String WORK_FREE = "test_rcu_work_fn+0x75/0x160";
  private static final String WORK_DONE = "test_rcu_work_fn+0x13c/0x160";
  private static final String EXIT = "test_module_exit+0x1d/0x40";
  private static final String EXIT_DESTROY = "test_module_exit+0x29/0x40";

  static final List<DestroyScenario> ALL = List.of(
      new DestroyScenario("destroy-barrier-before-shutdown", "kmem_cache_destroy() of a"
          + " SLAB_TYPESAFE_BY_RCU cache calls rcu_barrier() before the shutdown queues the RCU slab"
          + " frees: they read the freed kmem_cache", true),
      new DestroyScenario("destroy-barrier-after-shutdown", "kmem_cache_destroy() calls"
          + " rcu_barrier() after the shutdown, before releasing the cache: clean", false));

  private final boolean barrierFirst;

  private DestroyScenario(String name, String description, boolean barrierFirst) {
    super(name, description, barrierFirst
        ? new Expectation("use-after-free", "kmem_cache->flags", "kmem_cache_destroy",
            "rcu_free_slab", List.of("kmem_cache->"))
        : null, SlubVersion.STRIDE_EARLY, 2);
    this.barrierFirst = barrierFirst;
  }

  /** The state of one run. */
  private static final class Run {
    KmemCache cache;
    boolean queued;
    boolean done;
  }

  @Override
  void setUpRoles(Kernel kernel) {
    Emitter em = kernel.emitter();
    Slub slub = kernel.slub();
    CacheLifecycle lifecycle = new CacheLifecycle(kernel);
    Run run = new Run();
    kernel.cpu(0).then(() -> {
      try (Emitter.Frame f = em.call(INIT)) {
        run.cache = lifecycle.create(CACHE, OBJECT_SIZE, KmemCache.TYPESAFE_BY_RCU, 5);
      }
      em.signal("test_rcu_work", QUEUE);
      run.queued = true;
    });
    kernel.cpu(1).then(() -> run.queued, () -> {
      try (Emitter.Frame f = em.call(WORK)) {
        em.await("test_rcu_work", WORK);
        List<Long> objects = new ArrayList<>();
        for (int i = 0; i < OBJECTS; i++) {
          long obj;
          try (Emitter.Frame g = em.call(WORK_ALLOC)) {
            obj = slub.kmemCacheAlloc(run.cache, false, false);
          }
          em.fill(obj, 64, WORK_WRITE);
          objects.add(obj);
        }
        for (long obj : objects) {
          try (Emitter.Frame g = em.call(WORK_FREE)) {
            slub.kmemCacheFree(run.cache, obj);
          }
        }
        em.signal("test_rcu_work:done", WORK_DONE);
      }
      run.done = true;
    });
    kernel.cpu(0).then(() -> run.done, () -> {
      try (Emitter.Frame f = em.call(EXIT)) {
        em.await("test_rcu_work:done", EXIT);
      }
      try (Emitter.Frame f = em.call(EXIT_DESTROY)) {
        lifecycle.destroy(run.cache, barrierFirst);
      }
    });
  }
}
