package dev.slabrace.detect.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.detect.clock.Plane;
import dev.slabrace.detect.clock.VectorClock;
import org.junit.jupiter.api.Test;

/** What the store table gives an rf naming an old store, and when it keeps none. */
final class StoreTableTest {
  /** A clock that knows task 0's writes up to {@code epoch}. */
  static VectorClock clock(int epoch) {
    VectorClock c = new VectorClock();
    c.raise(Plane.index(0, Plane.W), epoch);
    return c;
  }

  @Test
  void onceRfIsSeen_everyStoreIsFound_withWhatItCarries() {
    StoreTable table = new StoreTable(1000);
    table.readsFromSeen();
    VectorClock grace = clock(7);
    VectorClock[] clocks = new VectorClock[20_000];
    for (int i = 0; i < clocks.length; i++) {
      clocks[i] = clock(i);
      table.add(3L * i + 1, clocks[i], i % 5, i, i % 2 == 0 ? grace : null);
    }
    assertEquals(20_000, table.size());
    for (int i = 0; i < clocks.length; i++) {
      long index = table.find(3L * i + 1);
      assertSame(clocks[i], table.clock(index));
      assertEquals(i % 5, table.writer(index));
      assertEquals(i, table.epoch(index));
      assertSame(i % 2 == 0 ? grace : null, table.graceClock(index));
      assertEquals(-1, table.find(3L * i + 2), "an id between stores");
    }
    assertEquals(-1, table.find(0));
    assertEquals(-1, table.find(60_000));
    assertEquals(0, table.lost());
    assertFalse(table.forgotten(1));
  }

  @Test
  void withoutRf_theTableIsGivenUpPastItsBudget_andResumedAtTheFirstRf() {
    StoreTable table = new StoreTable(24 * 100);
    VectorClock shared = clock(1);
    for (int i = 0; i < 200; i++) {
      table.add(i, shared, 0, i, null);
    }
    assertEquals(0, table.size(), "given up");
    assertEquals(200, table.lost());
    assertEquals(-1, table.find(5));
    assertTrue(table.forgotten(5));
    assertTrue(table.forgotten(199));
    table.readsFromSeen();
    for (int i = 200; i < 10_000; i++) {
      table.add(i, shared, 0, i, null);
    }
    assertEquals(9_800, table.size(), "every store since the first rf");
    assertEquals(200, table.epoch(table.find(200)));
    assertEquals(9_999, table.epoch(table.find(9_999)));
    assertFalse(table.forgotten(200));
    assertTrue(table.forgotten(199));
  }

  @Test
  void theBudgetCountsEachClockNotSharedWithTheWritersPreviousStore() {
    // 24 bytes a store, and 32 + 4 * Plane.STRIDE for a clock of one task
    long oneClock = 32 + 4 * Plane.STRIDE;
    StoreTable shared = new StoreTable(24 * 100 + oneClock);
    StoreTable distinct = new StoreTable(24 * 100 + oneClock);
    VectorClock one = clock(1);
    for (int i = 0; i < 100; i++) {
      shared.add(i, one, 0, i, null);
      distinct.add(i, clock(i), 0, i, null);
    }
    assertEquals(100, shared.size());
    assertEquals(0, distinct.size());
  }
}
