/**
 * The simulated kernel: SLUB ({@link dev.slabrace.sim.kernel.Slub} with per-CPU slabs, the node partial
 * list under its spinlock, struct slab fields and memcg obj_exts), the page allocator, and RCU
 * ({@link dev.slabrace.sim.kernel.Rcu}: synchronize_rcu, call_rcu, callbacks, rcu_barrier,
 * SLAB_TYPESAFE_BY_RCU slabs), on the {@link dev.slabrace.sim.kernel.Kernel} machine of N CPUs. Every
 * access these make is an event. Depends on {@code sim.exec} and the event model.
 */
package dev.slabrace.sim.kernel;
