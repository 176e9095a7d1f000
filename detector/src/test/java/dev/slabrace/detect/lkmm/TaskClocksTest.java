package dev.slabrace.detect.lkmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.detect.clock.Plane;
import dev.slabrace.detect.clock.VectorClock;
import org.junit.jupiter.api.Test;

/**
 * What a task's later reads and writes are checked against after each kind of edge, where the two
 * clocks are one object until an edge applies to one side only (smp_rmb).
 */
final class TaskClocksTest {
  private static final int W1 = Plane.index(1, Plane.W);
  private static final int W2 = Plane.index(2, Plane.W);
  private static final int S2 = Plane.index(2, Plane.S);

  private static VectorClock released(int index, int epoch) {
    VectorClock c = new VectorClock();
    c.raise(index, epoch);
    return c;
  }

  @Test
  void lockThenRelaxedReadThenRmb_ordersLaterReadsOnly() {
    TaskClocks k = new TaskClocks(0);
    k.acquireFull(released(W1, 7)); // a lock: both sides
    k.receiveRelaxed(released(W2, 4), 2, 5); // READ_ONCE of task 2's store at epoch 5
    k.readFence(); // smp_rmb: later reads only

    assertEquals(7, k.forReads().get(W1));
    assertEquals(7, k.forWrites().get(W1));
    assertEquals(4, k.forReads().get(W2));
    assertTrue(k.forReads().hasExact(S2, 5));
    assertEquals(0, k.forWrites().get(W2), "smp_rmb orders no later write");
    assertFalse(k.forWrites().hasExact(S2, 5), "smp_rmb orders no later write");
  }

  @Test
  void edgesToBothSides_afterTheyDiffer_reachBoth_andKeepTheDifference() {
    TaskClocks k = new TaskClocks(0);
    k.receiveRelaxed(released(W2, 4), 2, 5);
    k.readFence();
    k.acquireFull(released(W1, 3));
    k.strongFence(); // smp_mb: what is pending reaches writes too now

    assertEquals(3, k.forReads().get(W1));
    assertEquals(3, k.forWrites().get(W1));
    assertEquals(4, k.forWrites().get(W2));
    assertTrue(k.forWrites().hasExact(S2, 5));
  }

  @Test
  void aPublishedClock_isASnapshot_thatLaterEdgesLeaveAlone() {
    TaskClocks k = new TaskClocks(0);
    k.acquireFull(released(W1, 2));
    VectorClock unlock = k.publishRelease();
    VectorClock wakeup = k.publishFull();
    k.acquireFull(released(W1, 9));
    k.receiveAcquire(released(W2, 6), 2, 6);

    assertEquals(2, unlock.get(W1));
    assertEquals(2, wakeup.get(W1));
    assertEquals(0, unlock.get(W2));
    assertEquals(9, k.forReads().get(W1));
    assertEquals(6, k.forWrites().get(W2));
  }
}
