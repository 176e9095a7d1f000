package dev.slabrace.detect.lkmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** What a task that runs out of epochs gets: a limit named with its task and position, not a bug. */
final class EpochLimitTest {
  @Test
  void tickingPastTheLastEpoch_throwsTheLimit_andTheEpochStaysValid() {
    TaskClocks k = new TaskClocks(0);
    // every synchronisation event, marked store and marked read ticks once
    for (int i = 1; i < Integer.MAX_VALUE - 1; i++) {
      k.tick();
    }
    assertEquals(Integer.MAX_VALUE - 1, k.epoch());
    EpochLimitException x = assertThrows(EpochLimitException.class, k::tick);
    assertEquals(Integer.MAX_VALUE - 1, k.epoch());
    EpochLimitException located = x.at("kworker/1:2", 4_294_967_301L);
    assertEquals(4_294_967_301L, located.position());
    assertEquals("task kworker/1:2 has more than 2147483646 synchronisation events, marked stores"
        + " and marked reads, more than slabrace can order (a limit of its epochs); analyse the"
        + " trace in parts", located.problem());
  }
}
