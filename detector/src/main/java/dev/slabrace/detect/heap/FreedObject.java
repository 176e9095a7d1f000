package dev.slabrace.detect.heap;

import dev.slabrace.detect.clock.VectorClock;

/**
 * A freed object, until its memory is allocated again: the free event, for double-free and
 * use-after-free reports, and the freeing task's clock, which the next allocation of the memory
 * acquires (the allocator's internal free-to-reuse ordering).
 *
 * @param ptr the first byte
 * @param size the object size, 0 if the trace never showed it allocated
 * @param cache cache name symbol, or -1
 * @param freeId the free event id
 * @param task the freeing task
 * @param cpu the free's cpu
 * @param ip the free's code location symbol
 * @param stack the free's stack id
 * @param clock the freeing task's clock after the free
 * @param allocation the object's allocation, or null if the trace never showed it allocated
 */
public record FreedObject(
    long ptr, long size, int cache, long freeId, int task, int cpu, int ip, int stack, VectorClock clock,
    HeapObject allocation) {}
