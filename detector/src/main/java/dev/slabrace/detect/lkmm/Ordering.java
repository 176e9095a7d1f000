package dev.slabrace.detect.lkmm;

import dev.slabrace.detect.clock.Plane;
import dev.slabrace.detect.clock.VectorClock;

/**
 * The race condition of the Linux kernel memory model for one pair of conflicting accesses: whether an
 * earlier access A of task u at epoch c is ordered before a later access B, given the clocks B's task
 * holds for its reads and its writes.
 *
 * <pre>
 * Implementation notes (linux-kernel.cat, "Plain accesses and data races")
 *
 *   A write, B read    wr-race unless wr-vis:  A visible to B's reads
 *   A read,  B write   rw-race unless rw-xbstar:  A's R entry reached B's writes
 *   A write, B write   ww-race unless ww-nonrace =
 *                        ww-vis (A visible to B's writes)
 *                        and (A marked, or rw-xbstar: a plain store may also load)
 *                        and (B marked, or wr-vis to B's reads)
 *   B an RMW is a marked read and a marked write: both conditions.
 * "Visible" is the W or WX entry, or the S set when A is a marked store that B's task read
 * directly, or the SX set when A is a marked store read (or made visible by cumul-fence) before a
 * strong fence from which an xbstar chain reaches B.
 * "rw-xbstar" is the R entry, or for a marked read A the D set (the reads a dependency ordered) or
 * the M entry (marked reads before an unlock its task's own lock read).
 * A dependency clock, when B's address came from a marked load, counts as applied to B alone
 * (addr in w-pre-bounded and r-pre-bounded); a data or control dependency's, to B's write alone
 * (rwdep ; [W] in ppo: the read half of an RMW is not ordered by it).
 * </pre>
 */
public final class Ordering {
  private Ordering() {}

  /**
   * Whether the earlier access {@code a} of task {@code u} at epoch {@code c} is ordered before the
   * later access {@code b}, whose task checks reads against {@code forReads} and writes against
   * {@code forWrites}; {@code bound} is what b's address dependency and the store it reads
   * received, {@code writeBound} that and what its data and control dependencies received, which
   * order its write only (Dependencies; either null if nothing).
   */
  public static boolean ordered(int u, int c, AccessKind a, AccessKind b,
      VectorClock forReads, VectorClock forWrites, Dependency bound, Dependency writeBound) {
    if (!a.writes()) {
      return xbstar(forWrites, writeBound, u, c, a.marked());
    }
    boolean aStore = a.marked();
    if (b.reads() && !visible(forReads, bound, u, c, aStore)) {
      return false;
    }
    if (b.writes()) {
      if (!visible(forWrites, writeBound, u, c, aStore)) {
        return false;
      }
      if (!a.marked() && !xbstar(forWrites, writeBound, u, c, false)) {
        return false;
      }
      if (!b.marked() && !b.reads() && !visible(forReads, bound, u, c, aStore)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether marked store {@code c} of task {@code u} is visible to a write whose task checks writes
   * against {@code forWrites}, {@code writeBound} what its dependencies received (null if none): a
   * chain of hb edges then leads from the store to an event that w-pre-bounds the write
   * (AccessChecker.orderedThroughOwnWrite).
   */
  public static boolean visibleToWrite(int u, int c, VectorClock forWrites, Dependency writeBound) {
    return visible(forWrites, writeBound, u, c, true);
  }

  /**
   * Whether {@code clock} orders marked read {@code c} of task {@code u} before its holder: u's R or
   * M entry, or u's D set (TaskState.ownReadsReturned).
   */
  public static boolean markedReadOrderedIn(VectorClock clock, int u, int c) {
    return xbstarIn(clock, u, c, true);
  }

  /**
   * Whether {@code clock} orders marked read {@code read} of task {@code u} before its holder through
   * u's marked store {@code store} to the read's location at or after it (-1: none known; an RMW's
   * write shares its read's epoch), {@code direct} being the epoch of u's store the holder's own read
   * read (-1: none of u's): fr & int is in overwrite & int, in ppo, so the read is xbstar-before
   * whatever the store is, and the store is when the clock's R entry covers it, the clock makes it
   * visible (cumul-fence and rfe are hb edges between marked events) or it is that direct store.
   */
  public static boolean overwrittenIn(VectorClock clock, int u, int read, int store, int direct) {
    return store >= read && (store == direct || storeOrderedIn(clock, u, store));
  }

  /** Whether marked store {@code store} of task {@code u} is xbstar-before {@code clock}'s holder. */
  public static boolean storeOrderedIn(VectorClock clock, int u, int store) {
    return store <= clock.get(Plane.index(u, Plane.R)) || visibleIn(clock, u, store, true);
  }

  /** Whether {@code clock} alone orders A before B (an RCU grace-period clock, applied to B's section). */
  public static boolean orderedBy(VectorClock clock, int u, int c, AccessKind a, AccessKind b) {
    return ordered(u, c, a, b, clock, clock, null, null);
  }

  private static boolean visible(VectorClock clock, Dependency dep, int u, int c, boolean markedStore) {
    if (visibleIn(clock, u, c, markedStore)) {
      return true;
    }
    if (dep == null) {
      return false;
    }
    if (markedStore && dep.writer() == u && dep.writerEpoch() == c) {
      return true;
    }
    return dep.clock() != null && visibleIn(dep.clock(), u, c, markedStore);
  }

  /** Whether write {@code c} of task {@code u} is visible in {@code clock}: W, WX, S or SX. */
  static boolean visibleIn(VectorClock clock, int u, int c, boolean markedStore) {
    return c <= clock.get(Plane.index(u, Plane.W))
        || c <= clock.get(Plane.index(u, Plane.WX))
        || (markedStore && (clock.hasExact(Plane.index(u, Plane.S), c)
            || clock.hasExact(Plane.index(u, Plane.SX), c)));
  }

  private static boolean xbstar(VectorClock clock, Dependency dep, int u, int c, boolean markedRead) {
    return xbstarIn(clock, u, c, markedRead)
        || (dep != null && dep.clock() != null && xbstarIn(dep.clock(), u, c, markedRead));
  }

  /**
   * Whether {@code clock} holds an entry of task {@code u}, in any plane, newer than epoch {@code
   * c}: a marked event of u after c is ordered before the holder (AccessChecker.orderedAfterAcquire).
   * An exact plane's entry is its newest member.
   */
  public static boolean hasLater(VectorClock clock, int u, int c) {
    for (int p = 0; p < Plane.COUNT; p++) {
      if (clock.get(Plane.index(u, p)) > c) {
        return true;
      }
    }
    return false;
  }

  /**
   * R covers a prefix of u's accesses; D names the marked reads that a dependency ordered, M a
   * prefix of u's marked reads.
   */
  private static boolean xbstarIn(VectorClock clock, int u, int c, boolean markedRead) {
    return c <= clock.get(Plane.index(u, Plane.R))
        || (markedRead && (clock.hasExact(Plane.index(u, Plane.D), c)
            || c <= clock.get(Plane.index(u, Plane.M))));
  }
}
