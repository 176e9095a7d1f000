/**
 * The slab simulator: a seeded, deterministic model of SLUB on N CPUs that emits every event it
 * performs. A {@link dev.slabrace.sim.Simulation} runs a named scenario of
 * {@code dev.slabrace.sim.scenario}; {@link dev.slabrace.sim.SimulationEventSource} hands its events
 * out one by one, never holding the trace, to the engine or to a writer of
 * {@code dev.slabrace.trace.TraceOutputs}. Depends on {@code dev.slabrace.trace} only, never on the
 * detector.
 */
package dev.slabrace.sim;
