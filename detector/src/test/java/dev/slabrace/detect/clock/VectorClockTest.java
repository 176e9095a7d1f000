package dev.slabrace.detect.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

final class VectorClockTest {
  @Test
  void join_takesTheMaximumOfEachEntry() {
    VectorClock a = new VectorClock();
    VectorClock b = new VectorClock();
    a.set(Plane.index(0, Plane.W), 5);
    a.set(Plane.index(1, Plane.R), 2);
    b.set(Plane.index(1, Plane.R), 7);
    b.set(Plane.index(2, Plane.S), 3);
    a.join(b);
    assertEquals(5, a.get(0, Plane.W));
    assertEquals(7, a.get(1, Plane.R));
    assertEquals(3, a.get(2, Plane.S));
    assertEquals(0, a.get(9, Plane.WX));
  }

  @Test
  void joinPlanes_leavesOtherPlanesAlone() {
    VectorClock a = new VectorClock();
    VectorClock b = new VectorClock();
    b.set(Plane.index(0, Plane.W), 4);
    b.set(Plane.index(0, Plane.R), 6);
    a.joinPlanes(b, 1 << Plane.R);
    assertEquals(0, a.get(0, Plane.W));
    assertEquals(6, a.get(0, Plane.R));
  }

  @Test
  void repeatedJoinsAndCopies_growOnlyToTheTasksMentioned() {
    // regression: growth by doubling compounded from clock to clock until the heap ran out
    VectorClock[] clocks = new VectorClock[4];
    for (int i = 0; i < clocks.length; i++) {
      clocks[i] = new VectorClock();
      clocks[i].set(Plane.index(i + 4, Plane.W), 1);
    }
    for (int round = 0; round < 100; round++) {
      for (int i = 0; i < clocks.length; i++) {
        VectorClock next = clocks[(i + 1) % clocks.length].copy();
        next.join(clocks[i]);
        clocks[i] = next;
      }
    }
    for (VectorClock c : clocks) {
      assertEquals(8 * Plane.COUNT, c.capacity());
    }
  }

  @Test
  void promoteVisibleWrites_raisesWxToW() {
    VectorClock a = new VectorClock();
    a.set(Plane.index(1, Plane.W), 9);
    a.set(Plane.index(1, Plane.WX), 3);
    a.promoteVisibleWrites();
    assertEquals(9, a.get(1, Plane.WX));
  }
}
