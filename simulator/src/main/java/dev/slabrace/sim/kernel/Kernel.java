package dev.slabrace.sim.kernel;

import dev.slabrace.sim.exec.Context;
import dev.slabrace.sim.exec.Emitter;
import dev.slabrace.sim.exec.Scheduler;
import java.util.SplittableRandom;

/**
 * The simulated machine: N CPUs, each with a task and an RCU callback context, one memory zone, RCU
 * and SLUB, all emitting into one {@link Emitter} and interleaved by one seeded {@link Scheduler}.
 */
public final class Kernel {
  /** The task id of CPU n's task is this plus n. */
  public static final int CPU_TASK_BASE = 1000;
  /** The task id of CPU n's RCU callback context is this plus n. */
  public static final int CALLBACK_TASK_BASE = 2000;

  private final Emitter em = new Emitter();
  private final Scheduler scheduler;
  private final Context[] cpus;
  private final Rcu rcu;
  private final Slub slub;
  private long userData = Layout.USER_DATA;

  /** Creates a machine of {@code cpus} CPUs running {@code version} of SLUB, scheduled from {@code seed}. */
  public Kernel(long seed, int cpus, SlubVersion version) {
    if (cpus < 1) {
      throw new IllegalArgumentException("a machine needs at least one CPU, not " + cpus);
    }
    scheduler = new Scheduler(em, new SplittableRandom(seed));
    this.cpus = new Context[cpus];
    for (int cpu = 0; cpu < cpus; cpu++) {
      this.cpus[cpu] = scheduler.add(Context.Kind.CPU, cpu, Integer.toString(CPU_TASK_BASE + cpu));
    }
    Context[] runners = new Context[cpus];
    for (int cpu = 0; cpu < cpus; cpu++) {
      runners[cpu] = scheduler.add(Context.Kind.CALLBACKS, cpu,
          Integer.toString(CALLBACK_TASK_BASE + cpu));
    }
    rcu = new Rcu(em, runners);
    scheduler.quiescence(rcu);
    slub = new Slub(em, new PageAllocator(em, 3), rcu, version, cpus);
  }

  /** Returns the emitter every context writes to. */
  public Emitter emitter() {
    return em;
  }

  /** Returns the scheduler. */
  public Scheduler scheduler() {
    return scheduler;
  }

  /** Returns the number of CPUs. */
  public int cpus() {
    return cpus.length;
  }

  /** Returns the task of CPU {@code cpu}. */
  public Context cpu(int cpu) {
    return cpus[cpu];
  }

  /** Returns RCU. */
  public Rcu rcu() {
    return rcu;
  }

  /** Returns the slab allocator. */
  public Slub slub() {
    return slub;
  }

  /** Reserves {@code bytes} of zeroed global data for a simulated user and returns its address. */
  public long userData(int bytes) {
    long address = userData;
    userData += (bytes + 63) & ~63L;
    return address;
  }
}
