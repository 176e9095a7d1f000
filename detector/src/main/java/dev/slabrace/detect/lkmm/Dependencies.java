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
   * Returns {@code bound}, what orders a marked read alone, joined with what the task's marked reads
   * carry after its last smp_rmb() or relock ({@code k}'s afterRmb, if any): rmb and
   * po-unlock-lock-po & int are ppo into a marked read, so what the reads before the fence or the
   * unlock received is visible to it (vis = rfe ; [Marked] ; xbstar & int). After an rmb the task's
   * read clock holds that already; after a relock only this carries it. An RMW's write is bounded
   * by it through {@code bound} (boundingWrite).
   */
  public static Dependency afterReadFence(Dependency bound, TaskClocks k) {
    VectorClock afterRmb = k.afterRmb();
    return afterRmb == null ? bound : combine(bound, new Dependency(afterRmb, -1, 0));
  }

  /**
   * Joins into {@code out} what {@code d} orders: the clock its loads received, and the marked store
   * its load read (S plane), visible wherever that load is xbstar-before (vis = rfe ; [Marked] ;
   * xbstar & int). Nothing for null.
   */
  public static void joinReceived(VectorClock out, Dependency d) {
    if (d == null) {
      return;
    }
    out.join(d.clock());
    if (d.writer() >= 0) {
      out.addExact(Plane.index(d.writer(), Plane.S), d.writerEpoch());
    }
  }

  /**
   * Returns {@code d}, or a copy of it if it holds the task's pending clock, which later marked
   * reads change in place: boundingWrite's result kept past its check (OwnStores.publish).
   */
  public static Dependency kept(Dependency d, TaskClocks k) {
    if (d == null || d.clock() == null || d.clock() != k.pending()) {
      return d;
    }
    return new Dependency(d.clock().copy(), d.writer(), d.writerEpoch());
  }

  /**
   * Returns {@code bound} joined with what marked load {@code loadId} received: an access ordered
   * after that load by ppo (dep ; [Marked] ; rfi, see OwnStores) is pre-bounded by it as by its own
   * address dependency. {@code bound} if the reference is NO_REF or the load is not remembered.
   */
  public static Dependency afterDependency(Dependency bound, RecentLoads loads, long loadId) {
    return loadId == EventCursor.NO_REF ? bound : combine(bound, loads.load(loadId));
  }

  /**
   * Returns what orders earlier accesses before the write of {@code e}, of kind {@code kind},
   * alone: {@code bound}, what orders the whole access, and for a marked write (a store or the
   * write half of an RMW) the clocks received by the load whose value it writes and by the load a
   * branch before it tested ({@code data}, {@code ctrl}: rwdep = (dep | ctrl) ; [W] is ppo into a
   * marked write; neither bounds a plain access, nor the read half of an RMW, which no dependency
   * orders), by the task's remembered marked loads of the same bytes (overwrite & int is ppo), and
   * for a release write what the task's marked loads received ({@code k}'s pending clock: po-rel
   * orders them before it), and for a store after a relock what the marked reads before the
   * unlock received ({@code k}'s afterRelock: po-unlock-lock-po & int is ppo). A marked read
   * ordered before the write by ppo makes what it received visible there (vis = rfe ; [Marked] ;
   * xbstar & int).
   */
  public static Dependency boundingWrite(EventCursor e, AccessKind kind, RecentLoads loads,
      Dependency bound, TaskClocks k) {
    if (!kind.marked() || !kind.writes()) {
      return bound;
    }
    Dependency d = bound;
    if (e.data != EventCursor.NO_REF) {
      d = combine(d, loads.load(e.data));
    }
    if (e.ctrl != EventCursor.NO_REF) {
      d = combine(d, loads.load(e.ctrl));
    }
    // po-unlock-lock-po & int in ppo: after a relock, the task's marked reads before the unlock
    // (an RMW's read carries them already, afterReadFence)
    if (k.afterRelock() != null && !kind.reads()) {
      d = combine(d, k.afterRelock());
    }
    // overwrite & int in ppo (to-w): the task's marked reads of the location before the write
    for (long slots = loads.overlappingSlots(e.addr, e.size); slots != 0; slots &= slots - 1) {
      d = combine(d, loads.loadAt(Long.numberOfTrailingZeros(slots)));
    }
    // an RMW's read is ordered before its write (fr & int), and after an smp_rmb() or relock
    // before it: bound, the read's, holds that already (afterReadFence)
    // po-rel: a release write is ordered after every marked read before it (w-pre-bounded by
    // the fence), so after what they received
    VectorClock pending = k.pending();
    if (pending != null && Markings.releases(e)) {
      d = combine(d, new Dependency(pending, -1, 0));
    }
    // addr ; [Plain] ; wmb is in to-w: loads that addressed plain stores before an smp_wmb()
    d = combine(d, k.afterWmbAddr());
    return d;
  }

  /**
   * Returns what a marked read that received {@code received} and whose address came from marked
   * load {@code loadId} of task {@code task} received in all: addr ; [R] is ppo, so that load is
   * xbstar-ordered before it (D plane) and what that load received, the store it read included (S
   * plane), is visible to it (vis = rfe ; [Marked] ; xbstar & int). {@code received} alone if the
   * load is not remembered. The store the read itself read stays the one for the S exact match.
   */
  public static Dependency chain(Dependency received, RecentLoads loads, long loadId, int task) {
    Dependency source = loads.load(loadId);
    if (source == null) {
      return received;
    }
    VectorClock c = received.clock() == null ? new VectorClock() : received.clock().copy();
    c.join(source.clock());
    if (source.writer() >= 0) {
      c.addExact(Plane.index(source.writer(), Plane.S), source.writerEpoch());
    }
    c.addExact(Plane.index(task, Plane.D), loads.loadEpoch(loadId));
    return new Dependency(c, received.writer(), received.writerEpoch());
  }

  /**
   * Returns what bounds a marked write {@code d} alone, joined with {@code earlier}, what bounded
   * the task's earlier marked store to its location (co & int is in ppo: OwnStores), that store's
   * S member included: a store an RMW read is visible to the task's later stores to the location
   * (vis = rfe ; [Marked] ; xbstar & int).
   */
  public static Dependency afterOwnStore(Dependency d, Dependency earlier) {
    if (earlier == null || earlier == d) {
      return d;
    }
    if (d == null) {
      return earlier;
    }
    VectorClock c = d.clock() == null ? new VectorClock() : d.clock().copy();
    if (earlier.clock() != null) {
      c.join(earlier.clock());
    }
    if (earlier.writer() >= 0) {
      c.addExact(Plane.index(earlier.writer(), Plane.S), earlier.writerEpoch());
    }
    return new Dependency(c, d.writer(), d.writerEpoch());
  }

  /**
   * Returns a dependency that orders what either orders: the first one's store read stays the
   * dependency's own (the exact match of Ordering.visible), the second one's, if another, goes into
   * the clock's S plane, where it is as visible (a write bounded by two loads of other tasks' stores,
   * seed 6833722 of the oracle sweep).
   */
  public static Dependency combine(Dependency a, Dependency b) {
    if (b == null || b.clock() == null) {
      return a == null ? b : a;
    }
    if (a == null) {
      return b;
    }
    VectorClock c = a.clock() == null ? b.clock().copy() : a.clock().copy();
    c.join(b.clock());
    if (b.writer() >= 0 && (b.writer() != a.writer() || b.writerEpoch() != a.writerEpoch())) {
      c.addExact(Plane.index(b.writer(), Plane.S), b.writerEpoch());
    }
    return new Dependency(c, a.writer(), a.writerEpoch());
  }

  /**
   * Returns {@code base}, the clock the marked write {@code e} of task {@code task} publishes,
   * joined with the xbstar planes of what the loads its {@code ctrl}, {@code dep} and {@code data}
   * name received (ppo into a marked write, and smp_mb cumulativity through a relaxed hop) and with
   * those loads themselves (D plane), and with the xbstar planes of what the task's remembered
   * marked reads of the same bytes received (overwrite & int in ppo; {@code readClock}, what an
   * RMW's own read received, is skipped: the caller forwards it whole); null when none of them
   * adds anything. Those reads themselves are not named: naming them in the D plane of every such
   * store made the simulator trace's clocks carry a set member per read-then-write and cost a third
   * more time, so the checker decides it where a race would be recorded
   * (AccessChecker.orderedThroughOwnWrite).
   */
  static VectorClock forward(EventCursor e, int task, RecentLoads loads, VectorClock base,
      VectorClock readClock) {
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
    // overwrite & int is ppo: what the task's marked reads of the location received is xbstar-
    // ordered before the write, so before its readers (the reads themselves are not named: see
    // above)
    VectorClock joined = readClock; // an RMW forwards the clock its own read received in full
    for (long slots = loads.overlappingSlots(e.addr, e.size); slots != 0; slots &= slots - 1) {
      Dependency d = loads.loadAt(Long.numberOfTrailingZeros(slots));
      if (d != null && d.clock() != null && d.clock() != joined) {
        if (forwarded == null) {
          forwarded = base.copy();
        }
        forwarded.joinPlanes(d.clock(), TaskClocks.xbPlanes());
        joined = d.clock(); // polls of one store in a row received one clock
      }
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
    forwardLoad(d, task, loads.loadEpoch(loadId), c);
    return c;
  }

  /**
   * Joins into {@code into} the xbstar planes of what a marked load of task {@code task} at epoch
   * {@code loadEpoch} received ({@code d}), and names the load itself in the task's D entry.
   */
  static void forwardLoad(Dependency d, int task, int loadEpoch, VectorClock into) {
    if (d.clock() != null) {
      into.joinPlanes(d.clock(), TaskClocks.xbPlanes());
    }
    into.addExact(Plane.index(task, Plane.D), loadEpoch);
  }
}
