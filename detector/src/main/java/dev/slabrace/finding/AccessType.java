package dev.slabrace.finding;

/** What one side of a finding did to memory, as KCSAN's get_access_type() names it. */
public enum AccessType {
  /** A load. */
  READ,
  /** A store. */
  WRITE,
  /** An RMW: KCSAN's compound write. */
  READ_WRITE,
  /** A free: the assert-no-accesses write over the object (slab_free_hook). */
  FREE,
  /** The allocation of the object, which a free must happen after. */
  ALLOC
}
