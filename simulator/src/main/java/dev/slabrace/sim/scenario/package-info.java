/**
 * The named scenarios: each bug of the seeds as a buggy and a fixed variant
 * ({@link dev.slabrace.sim.scenario.Expectation} says what the buggy trace must show), and the clean
 * {@code mixed} workload for scale. {@link dev.slabrace.sim.scenario.Scenarios} lists them. Depends on
 * {@code sim.kernel} and {@code sim.exec}.
 */
package dev.slabrace.sim.scenario;
