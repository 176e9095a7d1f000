package dev.slabrace.detect;

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
 * "Visible" is the W or WX entry, or the S entry when A is a marked store that B's task read directly.
 * A dependency clock, when B's address came from a marked load, counts as applied to B alone
 * (addr in w-pre-bounded and r-pre-bounded).
 * </pre>
 */
final class Ordering {
  private Ordering() {}

  /** A dependency that pre-bounds one access: what its marked load received. */
  record Dependency(VectorClock clock, int writer, int writerEpoch) {
    /** A load that read no store with a clock: it orders nothing. */
    static final Dependency NONE = new Dependency(null, -1, 0);
  }

  static boolean ordered(
      int u, int c, boolean aWrite, boolean aMarked,
      boolean bRead, boolean bWrite, boolean bMarked,
      VectorClock forReads, VectorClock forWrites, Dependency dep) {
    if (!aWrite) {
      return xbstar(forWrites, dep, u, c);
    }
    boolean aStore = aMarked;
    if (bRead && !visible(forReads, dep, u, c, aStore)) {
      return false;
    }
    if (bWrite) {
      if (!visible(forWrites, dep, u, c, aStore)) {
        return false;
      }
      if (!aMarked && !xbstar(forWrites, dep, u, c)) {
        return false;
      }
      if (!bMarked && !bRead && !visible(forReads, dep, u, c, aStore)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code clock} alone orders A before B (an RCU grace-period clock, applied to B's section). */
  static boolean orderedBy(VectorClock clock, int u, int c, boolean aWrite, boolean aMarked,
      boolean bRead, boolean bWrite, boolean bMarked) {
    return ordered(u, c, aWrite, aMarked, bRead, bWrite, bMarked, clock, clock, null);
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

  private static boolean visibleIn(VectorClock clock, int u, int c, boolean markedStore) {
    return c <= clock.get(Plane.index(u, Plane.W))
        || c <= clock.get(Plane.index(u, Plane.WX))
        || (markedStore && c == clock.get(Plane.index(u, Plane.S)));
  }

  private static boolean xbstar(VectorClock clock, Dependency dep, int u, int c) {
    return c <= clock.get(Plane.index(u, Plane.R))
        || (dep != null && dep.clock() != null && c <= dep.clock().get(Plane.index(u, Plane.R)));
  }
}
