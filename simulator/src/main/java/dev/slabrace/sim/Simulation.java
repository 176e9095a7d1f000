package dev.slabrace.sim;

import dev.slabrace.sim.exec.Emitter;
import dev.slabrace.sim.kernel.Kernel;
import dev.slabrace.sim.scenario.Scenario;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run of a scenario on a simulated machine: builds the machine, lets the scenario set up its
 * programs, and advances one scheduler step at a time. The header event is emitted first.
 */
public final class Simulation {
  private final Scenario scenario;
  private final SimConfig config;
  private final Kernel kernel;
  private final Map<String, String> header;

  /**
   * Creates the run.
   *
   * @throws IllegalArgumentException if {@code config} does not suit the scenario
   */
  public Simulation(Scenario scenario, SimConfig config) {
    this.scenario = scenario;
    this.config = config.resolve(scenario);
    this.kernel = new Kernel(this.config.seed(), this.config.cpus(), scenario.version());
    Map<String, String> h = new LinkedHashMap<>();
    h.put("format", "slabrace-jsonl");
    h.put("version", "1");
    h.put("source", "slabrace simulate");
    h.put("scenario", scenario.name());
    h.put("variant", scenario.buggy() ? "buggy" : "clean");
    h.put("slub", scenario.version().name());
    h.put("seed", Long.toString(this.config.seed()));
    h.put("cpus", Integer.toString(this.config.cpus()));
    if (this.config.events() > 0) {
      h.put("events", Long.toString(this.config.events()));
    }
    this.header = Collections.unmodifiableMap(h);
    kernel.emitter().header();
    scenario.setUp(kernel, this.config);
  }

  /** Returns the scenario. */
  public Scenario scenario() {
    return scenario;
  }

  /** Returns the configuration with the scenario's defaults filled in. */
  public SimConfig config() {
    return config;
  }

  /** Returns the emitter holding the events not yet taken and the name tables. */
  public Emitter emitter() {
    return kernel.emitter();
  }

  /** Returns the trace header's fields, in order. */
  public Map<String, String> header() {
    return header;
  }

  /** Runs one scheduler step; returns false once every context has finished. */
  public boolean step() {
    return kernel.scheduler().step();
  }

  /** Returns how many events the trace may have: the configured length, or no limit. */
  public long limit() {
    return config.events() > 0 ? config.events() : Long.MAX_VALUE;
  }
}
