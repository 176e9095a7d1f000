package dev.slabrace.sim.scenario;

import dev.slabrace.sim.exec.Context;
import dev.slabrace.sim.exec.Emitter;
import dev.slabrace.sim.exec.Step;
import dev.slabrace.sim.exec.Workload;
import dev.slabrace.sim.kernel.Kernel;
import dev.slabrace.sim.kernel.Rcu;
import dev.slabrace.sim.kernel.Slub;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * A clean, open-ended slab workload: each step one CPU allocates (small sizes more often than large
 * ones, a quarter of kmallocs zeroed), uses or frees one of its objects,
 * frees one after a grace period (kfree_rcu style), hands one to another CPU through a mailbox,
 * takes one handed to it, flushes a CPU slab, or waits in rcu_barrier(); with an {@link RcuTable}, a
 * fifth of its steps look entries up under rcu_read_lock() or publish and delete them. Every object
 * is used by one CPU at a time and handed over with release/acquire, and every table entry is read
 * only under RCU and freed after a grace period, so a correct analysis finds nothing.
 *
 * <pre>
 * Implementation notes
 *
 * A CPU holds at most CAP objects: memory stays O(live objects) however long the run.
 * No callbacks are queued while some CPU waits in rcu_barrier(), so that the barrier, which must
 * wait for every earlier call_rcu, returns.
 * </pre>
 */
final class MixedWorkload {
  /** The most objects one CPU holds. */
  static final int CAP = 24;

  private static final String WORKER = "slabsim_worker+0x11c/0x2e0";
  private static final String ALLOC = "slabsim_alloc+0x4e/0x160";
  private static final String INIT = "slabsim_alloc+0x77/0x160";
  private static final String USE_READ = "slabsim_use+0x2c/0x90";
  private static final String USE_WRITE = "slabsim_use+0x51/0x90";
  private static final String FREE = "slabsim_free+0x33/0x70";
  private static final String QUEUE_RCU = "slabsim_free_rcu+0x29/0x80";
  private static final String RCU_HEAD = "__call_rcu_common+0x3b/0x5c0";
  private static final String RCU_CALLBACK = "slabsim_obj_rcu_free+0x1c/0x40";
  private static final String FLUSH = "slabsim_shrink+0x3a/0x90";
  private static final String BARRIER = "slabsim_sync+0x12/0x40";

  /** An object a CPU holds. */
  private record Live(long ptr, Pool pool) {}

  private final Emitter em;
  private final Slub slub;
  private final Rcu rcu;
  private final List<Pool> pools;
  private final int[] participants;
  private final Mailboxes mailboxes;
  private final BooleanSupplier stop;
  private final boolean barriers;
  private final RcuTable table;
  private final List<List<Live>> held = new ArrayList<>();
  /** Objects sitting in a mailbox, by address. */
  private final Long2ObjectOpenHashMap<Live> inFlight = new Long2ObjectOpenHashMap<>();

  /**
   * Creates a workload over {@code pools} for the CPUs in {@code participants}, which stops handing
   * out steps once {@code stop} holds; {@code barriers} lets CPUs call rcu_barrier(); {@code table},
   * if not null, is the RCU-protected table its CPUs read and update.
   */
  MixedWorkload(Kernel kernel, List<Pool> pools, int[] participants, BooleanSupplier stop,
      boolean barriers, RcuTable table) {
    this.em = kernel.emitter();
    this.slub = kernel.slub();
    this.rcu = kernel.rcu();
    this.pools = List.copyOf(pools);
    this.participants = participants.clone();
    this.mailboxes = participants.length > 1 ? new Mailboxes(kernel) : null;
    this.stop = stop;
    this.barriers = barriers;
    this.table = table;
    for (int i = 0; i < kernel.cpus(); i++) {
      held.add(new ArrayList<>());
    }
  }

  /** Returns the workload of one participating CPU. */
  Workload workload() {
    return ctx -> stop.getAsBoolean() ? null : Step.of(() -> step(ctx));
  }

