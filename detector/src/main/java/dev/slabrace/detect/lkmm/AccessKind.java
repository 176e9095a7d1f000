package dev.slabrace.detect.lkmm;

import dev.slabrace.trace.EventCursor;

/**
 * What an access does to memory and how it is marked, the two facts the race condition of {@link
 * Ordering} asks about an access: whether it reads, whether it writes, and whether it is marked
 * (linux-kernel.bell: Marked, Plain = M \ Marked). A successful RMW reads and writes; a failed
 * cmpxchg only reads.
 */
public enum AccessKind {
  /** A plain load. */
  PLAIN_READ(true, false, false),
  /** A plain store. */
  PLAIN_WRITE(false, true, false),
  /** A read-modify-write whose marking is plain. */
  PLAIN_RMW(true, true, false),
  /** A marked load, or a failed marked cmpxchg. */
  MARKED_READ(true, false, true),
  /** A marked store. */
  MARKED_WRITE(false, true, true),
  /** A successful marked read-modify-write. */
  MARKED_RMW(true, true, true);

  private static final AccessKind[] BY_CODE = new AccessKind[8];

  static {
    for (AccessKind k : values()) {
      BY_CODE[code(k.reads, k.writes, k.marked)] = k;
    }
  }

  private final boolean reads;
  private final boolean writes;
  private final boolean marked;

  AccessKind(boolean reads, boolean writes, boolean marked) {
    this.reads = reads;
    this.writes = writes;
    this.marked = marked;
  }

  /** Whether the access reads memory (R, or the read half of an RMW). */
  public boolean reads() {
    return reads;
  }

  /** Whether the access writes memory (W, or the write half of a successful RMW). */
  public boolean writes() {
    return writes;
  }

  /** Whether the access is marked: it never races with another marked access. */
  public boolean marked() {
    return marked;
  }

  /** Returns the kind that reads, writes and is marked as given; at least one of the first two. */
  public static AccessKind of(boolean reads, boolean writes, boolean marked) {
    AccessKind k = BY_CODE[code(reads, writes, marked)];
    if (k == null) {
      throw new IllegalArgumentException("an access reads or writes");
    }
    return k;
  }

  /** Returns the kind of the load, store or RMW {@code e}. */
  public static AccessKind of(EventCursor e) {
    return of(e.isRead(), e.isWrite(), e.mo.isMarked());
  }

  private static int code(boolean reads, boolean writes, boolean marked) {
    return (reads ? 1 : 0) | (writes ? 2 : 0) | (marked ? 4 : 0);
  }
}
