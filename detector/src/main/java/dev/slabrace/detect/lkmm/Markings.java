package dev.slabrace.detect.lkmm;

import dev.slabrace.detect.clock.Plane;
import dev.slabrace.detect.clock.VectorClock;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;

/**
 * What a marked load, store or RMW does to its task's clocks, by its marking ({@code mo}): the
 * acquire, release and strong-fence parts of each, and what a store's clock carries to the loads
 * that read it.
 */
public final class Markings {
  private Markings() {}

  /** Whether {@code e} is a fully ordered RMW that succeeded: a strong fence on both sides. */
  public static boolean fullyOrdered(EventCursor e) {
    return e.op == Op.RMW && e.ok && e.mo == MemOrder.FULL;
  }

  /**
   * Before the access: an RMW, failed or not, completes a pending smp_mb__before_atomic()
   * (linux-kernel.bell: RMW includes FailedRMW), and a fully ordered one that succeeded begins with
   * a strong fence (strong-fence, mb).
   */
  public static void before(EventCursor e, TaskClocks k) {
    if (e.op == Op.RMW) {
      k.beforeRmw(fullyOrdered(e));
    }
  }

  /**
   * After the access: a fully ordered RMW that succeeded ends with a strong fence (strong-fence,
   * mb), and any RMW is what a later smp_mb__after_atomic() orders from.
   */
  public static void after(EventCursor e, TaskClocks k) {
    if (e.op == Op.RMW) {
      k.afterRmw(fullyOrdered(e));
    }
  }

  /**
   * Whether the marked read {@code e} is an acquire: smp_load_acquire, an acquire or full RMW that
   * succeeded.
   */
  public static boolean acquires(EventCursor e) {
    return e.ok && acquires(e.mo);
  }

  /** Whether a read marked {@code mo} is an acquire (if it is an RMW, one that succeeded). */
  public static boolean acquires(MemOrder mo) {
    return mo == MemOrder.ACQUIRE || mo == MemOrder.FULL;
  }

  /** Whether the marked write {@code e} is a release: smp_store_release, a release or full RMW. */
  public static boolean releases(EventCursor e) {
    return releases(e.mo);
  }

  /** Whether a write marked {@code mo} is a release. */
  public static boolean releases(MemOrder mo) {
    return mo == MemOrder.RELEASE || mo == MemOrder.FULL;
  }

  /**
   * The marked read {@code e} read a store carrying {@code clock}, written by {@code writer} at
   * {@code writerEpoch} (a writer of -1: none known): an acquire applies it to everything later
   * (acq-po), a relaxed read keeps it pending for a later fence (rmb, mb, acquire fence).
   */
  public static void receive(EventCursor e, TaskClocks k, VectorClock clock, int writer,
      int writerEpoch) {
    boolean acquire = acquires(e);
    if (clock != null || writer >= 0) {
      if (acquire) {
        k.receiveAcquire(clock == null ? new VectorClock() : clock, writer, writerEpoch);
      } else {
        k.receiveRelaxed(clock == null ? new VectorClock() : clock, writer, writerEpoch);
      }
    }
  }

  /**
   * Returns the clock the marked write {@code e} carries to the loads that read it: a release's or
   * a relaxed store's (po-rel, cumul-fence), with the xbstar planes of what its dependencies' loads
   * received (ppo into a marked write, Dependencies.forward) and, for an RMW, the clock of the
   * store it read ({@code readClock}, null if none) and that store itself, if it was a marked one
   * ({@code writer} at {@code writerEpoch}; -1: none) in the S plane: an RMW continues the release
   * sequence of the store it read (rmw-sequence, in cumul-fence and in w-post-bounded = fence? ;
   * [Marked] ; rmw-sequence, so a load that reads the RMW's write makes that store visible too).
   */
  public static VectorClock publish(EventCursor e, TaskClocks k, RecentLoads loads,
      VectorClock readClock, int writer, int writerEpoch) {
    VectorClock clock = releases(e) ? k.publishRelease() : k.publishRelaxed();
    VectorClock forwarded = Dependencies.forward(e, k.task(), loads, clock,
        e.isRead() ? readClock : null);
    if (e.isRead()) {
      // an RMW: its write continues the release sequence of the store its read read
      k.continueReleaseSequence(readClock, readClock == null ? -1 : writer, writerEpoch);
      VectorClock afterRmb = k.afterRmb();
      if (readClock != null || writer >= 0 || afterRmb != null) {
        if (forwarded == null) {
          forwarded = clock.copy();
        }
        forwarded.join(readClock);
        if (writer >= 0) {
          forwarded.addExact(Plane.index(writer, Plane.S), writerEpoch);
        }
        if (afterRmb != null) {
          // the RMW's read follows an smp_rmb(): what that read carries precedes the RMW's write
          forwarded.joinPlanes(afterRmb, TaskClocks.xbPlanes());
        }
      }
    }
    return forwarded != null ? forwarded : clock;
  }
}
