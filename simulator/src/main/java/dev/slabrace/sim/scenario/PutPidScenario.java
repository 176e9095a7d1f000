package dev.slabrace.sim.scenario;

import dev.slabrace.sim.exec.Emitter;
import dev.slabrace.sim.kernel.Kernel;
import dev.slabrace.sim.kernel.KmemCache;
import dev.slabrace.sim.kernel.Slub;
import dev.slabrace.sim.kernel.SlubVersion;
import dev.slabrace.trace.FenceKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.RegionClass;
import java.util.List;

/**
 * put_pid() with the {@code atomic_read(&pid->count) == 1} fast path, which frees the pid without any
 * acquire, against the refcount_dec_and_test() of f57e515a1b56 ("kernel/pid.c: convert struct pid
 * count to refcount_t"): release on every decrement, acquire when the count reaches zero.
 *
 * <pre>
 * Implementation notes (kcsan.md section 5 (B))
 *
 * cpu 0 allocates and initialises a pid, takes a reference for cpu 1 and hands it over with a
 * completion; it then uses the pid (pid_nr_ns) and drops its own reference in put_pid, which reads
 * pid->level and pid->numbers[level].ns before decrementing. cpu 1 drops the last reference only
 * after that. In the buggy variant cpu 1 sees count == 1 with a relaxed read and frees: cpu 0's
 * reads in pid_nr_ns and put_pid are ordered before nothing of cpu 1's (the fully ordered
 * atomic_dec_and_test on cpu 0 needs an acquire on cpu 1 to pair with). With refcount_dec_and_test
 * cpu 1's release decrement reads cpu 0's and its smp_acquire__after_ctrl_dep() orders the free.
 * </pre>
 */
final class PutPidScenario extends FocusedScenario {
  /** struct pid: count, level, tasks[4], numbers[0].nr, numbers[0].ns. */
  private static final int COUNT = 0x00;
  private static final int LEVEL = 0x04;
  private static final int TASKS = 0x10;
  private static final int NR = 0x60;
  private static final int NS = 0x68;
  private static final int SIZE = 0x70;
  private static final long INIT_PID_NS = 0xffffffff83c1a2e0L;
  private static final int PID_NR = 4242;

  private static final String ALLOC = "alloc_pid+0x9e/0x4d0";
  private static final String INIT_LEVEL = "alloc_pid+0xbb/0x4d0";
  private static final String INIT_NR = "alloc_pid+0x1f2/0x4d0";
  private static final String INIT_NS = "alloc_pid+0x1fa/0x4d0";
  private static final String INIT_COUNT = "alloc_pid+0x2c3/0x4d0";
  private static final String INIT_TASKS = "alloc_pid+0x2d9/0x4d0";
  private static final String GET = "pidfd_prepare+0x3e/0xa0";
  private static final String HANDOFF_STORE = "pidfd_prepare+0x52/0xa0";
  private static final String COMPLETE = "pidfd_prepare+0x61/0xa0";
  private static final String WAIT = "pidfd_wait_task+0x33/0x90";
  private static final String HANDOFF_LOAD = "pidfd_wait_task+0x41/0x90";
  private static final String NR_LEVEL = "pid_nr_ns+0x12/0x50";
  private static final String NR_NS = "pid_nr_ns+0x22/0x50";
  private static final String NR_NR = "pid_nr_ns+0x2b/0x50";
  private static final String USE = "do_wait_pid+0x5d/0x120";
  private static final String PUT_LEVEL = "put_pid+0x14/0x70";
  private static final String PUT_NS = "put_pid+0x1f/0x70";
  private static final String PUT_READ = "put_pid+0x27/0x70";
  private static final String PUT_DEC = "put_pid+0x31/0x70";
  private static final String PUT_ACQUIRE = "put_pid+0x38/0x70";
  private static final String PUT_FREE = "put_pid+0x4d/0x70";
  private static final String RELEASE_TASK = "release_task+0x1b4/0x5e0";
  private static final String PIDFD_RELEASE = "pidfd_release+0x1c/0x30";

  static final List<PutPidScenario> ALL = List.of(
      new PutPidScenario("put-pid-atomic-read", "put_pid() frees after atomic_read(&pid->count) == 1,"
          + " with no acquire: the free races with the other CPU's last accesses to the pid",
          new Expectation("assert-race", "pid->level", "put_pid", "put_pid", List.of("pid->"))),
      new PutPidScenario("put-pid-refcount", "put_pid() with refcount_dec_and_test() (release, then"
          + " acquire on zero; f57e515a1b56): clean", null));

  private PutPidScenario(String name, String description, Expectation expectation) {
    super(name, description, expectation, SlubVersion.STRIDE_EARLY, 2);
  }

