package dev.slabrace.trace;

/**
 * A mutable, reused carrier of one event's fields as primitives: readers fill it, the engine reads it.
 *
 * <p>Fields that an event does not carry hold the named sentinels below. Names (code locations, caches,
 * regions) are interned in the source's {@link SymbolTable}, tasks in its {@link TaskTable}, stacks in
 * its {@link StackTable}; the cursor holds their {@code int} ids, so filling it allocates nothing.
 */
public final class EventCursor {
  /** Sentinel for an absent symbol, task, stack or cpu. */
  public static final int NONE = -1;
  /** Sentinel for an absent event reference ({@code dep}, {@code data}, {@code ctrl}, {@code rf}) or timestamp. */
  public static final long NO_REF = -1L;
  /** Cache flag of a {@code cache} event: SLAB_TYPESAFE_BY_RCU ({@code typesafe_by_rcu}). */
  public static final int TYPESAFE_BY_RCU = 1;

  /** The event's id: explicit, or its 0-based index among the trace's events. */
  public long id;
  /** Where the event was read: a 1-based line number, or a byte offset for binary formats. */
  public long position;
  /** The event kind. */
  public Op op;
  /** Dense task index in the source's {@link TaskTable}, or {@link #NONE} for metadata events. */
  public int task;
  /** CPU number, or {@link #NONE}. */
  public int cpu;
  /** Timestamp in ns, or {@link #NO_REF}. */
  public long ts;
  /** Code location symbol ({@code ip}), or {@link #NONE}. */
  public int ip;
  /** Stack id in the {@link StackTable}, or {@link #NONE}. */
  public int stack;

  /** Access, region or allocation address ({@code addr} / {@code ptr}). */
  public long addr;
  /** Access, region or allocation size in bytes; 0 when a free does not say. */
  public long size;
  /** The stored value ({@code val}, or {@code new} of an RMW), valid when {@link #hasValue}. */
  public long value;
  /** Whether {@link #value} is known. */
  public boolean hasValue;
  /** The value an RMW read ({@code old}), valid when {@link #hasOldValue}. */
  public long oldValue;
  /** Whether {@link #oldValue} is known. */
  public boolean hasOldValue;
  /** The access marking; {@link MemOrder#FULL} is the default for an RMW. */
  public MemOrder mo;
  /** False for a failed cmpxchg ({@code ok:false}). */
  public boolean ok;
  /** Id of the load this access's address depends on, or {@link #NO_REF}. */
  public long dep;
  /** Id of the load whose value this store writes (a data dependency), or {@link #NO_REF}. */
  public long data;
  /** Id of the load a branch before this access tested, or {@link #NO_REF}. */
  public long ctrl;
  /** Id of the store this load read from, or {@link #NO_REF}. */
  public long rf;

  /** The fence kind of a {@code fence} event. */
  public FenceKind fence;
  /** The lock, signal object or callback key: an address, or a symbol id when {@link #keyIsName}. */
  public long key;
  /** Whether {@link #key} is an interned name rather than a number. */
  public boolean keyIsName;
  /** Shared (read-side) mode of a lock or unlock. */
  public boolean shared;
  /** Cache name symbol of an alloc or free, or {@link #NONE}. */
  public int cache;
  /** Child task of a fork or join, or {@link #NONE}. */
  public int child;
  /** Flags of a {@code cache} event, a mask of {@link #TYPESAFE_BY_RCU}; 0 on other events. */
  public int cacheFlags;
  /** Region or declared cache name symbol, or {@link #NONE}. */
  public int name;
  /** Region class, or {@code null}. */
  public RegionClass regionClass;

  /** Creates a cursor holding no event. */
  public EventCursor() {
    clear();
  }

  /** Resets every field to its sentinel, keeping {@link #id} and {@link #position}. */
  public void clear() {
    op = null;
    task = NONE;
    cpu = NONE;
    ts = NO_REF;
    ip = NONE;
    stack = NONE;
    addr = 0;
    size = 0;
    value = 0;
    hasValue = false;
    oldValue = 0;
    hasOldValue = false;
    mo = MemOrder.PLAIN;
    ok = true;
    dep = NO_REF;
    data = NO_REF;
    ctrl = NO_REF;
    rf = NO_REF;
    fence = null;
    key = 0;
    keyIsName = false;
    shared = false;
    cache = NONE;
    child = NONE;
    name = NONE;
    cacheFlags = 0;
    regionClass = null;
  }

  /** Whether this access writes memory: a store, or an RMW that succeeded. */
  public boolean isWrite() {
    return op == Op.STORE || (op == Op.RMW && ok);
  }

  /** Whether this access reads memory: a load or any RMW. */
  public boolean isRead() {
    return op == Op.LOAD || op == Op.RMW;
  }

  /** Copies every field of {@code other} into this cursor. */
  public void copyFrom(EventCursor other) {
    id = other.id;
    position = other.position;
    op = other.op;
    task = other.task;
    cpu = other.cpu;
    ts = other.ts;
    ip = other.ip;
    stack = other.stack;
    addr = other.addr;
    size = other.size;
    value = other.value;
    hasValue = other.hasValue;
    oldValue = other.oldValue;
    hasOldValue = other.hasOldValue;
    mo = other.mo;
    ok = other.ok;
    dep = other.dep;
    data = other.data;
    ctrl = other.ctrl;
    rf = other.rf;
    fence = other.fence;
    key = other.key;
    keyIsName = other.keyIsName;
    shared = other.shared;
    cache = other.cache;
    child = other.child;
    name = other.name;
    cacheFlags = other.cacheFlags;
    regionClass = other.regionClass;
  }
}
