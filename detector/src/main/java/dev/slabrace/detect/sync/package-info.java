/**
 * Synchronisation state: each task's clocks and fences ({@link dev.slabrace.detect.sync.TaskClocks}),
 * the clocks carried by the stores to each marked location (reads-from and release sequences), locks,
 * signal objects and RCU grace periods and callbacks. Depends on {@code detect.clock} only.
 */
package dev.slabrace.detect.sync;
