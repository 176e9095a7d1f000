package dev.slabrace.sim.kernel;

/**
 * Where the simulated kernel keeps things: an x86-64 style address map and the field offsets of the
 * structures whose accesses the trace shows.
 *
 * <pre>
 * Implementation notes
 *
 * Slab pages come from the direct map at DIRECT_MAP + pfn * 4096; their struct slab (the struct page
 * of the head page) lives in the vmemmap at VMEMMAP + pfn * 64. Caches created at boot have their
 * struct kmem_cache and kmem_cache_node in BOOT_DATA (never allocated in the trace); per-CPU
 * kmem_cache_cpu structures sit in each CPU's per-CPU area. Module and driver globals (mailboxes,
 * the tty port, the pid table) are in USER_DATA.
 *
 * struct slab, 64 bytes like struct page:
 *   0x08 slab_cache   0x10 slab_list / rcu_head (16)   0x20 freelist   0x28 counters (inuse: 2 bytes)
 *   0x30 stride (4)   0x38 obj_exts (the page's memcg_data word)
 * The stride has a word of its own here, outside the freelist/counters pair that cmpxchg_double
 * updates, so that allocator bookkeeping does not touch it.
 * </pre>
 */
public final class Layout {
  /** Bytes in a page. */
  public static final int PAGE_SIZE = 4096;
  /** Start of the direct map. */
  public static final long DIRECT_MAP = 0xffff888000000000L;
  /** Start of the vmemmap: the struct page (struct slab) array. */
  public static final long VMEMMAP = 0xffffea0000000000L;
  /** The first page frame the page allocator hands out. */
  public static final long FIRST_PFN = 0x104000L;
  /** Boot-time allocator data: struct kmem_cache and kmem_cache_node of boot caches. */
  public static final long BOOT_DATA = 0xffff888100040000L;
  /** The per-CPU area of CPU 0; CPU n's is {@link #PERCPU_STRIDE} * n further. */
  public static final long PERCPU = 0xffff88813bc00000L;
  /** Distance between two CPUs' per-CPU areas. */
  public static final long PERCPU_STRIDE = 0x40000L;
  /** zone->lock of the one memory zone. */
  public static final long ZONE_LOCK = 0xffff88823fff9d40L;
  /** Globals of the simulated users (drivers, subsystems, test modules). */
  public static final long USER_DATA = 0xffffffffc0a02000L;
  /** The obj_cgroup that charged objects point to. */
  public static final long OBJCG = 0xffff888103a5e300L;

  /** struct slab: the cache. */
  public static final int SLAB_CACHE = 0x08;
  /** struct slab: the partial-list link, shared with rcu_head. */
  public static final int SLAB_LIST = 0x10;
  /** struct slab: the first free object. */
  public static final int SLAB_FREELIST = 0x20;
  /** struct slab: inuse, objects, frozen. */
  public static final int SLAB_COUNTERS = 0x28;
  /** struct slab: the stride of the obj_exts array. */
  public static final int SLAB_STRIDE = 0x30;
  /** struct slab: the obj_exts array pointer. */
  public static final int SLAB_OBJ_EXTS = 0x38;
  /** sizeof(struct slabobj_ext): an objcg pointer and an allocation tag reference. */
  public static final int OBJ_EXT_SIZE = 16;

  /** The region name of an obj_exts array. */
  public static final String OBJ_EXTS_REGION = "slabobj_ext[]";

  /** struct kmem_cache: flags. */
  public static final int KC_FLAGS = 0x08;
  /** struct kmem_cache: min_partial. */
  public static final int KC_MIN_PARTIAL = 0x10;
  /** struct kmem_cache: size. */
  public static final int KC_SIZE = 0x18;
  /** struct kmem_cache: object_size. */
  public static final int KC_OBJECT_SIZE = 0x1c;
  /** struct kmem_cache: oo (order and objects). */
  public static final int KC_OO = 0x24;
  /** struct kmem_cache: name. */
  public static final int KC_NAME = 0x60;
  /** struct kmem_cache: node[0]. */
  public static final int KC_NODE = 0xc8;
  /** sizeof(struct kmem_cache) as the kmem_cache cache allocates it. */
  public static final int KMEM_CACHE_SIZE = 256;

  /** struct kmem_cache_node: list_lock. */
  public static final int NODE_LIST_LOCK = 0x00;
  /** struct kmem_cache_node: nr_partial. */
  public static final int NODE_NR_PARTIAL = 0x08;
  /** struct kmem_cache_node: the partial list head. */
  public static final int NODE_PARTIAL = 0x10;
  /** sizeof(struct kmem_cache_node). */
  public static final int KMEM_CACHE_NODE_SIZE = 64;

  /** struct kmem_cache_cpu: freelist (and tid right after it). */
  public static final int CPU_FREELIST = 0x00;
  /** struct kmem_cache_cpu: slab. */
  public static final int CPU_SLAB = 0x10;
  /** sizeof(struct kmem_cache_cpu). */
  public static final int KMEM_CACHE_CPU_SIZE = 0x20;

  private Layout() {}

  /** Returns the address of page frame {@code pfn} in the direct map. */
  public static long pageAddress(long pfn) {
    return DIRECT_MAP + pfn * PAGE_SIZE;
  }

  /** Returns the page frame of direct-map address {@code addr}. */
  public static long pfnOf(long addr) {
    return (addr - DIRECT_MAP) >>> 12;
  }

  /** Returns the address of the struct slab (struct page) of {@code pfn}. */
  public static long slabMeta(long pfn) {
    return VMEMMAP + pfn * 64;
  }

  /** Returns the kmem_cache_cpu of the cache with index {@code cache} on {@code cpu}. */
  public static long cpuSlab(int cpu, int cache) {
    return PERCPU + cpu * PERCPU_STRIDE + 0x1000 + (long) cache * KMEM_CACHE_CPU_SIZE;
  }
}
