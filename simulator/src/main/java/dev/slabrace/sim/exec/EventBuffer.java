package dev.slabrace.sim.exec;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.Op;
import java.util.Arrays;

/**
 * The events a step emitted, in reused cursors, until the event source drains them; it also numbers
 * events: ids are the 0-based index of the event in the trace, positions the id plus one (the line
 * of the event in JSON Lines).
 */
final class EventBuffer {
  private EventCursor[] cursors = new EventCursor[64];
  private int count;
  private long nextId;

  EventBuffer() {
    for (int i = 0; i < cursors.length; i++) {
      cursors[i] = new EventCursor();
    }
  }

  /** Returns a cleared cursor for the next event, with its id, position and {@code op} set. */
  EventCursor next(Op op) {
    if (count == cursors.length) {
      int old = cursors.length;
      cursors = Arrays.copyOf(cursors, old * 2);
      for (int i = old; i < cursors.length; i++) {
        cursors[i] = new EventCursor();
      }
    }
    EventCursor e = cursors[count++];
    e.clear();
    e.id = nextId++;
    e.position = e.id + 1;
    e.op = op;
    return e;
  }

  /** Returns how many events were emitted so far. */
  long emitted() {
    return nextId;
  }

  /** Returns how many events wait. */
  int size() {
    return count;
  }

  /** Returns waiting event {@code i}, valid until {@link #clear()}. */
  EventCursor get(int i) {
    return cursors[i];
  }

  /** Empties the buffer, keeping its cursors for reuse. */
  void clear() {
    count = 0;
  }
}
