package dev.slabrace.sim.kernel;

import java.util.ArrayDeque;

/**
 * A simulated {@code struct kmem_cache} with its one {@code kmem_cache_node}: geometry, flags, the
 * per-CPU slabs and the node's partial list.
 */
public final class KmemCache {
  /** SLAB_ACCOUNT: every object is charged; new slabs get their obj_exts array at once. */
  public static final int ACCOUNT = 1;
  /** SLAB_TYPESAFE_BY_RCU: empty slabs go back to the page allocator only after a grace period. */
  public static final int TYPESAFE_BY_RCU = 2;

  /** The largest slab order: 8 pages. */
  private static final int MAX_ORDER = 3;

  private final int index;
  private final String name;
  private final int size;
  private final int flags;
  private final int order;
  private final int objects;
  private final int minPartial;
  private final long address;
  private final long node;
  private final CpuSlab[] cpuSlabs;
  private final ArrayDeque<Slab> partial = new ArrayDeque<>();
  private boolean dead;

  /**
   * Creates a cache.
   *
   * @param index the cache's number, which places its per-CPU structures
   * @param name the cache name
   * @param size the object size, a multiple of 8
   * @param flags {@link #ACCOUNT}, {@link #TYPESAFE_BY_RCU}
   * @param minPartial empty slabs kept on the partial list
   * @param address the struct kmem_cache
   * @param node the struct kmem_cache_node
   * @param cpus the number of CPUs
   */
  public KmemCache(int index, String name, int size, int flags, int minPartial, long address, long node,
      int cpus) {
    if (size <= 0 || size % 8 != 0 || size > Layout.PAGE_SIZE << MAX_ORDER) {
      throw new IllegalArgumentException("bad object size " + size + " for " + name);
    }
    this.index = index;
    this.name = name;
    this.size = size;
    this.flags = flags;
    int order = 0;
    while (order < MAX_ORDER && (Layout.PAGE_SIZE << order) < 8 * size) {
      order++;
    }
    this.order = order;
    this.objects = (Layout.PAGE_SIZE << order) / size;
    this.minPartial = minPartial;
    this.address = address;
    this.node = node;
    this.cpuSlabs = new CpuSlab[cpus];
    for (int cpu = 0; cpu < cpus; cpu++) {
      cpuSlabs[cpu] = new CpuSlab(Layout.cpuSlab(cpu, index));
    }
  }

  /** Returns the cache's number. */
  public int index() {
    return index;
  }

  /** Returns the cache name. */
  public String name() {
    return name;
  }

  /** Returns the object size. */
  public int size() {
    return size;
  }

  /** Returns the slab order: a slab is 2^order pages. */
  public int order() {
    return order;
  }

  /** Returns the objects per slab. */
  public int objects() {
    return objects;
  }

  /** Returns how many empty slabs the partial list keeps. */
  public int minPartial() {
    return minPartial;
  }

  /** Whether every object of the cache is charged (SLAB_ACCOUNT). */
  public boolean accounted() {
    return (flags & ACCOUNT) != 0;
  }

  /** Whether slabs are freed after a grace period (SLAB_TYPESAFE_BY_RCU). */
  public boolean typesafeByRcu() {
    return (flags & TYPESAFE_BY_RCU) != 0;
  }

  /** Returns the flags word as {@code s->flags} holds it. */
  public int flags() {
    return flags;
  }

  /** Returns the address of the struct kmem_cache. */
  public long address() {
    return address;
  }

  /** Returns the address of the struct kmem_cache_node. */
  public long node() {
    return node;
  }

  /** Returns the address of {@code n->list_lock}. */
  public long listLock() {
    return node + Layout.NODE_LIST_LOCK;
  }

  /** Returns the kmem_cache_cpu of {@code cpu}. */
  public CpuSlab cpu(int cpu) {
    return cpuSlabs[cpu];
  }

  /** Returns the node's partial list. */
  public ArrayDeque<Slab> partial() {
    return partial;
  }

  /** Whether kmem_cache_destroy has released the cache. */
  public boolean dead() {
    return dead;
  }

  /** Marks the cache released. */
  public void kill() {
    dead = true;
  }

  @Override
  public String toString() {
    return name;
  }
}
