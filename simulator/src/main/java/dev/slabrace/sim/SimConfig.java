package dev.slabrace.sim;

import dev.slabrace.sim.scenario.Scenario;

/**
 * The knobs of one simulation run: the seed that drives every choice, the number of CPUs, and for
 * open-ended scenarios the number of events. Zero means "the scenario's default".
 *
 * @param seed the scheduler's and the workloads' seed
 * @param cpus how many CPUs the machine has, or 0
 * @param events how many events the trace has, or 0 (only for scenarios that take a length)
 */
public record SimConfig(long seed, int cpus, long events) {
  /** The largest machine the simulator builds. */
  public static final int MAX_CPUS = 256;

  /** Returns a configuration with only the seed set. */
  public static SimConfig seed(long seed) {
    return new SimConfig(seed, 0, 0);
  }

  /**
   * Returns this configuration with the scenario's defaults filled in.
   *
   * @throws IllegalArgumentException if the scenario cannot run with these values; the message says
   *     why in one line
   */
  public SimConfig resolve(Scenario scenario) {
    if (cpus < 0 || cpus > MAX_CPUS) {
      throw new IllegalArgumentException("--cpus must be between 1 and " + MAX_CPUS + ", not " + cpus);
    }
    if (cpus != 0 && cpus < scenario.minCpus()) {
      throw new IllegalArgumentException(scenario.name() + " needs at least " + scenario.minCpus()
          + " CPUs, not " + cpus);
    }
    if (events < 0) {
      throw new IllegalArgumentException("--events must be positive, not " + events);
    }
    if (events != 0 && !scenario.takesEvents()) {
      throw new IllegalArgumentException(scenario.name()
          + " has a fixed length; --events applies to open-ended scenarios such as mixed");
    }
    int c = cpus == 0 ? scenario.defaultCpus() : cpus;
    long e = scenario.takesEvents() && events == 0 ? scenario.defaultEvents() : events;
    return new SimConfig(seed, c, e);
  }
}
