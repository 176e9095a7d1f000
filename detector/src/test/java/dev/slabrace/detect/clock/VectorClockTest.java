package dev.slabrace.detect.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

final class VectorClockTest {
  @Test
  void join_takesTheMaximumOfEachEntry() {
    VectorClock a = new VectorClock();
    VectorClock b = new VectorClock();
    a.raise(Plane.index(0, Plane.W), 5);
    a.raise(Plane.index(1, Plane.R), 2);
    b.raise(Plane.index(1, Plane.R), 7);
    b.raise(Plane.index(2, Plane.S), 3);
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
    b.raise(Plane.index(0, Plane.W), 4);
    b.raise(Plane.index(0, Plane.R), 6);
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
      clocks[i].raise(Plane.index(i + 4, Plane.W), 1);
    }
    for (int round = 0; round < 100; round++) {
      for (int i = 0; i < clocks.length; i++) {
        VectorClock next = clocks[(i + 1) % clocks.length].copy();
        next.join(clocks[i]);
        clocks[i] = next;
      }
    }
    for (VectorClock c : clocks) {
      assertEquals(8 * Plane.STRIDE, c.capacity());
    }
  }

  @Test
  void promoteVisibleWrites_raisesWxToW() {
    VectorClock a = new VectorClock();
    a.raise(Plane.index(1, Plane.W), 9);
    a.raise(Plane.index(1, Plane.WX), 3);
    a.promoteVisibleWrites();
    assertEquals(9, a.get(1, Plane.WX));
  }

  @Test
  void promoteVisibleWrites_addsEveryStoreReadToSx_whichTheXbstarPlanesCarry() {
    VectorClock a = new VectorClock();
    a.addExact(Plane.index(2, Plane.S), 4);
    a.addExact(Plane.index(2, Plane.S), 8);
    a.addExact(Plane.index(3, Plane.S), 5);
    a.promoteVisibleWrites();
    assertTrue(a.hasExact(Plane.index(2, Plane.SX), 4));
    assertTrue(a.hasExact(Plane.index(2, Plane.SX), 8));
    assertTrue(a.hasExact(Plane.index(3, Plane.SX), 5));
    assertFalse(a.hasExact(Plane.index(2, Plane.SX), 6));

    // a dependency or preserved program order carries SX, never S
    VectorClock b = new VectorClock();
    b.joinPlanes(a, 1 << Plane.R | 1 << Plane.WX | 1 << Plane.D | 1 << Plane.M | 1 << Plane.SX);
    assertTrue(b.hasExact(Plane.index(2, Plane.SX), 4));
    assertTrue(b.hasExact(Plane.index(2, Plane.SX), 8));
    assertFalse(b.hasExact(Plane.index(2, Plane.S), 8));
  }

  @Test
  void sxMembers_areCoveredByWxOnly() {
    VectorClock a = new VectorClock();
    a.raise(Plane.index(0, Plane.W), 100);
    for (int e = 1; e <= 40; e++) {
      a.addExact(Plane.index(0, Plane.SX), e);
    }
    // W does not travel with SX, so it covers nothing there: every member stays
    for (int e = 1; e <= 40; e++) {
      assertTrue(a.hasExact(Plane.index(0, Plane.SX), e), "member " + e);
    }
  }

  @Test
  void exactPlanes_keepEveryMember_acrossJoinsAndCopies() {
    // two marked stores of task 2 read directly: neither hides the other (LKMM: rfe orders one store)
    int s = Plane.index(2, Plane.S);
    VectorClock a = new VectorClock();
    a.addExact(s, 9);
    VectorClock b = new VectorClock();
    b.addExact(s, 4);
    b.addExact(s, 6);
    a.join(b);
    VectorClock c = a.copy();
    for (int e : new int[] {4, 6, 9}) {
      assertTrue(c.hasExact(s, e), "member " + e + " of " + c);
    }
    assertFalse(c.hasExact(s, 5), c.toString());
    assertFalse(c.hasExact(s, 10), c.toString());
    assertEquals(9, c.get(2, Plane.S));
  }

  @Test
  void joinPlanes_unitesOnlyTheMaskedSets() {
    int d = Plane.index(1, Plane.D);
    int s = Plane.index(1, Plane.S);
    VectorClock b = new VectorClock();
    b.addExact(d, 3);
    b.addExact(d, 8);
    b.addExact(s, 5);
    b.addExact(s, 7);
    VectorClock a = new VectorClock();
    a.addExact(d, 5);
    a.joinPlanes(b, 1 << Plane.D);
    assertTrue(a.hasExact(d, 3) && a.hasExact(d, 5) && a.hasExact(d, 8), a.toString());
    assertFalse(a.hasExact(s, 5) || a.hasExact(s, 7), a.toString());
  }

  @Test
  void assign_makesAnIndependentEqualClock_fromALargerOrSmallerOne() {
    int s = Plane.index(1, Plane.S);
    VectorClock source = new VectorClock();
    source.addExact(s, 4);
    source.addExact(s, 7);
    source.raise(Plane.index(0, Plane.W), 5);
    VectorClock target = new VectorClock();
    target.raise(Plane.index(3, Plane.R), 9); // more tasks than the source: must not survive
    target.addExact(Plane.index(3, Plane.D), 2);
    target.addExact(Plane.index(3, Plane.D), 6);
    target.assign(source);
    assertEquals(5, target.get(0, Plane.W));
    assertEquals(7, target.get(1, Plane.S));
    assertEquals(0, target.get(3, Plane.R));
    assertFalse(target.hasExact(Plane.index(3, Plane.D), 2), target.toString());
    assertTrue(target.hasExact(s, 4) && target.hasExact(s, 7), target.toString());
    // the two share the side array only until one changes
    target.addExact(s, 2);
    source.addExact(s, 3);
    assertFalse(source.hasExact(s, 2), source.toString());
    assertFalse(target.hasExact(s, 3), target.toString());
    VectorClock small = new VectorClock();
    small.assign(target);
    assertEquals(target.toString(), small.toString()); // grown to exactly the tasks it holds
  }

  @Test
  void withoutTask_dropsThatTasksMembersOnly() {
    VectorClock a = new VectorClock();
    a.addExact(Plane.index(0, Plane.D), 2);
    a.addExact(Plane.index(0, Plane.D), 4);
    a.addExact(Plane.index(1, Plane.D), 3);
    a.addExact(Plane.index(1, Plane.D), 6);
    a.raise(Plane.index(0, Plane.R), 1);
    VectorClock b = a.withoutTask(0);
    assertFalse(b.hasExact(Plane.index(0, Plane.D), 2) || b.hasExact(Plane.index(0, Plane.D), 4));
    assertEquals(0, b.get(0, Plane.R));
    assertTrue(b.hasExact(Plane.index(1, Plane.D), 3) && b.hasExact(Plane.index(1, Plane.D), 6));
    assertTrue(a.hasExact(Plane.index(0, Plane.D), 2), "the original is left as it was");
  }

  @Test
  void membersThatAPrefixCovers_areDroppedAsTheSetGrows() {
    // thousands of stores read of one writer that fences now and then: the side array stays small
    VectorClock a = new VectorClock();
    int s = Plane.index(3, Plane.S);
    for (int e = 1; e <= 10_000; e++) {
      a.addExact(s, e);
      if (e % 10 == 0) {
        a.raise(Plane.index(3, Plane.W), e);
      }
    }
    for (int e = 9_991; e <= 10_000; e++) {
      assertTrue(a.hasExact(s, e) || e <= a.get(3, Plane.W), "member " + e);
    }
    assertTrue(a.toString().length() < 1000, "covered members were dropped: " + a);
  }

  @Test
  void aWriterThatNeverFences_keepsTheSetBounded_andItsNewestMembers() {
    // one task reads store after store of a writer that never fences: no prefix covers them
    VectorClock a = new VectorClock();
    int s = Plane.index(1, Plane.S);
    for (int e = 1; e <= 100_000; e++) {
      a.addExact(s, e);
    }
    for (int e = 100_000 - 100; e <= 100_000; e++) {
      assertTrue(a.hasExact(s, e), "newest members stay: " + e);
    }
    assertFalse(a.hasExact(s, 1), "the oldest went");
    // and members of many tasks, one each, still leave a bounded clock
    VectorClock b = new VectorClock();
    for (int task = 2; task < 2 + 3 * VectorClock.MAX_MEMBERS; task++) {
      b.addExact(Plane.index(task, Plane.D), 1);
      b.addExact(Plane.index(task, Plane.D), 2);
    }
    a.join(b);
    assertTrue(a.hasExact(Plane.index(2 + 3 * VectorClock.MAX_MEMBERS - 1, Plane.D), 2));
    assertTrue(a.toString().split("=").length < 2 * VectorClock.MAX_MEMBERS, "bounded: " + a.toString().length());
  }
}
