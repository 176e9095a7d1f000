package dev.slabrace.trace.simbin;

import dev.slabrace.trace.EventCursor;
import java.util.Arrays;

/**
 * The state that both ends of a simbin stream keep to predict an event's fields from the events
 * before it (spec, "Event records"): a writer leaves out a field that equals its prediction, and a
 * reader fills it back in. Per-task arrays are indexed by task + 1, so slot 0 serves events without
 * a task.
 */
final class Predictions {
  /** The previous event's id; the next is predicted to be one more. */
  long prevId = -1;
  /** The previous event's task. */
  int prevTask = EventCursor.NONE;
  /** The last key written. */
  long lastKey;
  /** The last timestamp written. */
  long lastTs;
  /** The last size written, by record kind. */
  final long[] lastSize = new long[Simbin.OPS.length];
  /** The last address written, by task slot. */
  long[] lastAddr = new long[8];
  /** The last cpu written, by task slot. */
  int[] lastCpu = new int[8];

  Predictions() {
    Arrays.fill(lastCpu, EventCursor.NONE);
  }

  /** Makes room for the slot of task {@code task}, just defined. */
  void taskDefined(int task) {
    int slot = task + 1;
    if (slot >= lastAddr.length) {
      int old = lastAddr.length;
      int size = Math.max(old * 2, slot + 1);
      lastAddr = Arrays.copyOf(lastAddr, size);
      lastCpu = Arrays.copyOf(lastCpu, size);
      Arrays.fill(lastCpu, old, size, EventCursor.NONE);
    }
  }
}
