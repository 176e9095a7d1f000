package dev.slabrace.trace;

/** What a named {@code region} is: allocator metadata, object metadata, an object, or user data. */
public enum RegionClass {
  /** A field of {@code struct slab} (stride, obj_exts, freelist, counters...). */
  SLAB_META("slab-meta"),
  /** An obj_ext metadata entry or array. */
  OBJ_EXT("obj-ext"),
  /** Object contents. */
  OBJECT("object"),
  /** A user variable outside the allocator. */
  USER("user");

  private final String wireName;

  RegionClass(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the contract's spelling of this class. */
  public String wireName() {
    return wireName;
  }

  /** Returns the class with this wire name, or {@code null}. */
  public static RegionClass fromWireName(String name) {
    for (RegionClass c : values()) {
      if (c.wireName.equals(name)) {
        return c;
      }
    }
    return null;
  }
}
