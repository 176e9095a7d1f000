package dev.slabrace.detect.lkmm;

import dev.slabrace.trace.FenceKind;

/** What each fence event does to its task's clocks (linux-kernel.cat: mb, wmb, rmb, fence). */
public final class Fences {
  private Fences() {}

  /**
   * Applies fence {@code f} to {@code k}: smp_mb and smp_mb__before_atomic / __after_atomic are
   * strong fences (the trace places them next to the atomic they order, so they act as smp_mb),
   * smp_wmb and smp_rmb order as their TaskClocks methods say, acquire and release fences act as an
   * acquire load's and a release store's ordering would.
   */
  public static void apply(FenceKind f, TaskClocks k) {
    switch (f) {
      case MB, BEFORE_ATOMIC, AFTER_ATOMIC -> k.strongFence();
      case WMB -> k.writeFence();
      case RMB -> k.readFence();
      case ACQUIRE -> k.acquireFence();
      case RELEASE -> k.releaseFence();
      default -> throw new IllegalStateException("unhandled fence " + f);
    }
  }
}
