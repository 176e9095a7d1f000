package dev.slabrace.sim.kernel;

/**
 * Which SLUB the simulation runs: where {@code slab->stride} is set and whether its publication
 * with {@code slab->obj_exts} is fenced. Everything else is the same in every version.
 */
public enum SlubVersion {
  /**
   * v7.0-rc1: alloc_slab_obj_exts() sets the stride just before it publishes obj_exts, by cmpxchg on a
   * slab in use or a plain store on a new slab; readers have no barrier (the publication race).
   */
  V7_0_RC1(false, false),
  /** v7.0-rc1 with the test patch: smp_wmb() after slab_set_stride(), smp_rmb() in slab_get_stride(). */
  STRIDE_WMB_RMB(false, true),
  /**
   * "mm/slab: initialize slab->stride early": alloc_slab_obj_exts_early() sets the stride when the slab
   * is allocated, before any other CPU can see it.
   */
  STRIDE_EARLY(true, false);

  private final boolean strideEarly;
  private final boolean barriers;

  SlubVersion(boolean strideEarly, boolean barriers) {
    this.strideEarly = strideEarly;
    this.barriers = barriers;
  }

  /** Whether the stride is set at slab allocation rather than with obj_exts. */
  public boolean strideEarly() {
    return strideEarly;
  }

  /** Whether the stride write is followed by smp_wmb() and its reads preceded by smp_rmb(). */
  public boolean barriers() {
    return barriers;
  }
}
