package dev.slabrace.bench;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.StackTable;
import dev.slabrace.trace.SymbolTable;
import dev.slabrace.trace.TaskTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A trace decoded once into memory, so that the engine can be measured without a reader: {@link #events}
 * holds one cursor per event, and the source answers with the tables of the reader that decoded them.
 */
final class ReplaySource implements EventSource {
  /** The decoded events, in trace order. */
  final EventCursor[] events;
  private final SymbolTable symbols;
  private final TaskTable tasks;
  private final StackTable stacks;
  private final boolean accessesOptional;
  private int next;

  private ReplaySource(EventCursor[] events, EventSource decoded) {
    this.events = events;
    this.symbols = decoded.symbols();
    this.tasks = decoded.tasks();
    this.stacks = decoded.stacks();
    this.accessesOptional = decoded.accessesOptional();
  }

  /** Decodes every event of {@code trace}. */
  static ReplaySource decode(byte[] trace) throws IOException {
    List<EventCursor> events = new ArrayList<>();
    try (EventSource source = BenchInputs.open(trace)) {
      EventCursor cursor = new EventCursor();
      while (source.next(cursor)) {
        EventCursor copy = new EventCursor();
        copy.copyFrom(cursor);
        events.add(copy);
      }
      return new ReplaySource(events.toArray(new EventCursor[0]), source);
    }
  }

  /** Starts the replay again from the first event. */
  void rewind() {
    next = 0;
  }

  @Override
  public boolean next(EventCursor into) {
    if (next == events.length) {
      return false;
    }
    into.copyFrom(events[next++]);
    return true;
  }

  @Override
  public SymbolTable symbols() {
    return symbols;
  }

  @Override
  public TaskTable tasks() {
    return tasks;
  }

  @Override
  public StackTable stacks() {
    return stacks;
  }

  @Override
  public Map<String, String> header() {
    return Map.of();
  }

  @Override
  public String name() {
    return "replay";
  }

  @Override
  public boolean accessesOptional() {
    return accessesOptional;
  }

  @Override
  public List<String> notes() {
    return List.of();
  }

  @Override
  public void close() {}
}
