package dev.slabrace.trace;

/**
 * The check that an access's references name events of the right kind: {@code dep}, {@code data}
 * and {@code ctrl} an earlier load (or RMW, whose read part is one) of the same task, {@code rf} an
 * earlier store or RMW whose bytes overlap the load's, or the {@code alloc} of the object holding
 * them (its initial value).
 *
 * <p>Memory is bounded: a ring of the last {@link #WINDOW} accesses and allocations, with their ids,
 * tasks, kinds and extents. Ids strictly increase, so the ring is sorted and a reference is found by
 * binary search. An id below the ring's oldest entry once the ring has wrapped can no longer be
 * checked and is taken as given; an id within the ring's span that it does not hold names an event
 * of another kind (a fence, a lock...) or no event at all.
 */
public final class EventReferences {
  /** How many of the latest accesses and allocations are kept for checking. */
  public static final int WINDOW = 1 << 18;

  private static final byte LOAD = 1;
  private static final byte STORE = 2;
  private static final byte RMW = 3;
  private static final byte ALLOC = 4;

  private final int capacity;
  private final long[] ids;
  private final long[] addrs;
  private final long[] sizes;
  private final int[] tasks;
  private final byte[] kinds;
  /** Entries written so far; the ring holds the last min(count, capacity). */
  private long count;

  /** Creates a check with the default window. */
  public EventReferences() {
    this(WINDOW);
  }

  /** Creates a check that keeps the last {@code capacity} accesses and allocations (for tests). */
  EventReferences(int capacity) {
    this.capacity = capacity;
    ids = new long[capacity];
    addrs = new long[capacity];
    sizes = new long[capacity];
    tasks = new int[capacity];
    kinds = new byte[capacity];
  }

  /**
   * Returns what is wrong with the references of the well-formed event {@code c}, naming the field,
   * or null if there is nothing wrong (or nothing that can still be checked).
   */
  public String problem(EventCursor c) {
    if (!c.op.isAccess()) {
      return null;
    }
    String p = null;
    if (c.dep != EventCursor.NO_REF) {
      p = load("dep", c.dep, c);
    }
    if (p == null && c.data != EventCursor.NO_REF) {
      p = c.op == Op.LOAD || (c.op == Op.RMW && !c.ok)
          ? "data on a failed rmw: a data dependency goes into a store" : load("data", c.data, c);
    }
    if (p == null && c.ctrl != EventCursor.NO_REF) {
      p = load("ctrl", c.ctrl, c);
    }
    if (p == null && c.rf != EventCursor.NO_REF) {
      p = source(c);
    }
    return p;
  }

  /** Records the accepted event {@code c} if it is an access or allocation. */
  public void accept(EventCursor c) {
    byte kind = switch (c.op) {
      case LOAD -> LOAD;
      case STORE -> STORE;
      case RMW -> RMW;
      case ALLOC -> ALLOC;
      default -> 0;
    };
    if (kind == 0) {
      return;
    }
    int i = (int) (count % capacity);
    ids[i] = c.id;
    addrs[i] = c.addr;
    sizes[i] = c.size;
    tasks[i] = c.task;
    kinds[i] = kind;
    count++;
  }

  private String load(String field, long id, EventCursor c) {
    if (id >= c.id) {
      return field + " " + id + " does not name an earlier event";
    }
    int i = find(id);
    if (i == UNCHECKED) {
      return null;
    }
    if (i < 0 || kinds[i] == STORE || kinds[i] == ALLOC) {
      return field + " " + id + " does not name a load" + (i < 0 ? "" : " (it is "
          + kindName(kinds[i]) + ")");
    }
    if (tasks[i] != c.task) {
      return field + " " + id + " names a load of another task";
    }
    return null;
  }

  private String source(EventCursor c) {
    long id = c.rf;
    if (id >= c.id) {
      return "rf " + id + " does not name an earlier event";
    }
    int i = find(id);
    if (i == UNCHECKED) {
      return null;
    }
    if (i < 0 || kinds[i] == LOAD) {
      return "rf " + id + " does not name a store" + (i < 0 ? "" : " (it is a load)");
    }
    boolean overlaps = kinds[i] == ALLOC
        ? Long.compareUnsigned(c.addr - addrs[i], sizes[i]) < 0
            && Long.compareUnsigned(c.addr + c.size - 1 - addrs[i], sizes[i]) < 0
        : Long.compareUnsigned(c.addr - addrs[i], sizes[i]) < 0
            || Long.compareUnsigned(addrs[i] - c.addr, c.size) < 0;
    if (!overlaps) {
      return "rf " + id + " names " + kindName(kinds[i]) + " of 0x" + Long.toHexString(addrs[i])
          + " (size " + sizes[i] + "), not of 0x" + Long.toHexString(c.addr);
    }
    return null;
  }

  private static final int UNCHECKED = Integer.MIN_VALUE;

  /** Returns the ring index of {@code id}, -1 if the ring's span holds no such entry, or UNCHECKED. */
  private int find(long id) {
    long first = Math.max(0, count - capacity);
    if (count == 0) {
      return -1;
    }
    if (id < ids[(int) (first % capacity)]) {
      return first == 0 ? -1 : UNCHECKED;
    }
    long lo = first;
    long hi = count - 1;
    while (lo <= hi) {
      long mid = (lo + hi) >>> 1;
      long v = ids[(int) (mid % capacity)];
      if (v < id) {
        lo = mid + 1;
      } else if (v > id) {
        hi = mid - 1;
      } else {
        return (int) (mid % capacity);
      }
    }
    return -1;
  }

  private static String kindName(byte kind) {
    return switch (kind) {
      case LOAD -> "a load";
      case STORE -> "a store";
      case RMW -> "an rmw";
      default -> "an alloc";
    };
  }
}
