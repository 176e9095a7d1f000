package dev.slabrace.detect;

import dev.slabrace.detect.lkmm.AccessKind;
import dev.slabrace.detect.shadow.ShadowMemory;

/**
 * The kind of access a shadow cell records, both ways: the {@link ShadowMemory} flags a cell of an
 * {@link AccessKind} gets, and the kind its flags give back.
 */
final class CellKinds {
  /** The flag bits of a shadow cell that give its access's kind. */
  private static final int KIND_BITS = ShadowMemory.WRITE | ShadowMemory.MARKED | ShadowMemory.RMW;
  /** The flags a cell records an access of each kind with, by the kind's ordinal. */
  private static final int[] FLAGS = new int[AccessKind.values().length];
  /** The access kind of a cell, by its flags' KIND_BITS (the inverse of FLAGS). */
  private static final AccessKind[] KINDS = new AccessKind[KIND_BITS + 1];

  static {
    for (AccessKind k : AccessKind.values()) {
      int f = (k.writes() ? ShadowMemory.WRITE : 0) | (k.marked() ? ShadowMemory.MARKED : 0)
          | (k.reads() && k.writes() ? ShadowMemory.RMW : 0);
      FLAGS[k.ordinal()] = f;
      KINDS[f] = k;
    }
  }

  private CellKinds() {}

  /** Returns the flags that record an access of kind {@code kind}. */
  static int flags(AccessKind kind) {
    return FLAGS[kind.ordinal()];
  }

  /** Returns the kind of the access a cell with flags {@code cellFlags} records. */
  static AccessKind of(int cellFlags) {
    return KINDS[cellFlags & KIND_BITS];
  }
}
