package dev.slabrace.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.detect.lkmm.Dependency;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The slots a marked write tests when it searches a task's remembered loads for those of its bytes
 * (overwrite & int): every slot whose load overlaps the write, and none for a granule whose loads
 * have all been pushed out of the task's last loads.
 */
final class RecentLoadsIndexTest {
  @Test
  void candidateSlots_holdEverySlotWhoseLoadOverlaps() {
    Random random = new Random(7);
    TaskState t = new TaskState(0);
    for (int id = 0; id < 5000; id++) {
      long addr = 0x1000 + random.nextInt(4096);
      long size = random.nextInt(10) == 0 ? 1 + random.nextInt(200) : 1 << random.nextInt(4);
      t.rememberLoad(id, Dependency.NONE, id + 1, addr, size, null);
      long waddr = 0x1000 + random.nextInt(4096);
      long wsize = 1 << random.nextInt(4);
      long candidates = t.candidateSlots(waddr, wsize);
      for (int slot = 0; slot < t.loadSlots(); slot++) {
        if (t.loadOverlaps(slot, waddr, wsize)) {
          assertTrue((candidates & 1L << slot) != 0,
              "load " + id + ", write " + waddr + "+" + wsize + ", slot " + slot);
        }
      }
    }
  }

  @Test
  void candidateSlots_forgetLoadsPushedOut() {
    TaskState t = new TaskState(0);
    assertEquals(0, t.candidateSlots(0x1000, 8));
    t.rememberLoad(1, Dependency.NONE, 1, 0x1000, 8, null);
    t.rememberLoad(2, Dependency.NONE, 2, 0x2000, 256, null); // wider than the index's granules
    assertEquals(0b11, t.candidateSlots(0x1004, 4));
    assertEquals(0b10, t.candidateSlots(0x9008, 8) & 0b10); // the wide load is tested by every write
    for (int id = 3; id < 3 + TaskState.RECENT_LOADS; id++) {
      t.rememberLoad(id, Dependency.NONE, id, 0x4010, 8, null);
    }
    assertEquals(0, t.candidateSlots(0x1000, 8));
    assertEquals(0, t.candidateSlots(0x1ff8, 16));
    assertEquals(-1L, t.candidateSlots(0x4010, 8));
  }
}
