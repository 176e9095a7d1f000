package dev.slabrace.trace;

/** The kind of a {@code fence} event. */
public enum FenceKind {
  /** smp_mb(): a strong fence, orders everything. */
  MB("mb"),
  /** smp_wmb(): orders earlier stores before later stores. */
  WMB("wmb"),
  /** smp_rmb(): orders earlier loads before later loads. */
  RMB("rmb"),
  /** An acquire fence (smp_acquire__after_ctrl_dep): earlier loads before everything later. */
  ACQUIRE("acquire"),
  /** A release fence: everything earlier before later stores. */
  RELEASE("release"),
  /** smp_mb__before_atomic(). */
  BEFORE_ATOMIC("before_atomic"),
  /** smp_mb__after_atomic(). */
  AFTER_ATOMIC("after_atomic");

  private final String wireName;

  FenceKind(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the contract's spelling of this fence. */
  public String wireName() {
    return wireName;
  }

  /** Returns the fence with this wire name, or {@code null}. */
  public static FenceKind fromWireName(String name) {
    for (FenceKind kind : values()) {
      if (kind.wireName.equals(name)) {
        return kind;
      }
    }
    return null;
  }
}