  /** The state of one run. */
  private static final class Run {
    long pid;
    int count;
    boolean handedOver;
    boolean firstPutDone;
  }

  @Override
  void setUpRoles(Kernel kernel) {
    Emitter em = kernel.emitter();
    Slub slub = kernel.slub();
    KmemCache pids = slub.bootCache("pid", SIZE, KmemCache.ACCOUNT, 5);
    long slot = kernel.userData(8);
    em.region(slot, 8, "pidfd_handoff->pid", RegionClass.USER);
    boolean refcount = !buggy();
    Run run = new Run();
    kernel.cpu(0)
        .then(() -> allocPid(em, slub, pids, run))
        .then(() -> {
          em.rmw(run.pid + COUNT, 4, MemOrder.RELAXED, GET, run.count, run.count + 1);
          run.count++;
          em.store(slot, 8, MemOrder.PLAIN, HANDOFF_STORE, run.pid);
          em.signal("pidfd_handoff.done", COMPLETE);
          run.handedOver = true;
        })
        .then(() -> {
          try (Emitter.Frame f = em.call(USE)) {
            em.load(run.pid + LEVEL, 4, MemOrder.PLAIN, NR_LEVEL, 0);
            em.load(run.pid + NS, 8, MemOrder.PLAIN, NR_NS, INIT_PID_NS);
            em.load(run.pid + NR, 4, MemOrder.PLAIN, NR_NR, PID_NR);
          }
        })
        .then(() -> {
          try (Emitter.Frame f = em.call(RELEASE_TASK)) {
            putPid(em, slub, pids, run, refcount);
          }
          run.firstPutDone = true;
        });
    kernel.cpu(1)
        .then(() -> run.handedOver, () -> {
          em.await("pidfd_handoff.done", WAIT);
          em.load(slot, 8, MemOrder.PLAIN, HANDOFF_LOAD, run.pid);
        })
        .then(() -> run.firstPutDone, () -> {
          try (Emitter.Frame f = em.call(PIDFD_RELEASE)) {
            putPid(em, slub, pids, run, refcount);
          }
        });
  }

  private static void allocPid(Emitter em, Slub slub, KmemCache pids, Run run) {
    long pid;
    try (Emitter.Frame f = em.call(ALLOC)) {
      pid = slub.kmemCacheAlloc(pids, false, false);
    }
    em.region(pid + COUNT, 4, "pid->count", RegionClass.OBJECT);
    em.region(pid + LEVEL, 4, "pid->level", RegionClass.OBJECT);
    em.region(pid + TASKS, 32, "pid->tasks", RegionClass.OBJECT);
    em.region(pid + NR, 4, "pid->numbers[0].nr", RegionClass.OBJECT);
    em.region(pid + NS, 8, "pid->numbers[0].ns", RegionClass.OBJECT);
    em.store(pid + LEVEL, 4, MemOrder.PLAIN, INIT_LEVEL, 0);
    em.store(pid + NR, 4, MemOrder.PLAIN, INIT_NR, PID_NR);
    em.store(pid + NS, 8, MemOrder.PLAIN, INIT_NS, INIT_PID_NS);
    em.store(pid + COUNT, 4, MemOrder.RELAXED, INIT_COUNT, 1);
    em.fill(pid + TASKS, 32, INIT_TASKS);
    run.pid = pid;
    run.count = 1;
  }

  /**
   * put_pid(): the namespace is read first; then either the atomic_read fast path with
   * atomic_dec_and_test, or refcount_dec_and_test; the last reference frees the pid.
   */
  private static void putPid(Emitter em, Slub slub, KmemCache pids, Run run, boolean refcount) {
    long pid = run.pid;
    em.load(pid + LEVEL, 4, MemOrder.PLAIN, PUT_LEVEL, 0);
    em.load(pid + NS, 8, MemOrder.PLAIN, PUT_NS, INIT_PID_NS);
    boolean last;
    if (refcount) {
      em.rmw(pid + COUNT, 4, MemOrder.RELEASE, PUT_DEC, run.count, run.count - 1);
      last = --run.count == 0;
      if (last) {
        em.fence(FenceKind.ACQUIRE, PUT_ACQUIRE);
      }
    } else {
      em.load(pid + COUNT, 4, MemOrder.RELAXED, PUT_READ, run.count);
      last = run.count == 1;
      if (!last) {
        em.rmw(pid + COUNT, 4, MemOrder.FULL, PUT_DEC, run.count, run.count - 1);
        last = --run.count == 0;
      }
    }
    if (last) {
      try (Emitter.Frame f = em.call(PUT_FREE)) {
        slub.kmemCacheFree(pids, pid);
      }
    }
  }
}
