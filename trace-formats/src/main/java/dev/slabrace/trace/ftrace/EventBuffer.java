package dev.slabrace.trace.ftrace;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.Op;
import java.util.Arrays;

/**
 * The events one ftrace line maps to, waiting to be handed out: a sched_switch line gives up to three
 * (the CPU handoff's signal and wait, and the wakeup's wait), a slab_access line a region and an
 * access. The cursors are pooled and reused line after line.
 */
final class EventBuffer {
  private EventCursor[] slots = new EventCursor[4];
  private int size;
  private int read;
  private long position;
  private int cpu;
  private long ts;

  EventBuffer() {
    for (int i = 0; i < slots.length; i++) {
      slots[i] = new EventCursor();
    }
  }

  /** Starts a new line: later {@link #add}s carry its line number, CPU and timestamp. */
  void startLine(long line, int lineCpu, long lineTs) {
    size = 0;
    read = 0;
    position = line;
    cpu = lineCpu;
    ts = lineTs;
  }

  /** Appends an event of {@code op} by {@code task} and returns its cursor for the caller to fill. */
  EventCursor add(Op op, int task) {
    if (size == slots.length) {
      slots = Arrays.copyOf(slots, size * 2);
      for (int i = size; i < slots.length; i++) {
        slots[i] = new EventCursor();
      }
    }
    EventCursor e = slots[size++];
    e.clear();
    e.position = position;
    e.op = op;
    e.task = task;
    e.cpu = cpu;
    e.ts = ts;
    return e;
  }

  /** Drops the events of the current line (a malformed line skipped in lenient mode). */
  void discard() {
    size = 0;
    read = 0;
  }

  /** Whether events are waiting. */
  boolean hasNext() {
    return read < size;
  }

  /** Copies the next waiting event into {@code into} (its id is the caller's to set). */
  void next(EventCursor into) {
    into.copyFrom(slots[read++]);
  }
}
