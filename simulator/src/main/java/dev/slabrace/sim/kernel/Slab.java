package dev.slabrace.sim.kernel;

import it.unimi.dsi.fastutil.ints.IntArrayList;

/**
 * A simulated {@code struct slab}: its pages and objects, the objects free in the slab (not on a CPU's
 * lockless freelist), and the obj_exts array with which objects' memcg charges are kept.
 */
public final class Slab {
  private final KmemCache cache;
  private final long pfn;
  private final long meta;
  private final long base;
  /** Object indices on slab->freelist, the head last. */
  final IntArrayList freelist = new IntArrayList();
  /** Objects not on slab->freelist: allocated or on the owning CPU's freelist. */
  int inuse;
  /** Whether a CPU allocates from the slab (it is that CPU's slab). */
  boolean frozen;
  /** Whether the slab is on the node's partial list. */
  boolean onPartial;
  /** Whether the slab went back to the page allocator or waits for a grace period to. */
  boolean discarded;
  /** The value of slab->obj_exts. */
  long objExts;
  /** The value of slab->stride. */
  int stride;
  /** Which objects' obj_ext entries hold an objcg. */
  final boolean[] charged;

  Slab(KmemCache cache, long pfn) {
    this.cache = cache;
    this.pfn = pfn;
    this.meta = Layout.slabMeta(pfn);
    this.base = Layout.pageAddress(pfn);
    this.charged = new boolean[cache.objects()];
  }

  /** Returns the cache the slab belongs to. */
  public KmemCache cache() {
    return cache;
  }

  /** Returns the first page frame. */
  public long pfn() {
    return pfn;
  }

  /** Returns the address of the struct slab. */
  public long meta() {
    return meta;
  }

  /** Returns the address of field {@code offset} of the struct slab. */
  public long field(int offset) {
    return meta + offset;
  }

  /** Returns the address of object {@code index}. */
  public long object(int index) {
    return base + (long) index * cache.size();
  }

  /** Returns the index of the object at {@code addr}. */
  public int indexOf(long addr) {
    return (int) ((addr - base) / cache.size());
  }

  /** Returns the value of slab->obj_exts. */
  public long objExts() {
    return objExts;
  }

  /** Whether the slab is on the node's partial list. */
  public boolean onPartial() {
    return onPartial;
  }

  /** Returns the address of the obj_ext entry of object {@code index}. */
  long objExt(int index) {
    return objExts + (long) stride * index;
  }

  /** Returns the value of slab->freelist: the first free object, or 0. */
  long head() {
    return freelist.isEmpty() ? 0 : object(freelist.getInt(freelist.size() - 1));
  }

  /** Returns the value of slab->counters: inuse, objects and frozen packed as SLUB packs them. */
  long counters() {
    return inuse | ((long) cache.objects() << 16) | (frozen ? 1L << 31 : 0);
  }

  @Override
  public String toString() {
    return cache.name() + " slab 0x" + Long.toHexString(base);
  }
}
