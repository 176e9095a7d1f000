/**
 * How the simulated machine runs: {@link dev.slabrace.sim.exec.Context}s (a task per CPU, and a
 * context per CPU for its RCU callbacks) run scripts of atomic {@link dev.slabrace.sim.exec.Step}s,
 * the seeded {@link dev.slabrace.sim.exec.Scheduler} interleaves them, and the
 * {@link dev.slabrace.sim.exec.Emitter} turns what they do into trace events. Depends on the event
 * model of {@code dev.slabrace.trace} only; knows nothing of SLUB.
 */
package dev.slabrace.sim.exec;
