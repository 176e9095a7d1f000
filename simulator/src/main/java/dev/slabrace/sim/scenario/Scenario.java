package dev.slabrace.sim.scenario;

import dev.slabrace.sim.SimConfig;
import dev.slabrace.sim.kernel.Kernel;
import dev.slabrace.sim.kernel.SlubVersion;
import java.util.Optional;

/**
 * A named program for the simulated machine: which SLUB it runs, which CPUs do what, and, for the
 * buggy variant of a bug, the finding its trace must produce. Scenarios are stateless; each
 * {@link #setUp} builds the state of one run.
 */
public interface Scenario {
  /** Returns the name users type, such as {@code stride-race}. */
  String name();

  /** Returns what the scenario shows, in one line. */
  String description();

  /** Whether this is the buggy variant: its trace must show {@link #expectation()}. */
  boolean buggy();

  /** Returns the finding a buggy variant produces; empty for fixed variants, whose traces are clean. */
  Optional<Expectation> expectation();

  /** Returns the SLUB version the machine runs. */
  SlubVersion version();

  /** Returns the fewest CPUs the scenario runs on: one per role. */
  int minCpus();

  /** Returns the CPUs used when the user does not say. */
  default int defaultCpus() {
    return Math.max(4, minCpus());
  }

  /** Whether the trace length is set by {@code --events} rather than by the scenario. */
  default boolean takesEvents() {
    return false;
  }

  /** Returns the trace length used when the user does not say, for scenarios that take one. */
  default long defaultEvents() {
    return 0;
  }

  /** Gives the CPUs of {@code kernel} their programs for one run with {@code config}. */
  void setUp(Kernel kernel, SimConfig config);
}
