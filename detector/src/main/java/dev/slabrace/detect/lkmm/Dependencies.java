package dev.slabrace.detect.lkmm;

import dev.slabrace.detect.clock.Plane;
import dev.slabrace.detect.clock.VectorClock;
import dev.slabrace.trace.EventCursor;

/**
 * What address ({@code dep}), data ({@code data}) and control ({@code ctrl}) dependencies order:
 * the clock an access is checked with beyond its task's, and what a marked store forwards.
 */
public final class Dependencies {
  private Dependencies() {}

  /**
   * Returns what orders earlier accesses before the access {@code e} alone, beyond its task's
   * clocks: the clock received by the load its address depends on ({@code dep}: addr pre-bounds any
   * access); for a marked read, {@code read}, the clock of the store it reads itself (vis ends in
   * "rfe ; [Marked]": the read is ordered after what the store it reads from is ordered after,
   * before the task applies that clock to later accesses). Null if none.
   */
  public static Dependency bounding(EventCursor e, RecentLoads loads, Dependency read) {
    Dependency dep = e.dep == EventCursor.NO_REF ? null : loads.load(e.dep);
    return combine(dep, read);
  }

  /**
   * Returns what orders earlier accesses before the write of {@code e}, of kind {@code kind},
   * alone: {@code bound}, what orders the whole access, and for a marked write (a store or the
   * write half of an RMW) the clocks received by the load whose value it writes and by the load a
   * branch before it tested ({@code data}, {@code ctrl}: rwdep = (dep | ctrl) ; [W] is ppo into a
   * marked write; neither bounds a plain access, nor the read half of an RMW, which no dependency
   * orders).
   */
  public static Dependency boundingWrite(EventCursor e, AccessKind kind, RecentLoads loads,
      Dependency bound) {
    if (!kind.marked() || !kind.writes()
        || (e.data == EventCursor.NO_REF && e.ctrl == EventCursor.NO_REF)) {
      return bound;
    }
    Dependency data = e.data != EventCursor.NO_REF ? loads.load(e.data) : null;
    Dependency ctrl = e.ctrl != EventCursor.NO_REF ? loads.load(e.ctrl) : null;
    return combine(combine(bound, data), ctrl);
  }

  /** Returns a dependency that orders what either orders; the first one's store for the S plane. */
  private static Dependency combine(Dependency a, Dependency b) {
    if (b == null || b.clock() == null) {
      return a == null ? b : a;
    }
    if (a == null) {
      return b;
    }
    VectorClock c = a.clock() == null ? b.clock().copy() : a.clock().copy();
    c.join(b.clock());
    return new Dependency(c, a.writer(), a.writerEpoch());
  }

  /**
   * Returns {@code base}, the clock the marked write {@code e} of task {@code task} publishes,
   * joined with the xbstar planes of what the loads its {@code ctrl}, {@code dep} and {@code data}
   * name received (ppo into a marked write, and smp_mb cumulativity through a relaxed hop) and with
   * those loads themselves (D plane); null when they name no remembered marked load.
   */
  static VectorClock forward(EventCursor e, int task, RecentLoads loads, VectorClock base) {
    VectorClock forwarded = null;
    if (e.ctrl != EventCursor.NO_REF) {
      forwarded = forwardFrom(loads, task, e.ctrl, forwarded, base);
    }
    if (e.dep != EventCursor.NO_REF) {
      forwarded = forwardFrom(loads, task, e.dep, forwarded, base);
    }
    if (e.data != EventCursor.NO_REF) {
      forwarded = forwardFrom(loads, task, e.data, forwarded, base);
    }
    return forwarded;
  }

  /**
   * Joins the xbstar planes of what load {@code loadId} received into a store's clock, and names
   * the load itself in task {@code task}'s D entry (rwdep in ppo: the marked load is ordered before
   * the store, hence before what the store's readers are).
   */
  private static VectorClock forwardFrom(RecentLoads loads, int task, long loadId,
      VectorClock forwarded, VectorClock base) {
    Dependency d = loads.load(loadId);
    if (d == null) {
      return forwarded;
    }
    VectorClock c = forwarded == null ? base.copy() : forwarded;
    if (d.clock() != null) {
      c.joinPlanes(d.clock(), TaskClocks.xbPlanes());
    }
    c.addExact(Plane.index(task, Plane.D), loads.loadEpoch(loadId));
    return c;
  }
}
