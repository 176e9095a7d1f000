package dev.slabrace.sim.scenario;

import dev.slabrace.sim.exec.Emitter;
import dev.slabrace.sim.kernel.Kernel;
import dev.slabrace.sim.kernel.KmemCache;
import dev.slabrace.sim.kernel.Layout;
import dev.slabrace.sim.kernel.Slab;
import dev.slabrace.sim.kernel.Slub;
import dev.slabrace.sim.kernel.SlubVersion;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.RegionClass;
import java.util.List;

/**
 * The slab->stride / slab->obj_exts publication race of v7.0-rc1 and its fixes, on radix_tree_node
 * slabs: an xarray that charges its nodes (__GFP_ACCOUNT on a cache without SLAB_ACCOUNT) makes
 * obj_exts appear on a slab whose other objects another CPU frees.
 *
 * <pre>
 * Implementation notes (kcsan.md section 5 (C); the names of the roles are the trace's CPUs)
 *
 * race, rmb: cpu 0 allocates node b from a new slab S (no obj_exts), then flushes S to the partial
 *   list. cpu 1 takes S from the list (n->list_lock: cpu 0 before cpu 1) and allocates a charged
 *   node: alloc_slab_obj_exts sets the stride and publishes obj_exts by cmpxchg. cpu 0, once
 *   obj_exts is set, frees b: READ_ONCE(obj_exts), then the plain stride read in slab_obj_ext,
 *   which nothing orders after cpu 1's stride write (C1). With smp_wmb/smp_rmb it is ordered.
 * early-*: the stride is set when cpu 0 allocates S. cpu 1 allocates a charged node n from S
 *   (publishing obj_exts by cmpxchg), writes it and hands it to cpu 2, which frees it (C2, C3).
 *   A plain hand-over orders nothing: cpu 2's stride read races with cpu 0's early write, its
 *   obj_ext and free with cpu 1's writes, and its __slab_free with allocate_slab's init of struct
 *   slab. smp_store_release/smp_load_acquire orders it all.
 * </pre>
 */
final class StrideScenario extends FocusedScenario {
  /** Which of the four traces. */
  enum Variant { RACE, RMB, EARLY_PLAIN, EARLY_RELEASE }

  private static final String NOMEM = "xas_nomem+0x4b/0xc0";
  private static final String ALLOC = "xas_alloc+0x9a/0x1c0";
  private static final String DESTROY = "xas_destroy+0x3c/0x70";
  private static final String FLUSH_WORK = "process_one_work+0x1e2/0x3f0";
  private static final String DEFER = "xa_defer_node+0x2a/0x50";
  private static final String REAP_LOAD = "xa_reap_deferred+0x19/0x80";
  private static final String REAP_COUNT = "xa_reap_deferred+0x2d/0x80";
  private static final String REAP_FREE = "xa_reap_deferred+0x3e/0x80";
  private static final String DEFERRED = "xa_deferred->node";

  static final List<StrideScenario> ALL = List.of(
      new StrideScenario("stride-race", "v7.0-rc1: slab->stride read after the obj_exts cmpxchg"
          + " without a barrier, on the CPU freeing another object of the slab (C1)", Variant.RACE,
          new Expectation("data-race", "slab->stride", "alloc_slab_obj_exts", "slab_obj_ext",
              List.of("slab->stride"))),
      new StrideScenario("stride-rmb", "v7.0-rc1 with smp_wmb() after slab_set_stride() and"
          + " smp_rmb() in slab_get_stride(): the same interleaving, clean", Variant.RMB, null),
      new StrideScenario("stride-early-plain-handoff", "stride set early, before the slab is"
          + " listed, but a user hands a charged object to another CPU by a plain store and frees it"
          + " there (C2, C3)", Variant.EARLY_PLAIN,
          new Expectation("data-race", "slab->stride", "alloc_slab_obj_exts_early", "slab_obj_ext",
              List.of("slab->", Layout.OBJ_EXTS_REGION, "xa_node->", DEFERRED))),
      new StrideScenario("stride-early-release-acquire", "stride set early and the user hands the"
          + " object over with smp_store_release/smp_load_acquire: clean", Variant.EARLY_RELEASE,
          null));

  private final Variant variant;

  private StrideScenario(String name, String description, Variant variant, Expectation expectation) {
    super(name, description, expectation, switch (variant) {
      case RACE -> SlubVersion.V7_0_RC1;
      case RMB -> SlubVersion.STRIDE_WMB_RMB;
      case EARLY_PLAIN, EARLY_RELEASE -> SlubVersion.STRIDE_EARLY;
    }, variant == Variant.RACE || variant == Variant.RMB ? 2 : 3);
    this.variant = variant;
  }

  /** The state of one run: the shared slab and the hand-over slot. */
  private static final class Run {
    Slab slab;
    long slot;
    long handedOver;
  }

  @Override
  void setUpRoles(Kernel kernel) {
    Emitter em = kernel.emitter();
    Slub slub = kernel.slub();
    KmemCache nodes = slub.bootCache(XaNode.CACHE, XaNode.SIZE, 0, 5);
    long xa = kernel.userData(16);
    em.region(xa, 16, "xarray", RegionClass.USER);
    Run run = new Run();
    kernel.cpu(0).then(() -> {
      long node;
      try (Emitter.Frame f = em.call(NOMEM)) {
        node = slub.kmemCacheAlloc(nodes, false, false);
      }
      XaNode.regions(em, node);
      run.slab = slub.slabOf(node);
      if (variant == Variant.RACE || variant == Variant.RMB) {
        kernel.cpu(0).then(() -> run.slab.objExts() != 0, () -> {
          try (Emitter.Frame f = em.call(DESTROY)) {
            slub.kmemCacheFree(nodes, node);
          }
        });
      }
    }).then(() -> {
      try (Emitter.Frame f = em.call(FLUSH_WORK)) {
        slub.flushCpuSlab(nodes);
      }
    });
    if (variant == Variant.RACE || variant == Variant.RMB) {
      kernel.cpu(1).then(() -> run.slab != null && run.slab.onPartial(),
          () -> allocCharged(em, slub, nodes, xa));
      return;
    }
    run.slot = kernel.userData(8);
    em.region(run.slot, 8, DEFERRED, RegionClass.USER);
    boolean ordered = variant == Variant.EARLY_RELEASE;
    kernel.cpu(1).then(() -> run.slab != null && run.slab.onPartial(), () -> {
      long node = allocCharged(em, slub, nodes, xa);
      em.store(run.slot, 8, ordered ? MemOrder.RELEASE : MemOrder.PLAIN, DEFER, node);
      run.handedOver = node;
    });
    kernel.cpu(2).then(() -> run.handedOver != 0, () -> {
      long node = run.handedOver;
      long load = em.load(run.slot, 8, ordered ? MemOrder.ACQUIRE : MemOrder.ONCE, REAP_LOAD, node);
      em.loadDep(node + 2, 1, MemOrder.PLAIN, REAP_COUNT, 0, load);
      try (Emitter.Frame f = em.call(REAP_FREE)) {
        slub.kmemCacheFree(nodes, node);
      }
    });
  }

  /** xas_alloc() for an xarray that charges its nodes. */
  private static long allocCharged(Emitter em, Slub slub, KmemCache nodes, long xa) {
    long node;
    try (Emitter.Frame f = em.call(ALLOC)) {
      node = slub.kmemCacheAlloc(nodes, true, false);
    }
    XaNode.regions(em, node);
    XaNode.init(em, node, xa);
    return node;
  }
}
