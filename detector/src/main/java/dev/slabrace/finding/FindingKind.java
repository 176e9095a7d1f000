package dev.slabrace.finding;

/** What a finding is; {@link #wireName()} is the {@code kind} of the JSON document. */
public enum FindingKind {
  /** Two conflicting accesses, at least one plain, neither happening before the other. */
  DATA_RACE("data-race"),
  /** An access (or the allocation) that does not happen before the free of its object. */
  ASSERT_RACE("assert-race"),
  /** An access to an object after it was freed. */
  USE_AFTER_FREE("use-after-free"),
  /** A free of an object that was already free. */
  DOUBLE_FREE("double-free");

  private final String wireName;

  FindingKind(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the contract's name of this kind. */
  public String wireName() {
    return wireName;
  }
}
