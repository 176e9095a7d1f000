package dev.slabrace.detect.reference;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.TraceReader;
import java.util.List;

/** Replays a list of {@link Ev} to the fast engine, interning tasks and names as a reader would. */
final class EvSource extends TraceReader {
  private final List<Ev> events;
  private int next;

  EvSource(List<Ev> events) {
    super(() -> { }, "generated", false);
    this.events = events;
  }

  @Override
  public boolean next(EventCursor into) {
    if (next == events.size()) {
      return false;
    }
    events.get(next).fill(into, tasks::intern, symbols::intern, next + 1);
    next++;
    return true;
  }
}
