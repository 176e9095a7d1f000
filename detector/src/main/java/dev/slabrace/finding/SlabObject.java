package dev.slabrace.finding;

/**
 * The slab object a use-after-free or double free hit, for KASAN's object paragraph: where it starts,
 * its size, its cache and its allocation.
 *
 * @param ptr the object's first byte
 * @param size the object's size in bytes
 * @param cache the cache's name ({@code kmalloc-64}, {@code conn_cache}), or {@code N-byte} when the
 *     trace did not name one
 * @param allocation the allocation of the object, KASAN's "Allocated by task" stack
 */
public record SlabObject(long ptr, long size, String cache, Access allocation) {}
