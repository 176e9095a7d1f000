package dev.slabrace.detect.clock;

/**
 * The seven entries a vector clock keeps per task, one per way an earlier access can be ordered
 * before a later one in the Linux kernel memory model (tools/memory-model/linux-kernel.cat); a
 * task's entries are padded to eight clock indexes (STRIDE), the last one holding no plane
 * (VectorClock keeps a chunk's mark in its first task's).
 *
 * <pre>
 * Implementation notes
 *
 * The LKMM orders a plain access only through bounds: a write W is w-post-bounded by a fence (smp_wmb,
 * a release, a strong fence) before a marked event, a read R is r-post-bounded only by a non-rw fence
 * (release, strong fence) or smp_rmb [1]. From the bounding marked event the ordering then travels two
 * different ways:
 *   vis    = cumul-fence* ; rfe? ; [Marked] ; (full-fence ; xbstar | xbstar & int)
 *            needed by an earlier write (wr-vis, ww-vis): only releases and strong fences forward
 *            what a task has read (A-cumulativity); smp_wmb forwards the task's own stores only.
 *   xbstar = (hb | pb | rb)*
 *            needed by an earlier read (rw-xbstar) and by an earlier plain write racing with a later
 *            write (the compiler may add loads to a plain store): any marked reads-from is an edge,
 *            and a task forwards along preserved program order (dependencies, fences, acquire).
 * A write followed by a strong fence on its own task (wr-vis = strong-fence ; xbstar ; r-pre-bounded
 * in the LKMM's plain-access rules [1]), or that reached a task through vis and then passed a strong
 * fence there (vis = ... ; rfe ; strong-fence ; xbstar), travels like xbstar from there on: smp_mb
 * cumulativity through relaxed hops. A marked store read directly by a marked load is ordered
 * before what that load bounds, without any fence after the store; once a strong fence follows
 * that load (vis = cumul-fence* ; rfe ; [Marked] ; strong-fence ; xbstar), the store too travels
 * like xbstar, alone: the writer's accesses before it are not bounded by it.
 *
 * So a clock keeps, per task u:
 *   W   writes of u with epoch <= W[u] are visible (vis channel);
 *   R   accesses of u with epoch <= R[u] are ordered by xbstar (rw-xbstar);
 *   WX  writes of u with epoch <= WX[u] are followed by a strong fence and travel by xbstar;
 *   S   the marked stores of u whose epochs are in the set S[u] were read by a marked load;
 *   SX  the marked stores of u whose epochs are in the set SX[u] were read by a marked load (or
 *       made visible to one by cumul-fence) and a strong fence followed that load: they travel by
 *       xbstar, as WX does for a prefix of u's writes. A strong fence adds S to SX
 *       (VectorClock.promoteVisibleWrites);
 *   D   the marked reads of u whose epochs are in the set D[u] are ordered by xbstar: a dependency
 *       (addr, data, ctrl) runs from each into a marked store (rwdep in ppo), so it is ordered
 *       before what that store's readers are. Sets, not prefixes: the accesses before such an
 *       event are not bounded by it, a task's marked accesses each get an epoch of their own, and
 *       a clock keeps every member (VectorClock's side array; past hundreds not covered by a
 *       fence of their task, the older ones go, an over-report), so that no event is hidden by a
 *       newer one of its task. D and M are checked for marked reads only, S and SX for marked
 *       writes only;
 *   M   the marked reads of u with epoch <= M[u] are ordered by xbstar: they precede an unlock that
 *       u's own next lock of the same lock read (po-unlock-lock-po & int in ppo, marked ends
 *       only), and u's later marked stores carry them. Plain accesses are not covered: rfi is not
 *       in hb, so the pair bounds none.
 * [1] linux-kernel.cat, "Plain accesses and data races": w-pre-bounded, r-pre-bounded,
 *     w-post-bounded, r-post-bounded, ww-vis, wr-vis, rw-xbstar, ww-nonrace, wr-race, rw-race;
 *     the project's reference (docs/lkmm.md) gives wr-vis and ww-vis with their
 *     "strong-fence ; xbstar" alternative, and that is the judge followed here.
 * </pre>
 */
public final class Plane {
  /** Writes made visible through the vis channel. */
  public static final int W = 0;
  /** Accesses ordered through xbstar (r-post-bounded). */
  public static final int R = 1;
  /** Writes that passed a strong fence and travel through xbstar. */
  public static final int WX = 2;
  /** The marked stores a marked load read directly (a set). */
  public static final int S = 3;
  /** The marked reads ordered by a dependency into a marked store (a set). */
  public static final int D = 4;
  /** The marked reads before an unlock that the task's own next lock of the lock orders. */
  public static final int M = 5;
  /** The marked stores read before a strong fence, which travel by xbstar (a set). */
  public static final int SX = 6;
  /** Planes per task. */
  public static final int COUNT = 7;
  /** log2 of the clock indexes per task: the planes padded to eight, so that shifts find them. */
  public static final int TASK_SHIFT = 3;
  /** Clock indexes per task (one unused after the planes). */
  public static final int STRIDE = 1 << TASK_SHIFT;

  private Plane() {}

  /** Returns the clock index of task {@code task}'s entry in plane {@code plane}. */
  public static int index(int task, int plane) {
    return task << TASK_SHIFT | plane;
  }

  /** Returns the task of clock index {@code index}. */
  public static int taskOf(int index) {
    return index >>> TASK_SHIFT;
  }

  /** Returns the plane of clock index {@code index}. */
  public static int planeOf(int index) {
    return index & (STRIDE - 1);
  }
}
