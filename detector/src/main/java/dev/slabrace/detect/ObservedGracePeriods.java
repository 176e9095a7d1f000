package dev.slabrace.detect;

import dev.slabrace.detect.clock.VectorClock;
import dev.slabrace.detect.lkmm.RcuEdges;

/**
 * The grace periods one task's marked reads have seen post-grace-period stores of: all of them
 * (observed: they order its sections ending later) and those seen before its last section ended
 * (ordered: they order its accesses after that section).
 *
 * <pre>
 * Implementation notes
 *
 * rcu-link = po? ; hb* ; pb* ; prop ; po ends with po at a section's unlock, and rcu-fence = po ;
 * rcu-order ; po? runs on past the unlock (LKMM; litmus-disagreements sections 9 and 11). Each
 * set is a join of grace-period start clocks, needed only to decide a race: joining at every read
 * cost the simulator trace about 8% (a join with exact sets is dear, and readers see a new start
 * clock at every call_rcu callback). So start clocks wait in a short list, each once by identity,
 * and are joined when a race is decided (observed at the unlock of a section with races kept,
 * ordered at a race outside sections) or when the list is full. Invariant: the observed set is
 * observed joined with pending[0, count); the ordered set is ordered joined with pending[0,
 * orderedCount); orderedCount &lt;= count, since a start joins ordered only through observed.
 * </pre>
 */
final class ObservedGracePeriods {
  /** How many start clocks wait to be joined, at most. */
  private static final int PENDING = 16;

  private VectorClock observed;
  private VectorClock ordered;
  private final VectorClock[] pending = new VectorClock[PENDING];
  private int count;
  private int orderedCount;
  /** Whether observed has grown (by a join) since ordered was last made equal to it. */
  private boolean observedGrew;

  /** A marked read saw a store carrying grace start {@code graceStart}. */
  void observe(VectorClock graceStart) {
    for (int i = 0; i < count; i++) {
      if (pending[i] == graceStart) {
        return;
      }
    }
    if (count == PENDING) {
      join();
    }
    pending[count++] = graceStart;
  }

  /** The task's section ended: what it has observed now orders its later accesses. */
  void sectionEnded() {
    if (observedGrew) {
      ordered = observed.copy();
      observedGrew = false;
    }
    orderedCount = count;
  }

  /** The observed set as one clock, or null if empty. */
  VectorClock observed() {
    if (count > 0) {
      join();
    }
    return observed;
  }

  /** The ordered set as one clock, or null if empty. */
  VectorClock ordered() {
    if (orderedCount > 0) {
      join();
    }
    return ordered;
  }

  /** Whether the ordered set is empty (cheap: no join). */
  boolean noneOrdered() {
    return ordered == null && orderedCount == 0;
  }

  private void join() {
    for (int i = 0; i < count; i++) {
      observed = RcuEdges.observe(observed, pending[i]);
      if (i < orderedCount) {
        ordered = RcuEdges.observe(ordered, pending[i]);
      }
      pending[i] = null;
    }
    // ordered joined exactly pending[0, orderedCount), as observed did: equal again if they were
    observedGrew = observedGrew || count > orderedCount;
    count = 0;
    orderedCount = 0;
  }
}
