package dev.slabrace.detect.lkmm;

import dev.slabrace.trace.FenceKind;

/** What each fence event does to its task's clocks (linux-kernel.cat: mb, wmb, rmb, fence). */
public final class Fences {
  private Fences() {}

  /**
   * Applies fence {@code f} to {@code k}: smp_mb is a strong fence; smp_mb__before_atomic() is one
   * between what precedes it and the task's next RMW with what follows that RMW, and
   * smp_mb__after_atomic() one between the task's last RMW with what precedes it and what follows
   * the fence (linux-kernel.cat: mb); smp_wmb and smp_rmb order as their TaskClocks methods say,
   * acquire and release fences act as an acquire load's and a release store's ordering would.
   */
  public static void apply(FenceKind f, TaskClocks k) {
    switch (f) {
      case MB -> k.strongFence();
      case BEFORE_ATOMIC -> k.beforeAtomic();
      case AFTER_ATOMIC -> k.afterAtomic();
      case WMB -> k.writeFence();
      case RMB -> k.readFence();
      case ACQUIRE -> k.acquireFence();
      case RELEASE -> k.releaseFence();
      default -> throw new IllegalStateException("unhandled fence " + f);
    }
  }
}
