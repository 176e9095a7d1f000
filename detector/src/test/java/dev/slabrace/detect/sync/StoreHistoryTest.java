package dev.slabrace.detect.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.detect.clock.VectorClock;
import org.junit.jupiter.api.Test;

/** Which stores a location's history finds, as it grows, wraps and is trimmed at a free. */
final class StoreHistoryTest {
  @Test
  void keepsTheNewestDepthStores_andFindsThemById() {
    StoreHistory h = new StoreHistory();
    assertEquals(-1, h.newest());
    VectorClock[] clocks = new VectorClock[StoreHistory.DEPTH + 3];
    for (int i = 0; i < clocks.length; i++) {
      clocks[i] = StoreTableTest.clock(i + 1);
      h.push(100 + i, clocks[i], 2, i + 1, null);
      assertSame(clocks[i], h.clock(h.newest()), "store " + i);
      assertEquals(i + 1, h.epoch(h.newest()));
    }
    for (int i = 0; i < clocks.length; i++) {
      boolean kept = i >= clocks.length - StoreHistory.DEPTH;
      assertEquals(kept, h.find(100 + i) >= 0, "store " + i);
      if (kept) {
        assertSame(clocks[i], h.clock(h.find(100 + i)));
      }
    }
  }

  @Test
  void trim_keepsOnlyTheNewestStore_andGrowsAgainAfter() {
    StoreHistory h = new StoreHistory();
    VectorClock newest = null;
    for (int i = 0; i < StoreHistory.DEPTH + 2; i++) {
      newest = StoreTableTest.clock(i + 1);
      h.push(100 + i, newest, 1, i + 1, null);
    }
    long newestId = 100 + StoreHistory.DEPTH + 1;
    assertTrue(h.trim(), "a marked store is kept");
    assertSame(newest, h.clock(h.newest()));
    assertEquals(1, h.writer(h.newest()));
    assertEquals(h.newest(), h.find(newestId));
    assertEquals(-1, h.find(newestId - 1), "an older store is left to the log and the table");

    VectorClock next = StoreTableTest.clock(50);
    h.push(200, next, 3, 50, null);
    h.push(201, null, 4, 51, null);
    assertEquals(h.newest(), h.find(201));
    assertNull(h.clock(h.newest()));
    assertSame(next, h.clock(h.find(200)));
    assertSame(newest, h.clock(h.find(newestId)), "the store kept by the trim is still found");
  }

  @Test
  void trim_ofAHistoryEndingInAPlainStore_saysItCarriesNothing() {
    StoreHistory h = new StoreHistory();
    h.push(1, StoreTableTest.clock(1), 0, 1, null);
    h.push(2, null, 0, 2, null);
    assertFalse(h.trim());
    assertEquals(-1, h.writer(h.newest()));

    StoreHistory one = new StoreHistory();
    one.push(5, StoreTableTest.clock(1), 0, 1, null);
    assertTrue(one.trim(), "a history of one marked store");
    assertEquals(one.newest(), one.find(5));
  }
}
