package dev.slabrace.trace;

/** How an access is marked, the contract's {@code mo} field (LKMM: Plain versus Marked accesses). */
public enum MemOrder {
  /** An ordinary C access: the only kind that can make a data race. */
  PLAIN("plain"),
  /** READ_ONCE / WRITE_ONCE. */
  ONCE("once"),
  /** smp_load_acquire and acquire RMWs. */
  ACQUIRE("acquire"),
  /** smp_store_release and release RMWs. */
  RELEASE("release"),
  /** atomic_read / atomic_set / relaxed RMWs. */
  RELAXED("relaxed"),
  /** Fully ordered RMWs: xchg, cmpxchg, atomic_*_return. */
  FULL("full"),
  /** A plain access inside data_race(): never reported. */
  DATA_RACE("data_race");

  private final String wireName;

  MemOrder(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the contract's spelling of this marking. */
  public String wireName() {
    return wireName;
  }

  /** Returns the marking with this wire name, or {@code null}. */
  public static MemOrder fromWireName(String name) {
    for (MemOrder mo : values()) {
      if (mo.wireName.equals(name)) {
        return mo;
      }
    }
    return null;
  }

  /** Whether the access is marked in the LKMM sense (everything but plain and data_race). */
  public boolean isMarked() {
    return this != PLAIN && this != DATA_RACE;
  }
}
