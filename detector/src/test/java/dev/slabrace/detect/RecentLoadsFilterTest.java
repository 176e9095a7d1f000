package dev.slabrace.detect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.detect.lkmm.Dependency;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The quick test a marked write makes before it searches a task's remembered loads for those of its
 * bytes (overwrite & int): never "none" while a remembered load overlaps the write, and "none" again
 * once every load of a granule has been pushed out of the task's last loads.
 */
final class RecentLoadsFilterTest {
  @Test
  void mayOverlap_isTrueWheneverARememberedLoadOverlaps() {
    Random random = new Random(7);
    TaskState t = new TaskState(0);
    for (int id = 0; id < 5000; id++) {
      long addr = 0x1000 + random.nextInt(4096);
      long size = random.nextInt(10) == 0 ? 1 + random.nextInt(200) : 1 << random.nextInt(4);
      t.rememberLoad(id, Dependency.NONE, id + 1, addr, size);
      long waddr = 0x1000 + random.nextInt(4096);
      long wsize = 1 << random.nextInt(4);
      boolean overlaps = false;
      for (int slot = 0; slot < t.loadSlots(); slot++) {
        overlaps |= t.loadOverlaps(slot, waddr, wsize);
      }
      if (overlaps) {
        assertTrue(t.mayOverlap(waddr, wsize), "load " + id + ", write " + waddr + "+" + wsize);
      }
    }
  }

  @Test
  void mayOverlap_forgetsLoadsPushedOut() {
    TaskState t = new TaskState(0);
    assertFalse(t.mayOverlap(0x1000, 8));
    t.rememberLoad(1, Dependency.NONE, 1, 0x1000, 8);
    t.rememberLoad(2, Dependency.NONE, 2, 0x2000, 256); // wider than the filter's granules
    assertTrue(t.mayOverlap(0x1004, 4));
    assertTrue(t.mayOverlap(0x9008, 8)); // the wide load makes every write search
    for (int id = 3; id < 3 + TaskState.RECENT_LOADS; id++) {
      t.rememberLoad(id, Dependency.NONE, id, 0x4010 + 8 * (id % 2), 8);
    }
    assertFalse(t.mayOverlap(0x1000, 8));
    assertFalse(t.mayOverlap(0x1ff8, 16));
    assertTrue(t.mayOverlap(0x4018, 1));
  }
}
