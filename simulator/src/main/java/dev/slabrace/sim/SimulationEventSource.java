package dev.slabrace.sim;

import dev.slabrace.sim.exec.Emitter;
import dev.slabrace.sim.scenario.Scenario;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.EventWriter;
import dev.slabrace.trace.StackTable;
import dev.slabrace.trace.SymbolTable;
import dev.slabrace.trace.TaskTable;
import java.io.IOException;
import java.util.Map;

/**
 * A simulation as a pull-based event source: each {@link #next} hands out the next event, running
 * scheduler steps only when the events of the last step are used up. Memory stays bounded by one
 * step's events and the simulated machine's state, however long the trace.
 *
 * <p>A trace with a configured length ends after exactly that many events, possibly in the middle of
 * an operation (an object left allocated, a callback left queued), which the analysis accepts.
 */
public final class SimulationEventSource implements EventSource {
  private final Simulation simulation;
  private final String name;
  private final long limit;
  private long delivered;
  private int next;
  private boolean finished;

  /** Creates a source over a new run of {@code scenario}. */
  public SimulationEventSource(Scenario scenario, SimConfig config) {
    this(new Simulation(scenario, config));
  }

  /** Creates a source over {@code simulation}, which must not have been stepped yet. */
  public SimulationEventSource(Simulation simulation) {
    this.simulation = simulation;
    SimConfig c = simulation.config();
    this.name = "sim:" + simulation.scenario().name() + ":seed=" + c.seed() + ":cpus=" + c.cpus()
        + (c.events() > 0 ? ":events=" + c.events() : "");
    this.limit = simulation.limit();
  }

  @Override
  public boolean next(EventCursor into) {
    Emitter em = simulation.emitter();
    while (next == em.buffered()) {
      if (finished || delivered >= limit) {
        return false;
      }
      em.clearBuffer();
      next = 0;
      if (!simulation.step()) {
        finished = true;
      }
    }
    if (delivered >= limit) {
      return false;
    }
    into.copyFrom(em.buffered(next++));
    delivered++;
    return true;
  }

  /** Writes every event not handed out yet with {@code writer}; returns how many it wrote. */
  public long writeTo(EventWriter writer) throws IOException {
    EventCursor cursor = new EventCursor();
    long n = 0;
    while (next(cursor)) {
      writer.write(cursor);
      n++;
    }
    return n;
  }

  /** Returns how many events were handed out. */
  public long delivered() {
    return delivered;
  }

  @Override
  public SymbolTable symbols() {
    return simulation.emitter().symbols();
  }

  @Override
  public TaskTable tasks() {
    return simulation.emitter().tasks();
  }

  @Override
  public StackTable stacks() {
    return simulation.emitter().stacks();
  }

  @Override
  public Map<String, String> header() {
    return simulation.header();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void close() {}
}
