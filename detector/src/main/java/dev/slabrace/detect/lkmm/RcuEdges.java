package dev.slabrace.detect.lkmm;

import dev.slabrace.detect.clock.VectorClock;

/**
 * The ordering RCU gives (linux-kernel.cat rcu-gp, rcu-rscsi, rcu-link, rcu-fence, rb): what the
 * end of a read-side section, a grace period, call_rcu and its callback, and rcu_barrier do to the
 * clocks. RcuTracker pairs the events up (which sections a grace period waits for, which callback a
 * cb_begin starts); these methods say what each end orders.
 */
public final class RcuEdges {
  private RcuEdges() {}

  /**
   * rcu_read_unlock of an outermost section: returns the clock of the section's end, which every
   * grace period and call_rcu that began after the section began, in line order, waits for (rcu-gp
   * ; rcu-rscsi: the Grace-Period Guarantee).
   */
  public static VectorClock endSection(TaskClocks k) {
    VectorClock end = k.publishFull();
    k.tick();
    return end;
  }

  /**
   * gp_begin (synchronize_rcu's start): a strong fence; returns the clock at the grace period's
   * start, which the task's later stores carry to the sections that read them (rb).
   */
  public static VectorClock beginGracePeriod(TaskClocks k) {
    k.strongFence();
    VectorClock start = k.publishFull();
    k.tick();
    return start;
  }

  /**
   * gp_end: acquires the ends of the sections the grace period waited for ({@code waited}), then a
   * strong fence.
   */
  public static void endGracePeriod(TaskClocks k, VectorClock waited) {
    k.acquireFull(waited);
    k.strongFence();
  }

  /**
   * call_rcu: returns the clock the callback acquires at its start, everything the task did so far.
   */
  public static VectorClock callRcu(TaskClocks k) {
    VectorClock queued = k.publishFull();
    k.tick();
    return queued;
  }

  /**
   * cb_begin: the callback runs after its call_rcu ({@code queued}) and after the ends of the
   * sections its grace period waited for ({@code waited}).
   */
  public static void beginCallback(TaskClocks k, VectorClock queued, VectorClock waited) {
    k.acquireFull(queued);
    k.acquireFull(waited);
  }

  /**
   * Returns the start of the last grace period the callback's task counts as having completed: the
   * callback's grace period began after call_rcu ({@code queued}), so its stores carry that clock
   * (joined with the task's earlier one, {@code lastGraceStart}, null if none).
   */
  public static VectorClock callbackGraceStart(VectorClock queued, VectorClock lastGraceStart) {
    VectorClock graceStart = queued.copy();
    if (lastGraceStart != null) {
      graceStart.join(lastGraceStart);
    }
    return graceStart;
  }

  /** cb_end: returns the clock every later rcu_barrier acquires. */
  public static VectorClock endCallback(TaskClocks k) {
    VectorClock end = k.publishFull();
    k.tick();
    return end;
  }

  /**
   * rcu_barrier: acquires the ends of the callbacks that ended before it ({@code ended}); nothing
   * else.
   */
  public static void barrier(TaskClocks k, VectorClock ended) {
    k.acquireFull(ended);
  }

  /**
   * A marked read inside a read-side section read a store made after a grace period that began at
   * {@code graceStart}: returns {@code observed} (created when null) joined with it. The section is
   * ordered after what preceded that grace period (rb: rcu-link from the store back to the
   * section).
   */
  public static VectorClock observe(VectorClock observed, VectorClock graceStart) {
    VectorClock o = observed == null ? new VectorClock() : observed;
    o.join(graceStart);
    return o;
  }

  /**
   * Whether the race of a section's access (the later one, {@code b}) with an earlier access {@code
   * a} of task {@code u} at epoch {@code c} is ordered away, at the section's end, by the grace
   * periods the section observed ({@code observed}, null if none).
   */
  public static boolean orderedByObservedGracePeriods(VectorClock observed, int u, int c,
      AccessKind a, AccessKind b) {
    return observed != null && Ordering.orderedBy(observed, u, c, a, b);
  }
}
