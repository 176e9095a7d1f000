package dev.slabrace.sim.kernel;

import it.unimi.dsi.fastutil.ints.IntArrayList;

/** A simulated {@code struct kmem_cache_cpu}: the slab a CPU allocates from and its lockless freelist. */
public final class CpuSlab {
  private final long address;
  /** The CPU's slab, frozen while it is here, or null. */
  Slab slab;
  /** Object indices in the CPU's lockless freelist, the head last. */
  final IntArrayList freelist = new IntArrayList();

  CpuSlab(long address) {
    this.address = address;
  }

  /** Returns the address of the structure in the per-CPU area. */
  public long address() {
    return address;
  }

  /** Returns the CPU's slab, or null. */
  public Slab slab() {
    return slab;
  }

  /** Returns the value of {@code c->freelist}: the first free object, or 0. */
  long head() {
    return freelist.isEmpty() ? 0 : slab.object(freelist.getInt(freelist.size() - 1));
  }
}
