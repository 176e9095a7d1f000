package dev.slabrace.sim.scenario;

import dev.slabrace.sim.SimConfig;
import dev.slabrace.sim.kernel.Kernel;
import dev.slabrace.sim.kernel.KmemCache;
import dev.slabrace.sim.kernel.Slub;
import dev.slabrace.sim.kernel.SlubVersion;
import dev.slabrace.trace.EventCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A clean workload for scale: every CPU runs {@link MixedWorkload} over the kmalloc caches, their
 * SLAB_ACCOUNT twins and a set of named caches (some charged only by __GFP_ACCOUNT, some
 * SLAB_TYPESAFE_BY_RCU, declared so by cache events), and reads and updates one {@link RcuTable},
 * for exactly {@code --events} events. Nothing is held but the live objects and the table, so the length is limited only by time.
 */
final class MixedScenario implements Scenario {
  static final MixedScenario INSTANCE = new MixedScenario();

  private MixedScenario() {}

  @Override
  public String name() {
    return "mixed";
  }

  @Override
  public String description() {
    return "many caches on many CPUs, objects handed over with release/acquire, RCU readers racing"
        + " with deletion, synchronize_rcu, kfree_rcu and rcu_barrier: clean, any length (--events)";
  }

  @Override
  public boolean buggy() {
    return false;
  }

  @Override
  public Optional<Expectation> expectation() {
    return Optional.empty();
  }

  @Override
  public SlubVersion version() {
    return SlubVersion.STRIDE_EARLY;
  }

  @Override
  public int minCpus() {
    return 1;
  }

  @Override
  public boolean takesEvents() {
    return true;
  }

  @Override
  public long defaultEvents() {
    return 10_000;
  }

  @Override
  public void setUp(Kernel kernel, SimConfig config) {
    Slub slub = kernel.slub();
    List<Pool> pools = new ArrayList<>();
    for (int size : new int[] {8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096}) {
      pools.add(new Pool(slub.kmallocCache(size), true, 0));
    }
    for (int size : new int[] {32, 64, 192, 512, 1024}) {
      pools.add(new Pool(slub.kmallocCgCache(size), true, 0));
    }
    int rcu = KmemCache.ACCOUNT | KmemCache.TYPESAFE_BY_RCU;
    pools.add(new Pool(slub.bootCache("radix_tree_node", 576, 0, 5), false, 50));
    pools.add(new Pool(slub.bootCache("dentry", 192, 0, 5), false, 0));
    pools.add(new Pool(slub.bootCache("filp", 256, rcu, 2), false, 0));
    pools.add(new Pool(slub.bootCache("anon_vma", 104, rcu, 2), false, 0));
    pools.add(new Pool(slub.bootCache("sighand_cache", 2112, rcu, 2), false, 0));
    pools.add(new Pool(slub.bootCache("buffer_head", 104, 0, 5), false, 10));
    pools.add(new Pool(slub.bootCache("vm_area_struct", 184, KmemCache.ACCOUNT, 5), false, 0));
    pools.add(new Pool(slub.bootCache("pid", 128, KmemCache.ACCOUNT, 5), false, 0));
    pools.add(new Pool(slub.bootCache("inode_cache", 608, 0, 5), false, 0));
    pools.add(new Pool(slub.bootCache("skbuff_head_cache", 232, 0, 5), false, 20));
    for (Pool pool : pools) {
      if (pool.cache().typesafeByRcu()) {
        kernel.emitter().cache(pool.cache().name(), EventCursor.TYPESAFE_BY_RCU);
      }
    }
    int[] all = new int[kernel.cpus()];
    for (int cpu = 0; cpu < all.length; cpu++) {
      all[cpu] = cpu;
    }
    RcuTable table = new RcuTable(kernel, Math.max(8, 2 * kernel.cpus()));
    MixedWorkload workload = new MixedWorkload(kernel, pools, all, () -> false, true, table);
    for (int cpu : all) {
      kernel.cpu(cpu).workload(workload.workload());
    }
  }
}
