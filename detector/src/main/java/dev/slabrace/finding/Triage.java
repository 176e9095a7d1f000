package dev.slabrace.finding;

/** Whose fault a finding on slab data is: the allocator's own ordering, or a user's object handoff. */
public enum Triage {
  /** Not a finding on an object, its metadata or its slab, or nothing to say. */
  NONE(""),
  /** Both accesses are the allocator's own, on its own data (the v7.0-rc1 stride race). */
  ALLOCATOR_INTERNAL("allocator-internal"),
  /** A user handed the object to another task without ordering, breaking the slab contract. */
  USER_HANDOFF("user-handoff");

  private final String wireName;

  Triage(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the name used in reports, empty for {@link #NONE}. */
  public String wireName() {
    return wireName;
  }
}
