package dev.slabrace.detect.reference;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.StackTable;
import dev.slabrace.trace.SymbolTable;
import dev.slabrace.trace.TaskTable;
import java.util.List;
import java.util.Map;

/** Replays a list of {@link Ev} to the fast engine, interning tasks and names as a reader would. */
final class EvSource implements EventSource {
  private final List<Ev> events;
  private final SymbolTable symbols = new SymbolTable();
  private final TaskTable tasks = new TaskTable();
  private final StackTable stacks = new StackTable();
  private int next;

  EvSource(List<Ev> events) {
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
    return "generated";
  }

  @Override
  public void close() {}
}
