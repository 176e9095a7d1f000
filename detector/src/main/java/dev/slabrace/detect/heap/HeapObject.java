package dev.slabrace.detect.heap;

/**
 * A live allocation: its bytes and cache, and the allocation event, which counts as a plain write by
 * the allocating task that the free must happen after.
 *
 * @param ptr the first byte
 * @param size the object size
 * @param cache cache name symbol, or -1
 * @param allocId the alloc event id
 * @param task the allocating task
 * @param epoch the allocating task's epoch at the alloc
 * @param cpu the alloc's cpu
 * @param ip the alloc's code location symbol
 * @param stack the alloc's stack id
 */
public record HeapObject(
    long ptr, long size, int cache, long allocId, int task, int epoch, int cpu, int ip, int stack) {}