  private void step(Context ctx) {
    SplittableRandom r = ctx.random();
    List<Live> live = held.get(ctx.cpu());
    int roll = r.nextInt(table == null ? 100 : 125);
    try (Emitter.Frame f = em.call(WORKER)) {
      if (roll >= 100) {
        table.step(ctx, r, roll - 100);
      } else if (live.isEmpty()) {
        if (roll < 60) {
          alloc(live, r);
        } else {
          receive(ctx, live, r);
        }
      } else if (roll < 30) {
        if (live.size() < CAP) {
          alloc(live, r);
        } else {
          free(live, r.nextInt(live.size()));
        }
      } else if (roll < 55) {
        use(live.get(r.nextInt(live.size())), r);
      } else if (roll < 75) {
        free(live, r.nextInt(live.size()));
      } else if (roll < 80) {
        freeAfterGracePeriod(live, r.nextInt(live.size()));
      } else if (roll < 88) {
        send(ctx, live, r);
      } else if (roll < 97) {
        receive(ctx, live, r);
      } else if (roll < 99 || !barriers) {
        try (Emitter.Frame g = em.call(FLUSH)) {
          slub.flushCpuSlab(pools.get(r.nextInt(pools.size())).cache());
        }
      } else {
        rcu.barrier(BARRIER, () -> { });
      }
    }
  }

  private void alloc(List<Live> live, SplittableRandom r) {
    Pool pool = smaller(pools.get(r.nextInt(pools.size())), pools.get(r.nextInt(pools.size())));
    boolean account = pool.accountPercent() > 0 && r.nextInt(100) < pool.accountPercent();
    long ptr;
    try (Emitter.Frame f = em.call(ALLOC)) {
      ptr = pool.kmalloc() ? slub.kmalloc(pool.cache().size(), r.nextInt(4) == 0)
          : slub.kmemCacheAlloc(pool.cache(), account, false);
    }
    em.fill(ptr, Math.min(16, pool.cache().size()), INIT);
    live.add(new Live(ptr, pool));
  }

  /** Returns the pool of smaller objects: allocations skew small, as kmalloc traffic does. */
  private static Pool smaller(Pool a, Pool b) {
    return a.cache().size() <= b.cache().size() ? a : b;
  }

  private void use(Live object, SplittableRandom r) {
    int words = object.pool().cache().size() / 8;
    for (int i = 1 + r.nextInt(3); i > 0; i--) {
      long addr = object.ptr() + 8L * r.nextInt(words);
      if (r.nextBoolean()) {
        em.fill(addr, 8, USE_WRITE);
      } else {
        em.copy(addr, 8, USE_READ);
      }
    }
  }

  private void free(List<Live> live, int index) {
    Live object = live.remove(index);
    try (Emitter.Frame f = em.call(FREE)) {
      release(object);
    }
  }

  private void release(Live object) {
    if (object.pool().kmalloc()) {
      slub.kfree(object.ptr());
    } else {
      slub.kmemCacheFree(object.pool().cache(), object.ptr());
    }
  }

  private void freeAfterGracePeriod(List<Live> live, int index) {
    Live object = live.get(index);
    if (rcu.barrierWaiting() || object.pool().cache().size() < 16) {
      free(live, index);
      return;
    }
    live.remove(index);
    try (Emitter.Frame f = em.call(QUEUE_RCU)) {
      em.fill(object.ptr(), 16, RCU_HEAD);
      rcu.callRcu(object.ptr(), QUEUE_RCU, () -> {
        try (Emitter.Frame g = em.call(RCU_CALLBACK)) {
          release(object);
        }
      });
    }
  }

  private void send(Context ctx, List<Live> live, SplittableRandom r) {
    int to = participants[r.nextInt(participants.length)];
    if (mailboxes == null || to == ctx.cpu()) {
      use(live.get(r.nextInt(live.size())), r);
      return;
    }
    int index = r.nextInt(live.size());
    if (mailboxes.send(to, live.get(index).ptr())) {
      Live object = live.remove(index);
      inFlight.put(object.ptr(), object);
    }
  }

  private void receive(Context ctx, List<Live> live, SplittableRandom r) {
    int from = participants[r.nextInt(participants.length)];
    if (mailboxes == null || from == ctx.cpu()) {
      return;
    }
    long ptr = mailboxes.receive(from);
    if (ptr != 0) {
      Live object = inFlight.remove(ptr);
      live.add(object);
      use(object, r);
    }
  }
}
