package dev.slabrace.sim.scenario;

import dev.slabrace.sim.kernel.KmemCache;

/**
 * A cache as a workload uses it: through kmalloc/kfree or kmem_cache_alloc/kmem_cache_free, and how
 * often its allocations pass __GFP_ACCOUNT.
 *
 * @param cache the cache
 * @param kmalloc whether objects come from kmalloc and go back by kfree
 * @param accountPercent how many allocations in a hundred are __GFP_ACCOUNT (SLAB_ACCOUNT caches
 *     charge every object regardless)
 */
record Pool(KmemCache cache, boolean kmalloc, int accountPercent) {}
