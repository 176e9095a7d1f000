package dev.slabrace.detect;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.FenceKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;

/**
 * One task's most recent events in compact primitive form, for timelines: a fixed ring of
 * {@link #CAPACITY} slots that recording overwrites without allocating.
 */
final class TimelineRing {
  /** How many events per task are kept. */
  static final int CAPACITY = 64;

  /** Sentinel of {@link #syncWith}: the event synchronised with nothing. */
  static final long NO_SYNC = -1L;

  private static final Op[] OPS = Op.values();
  private static final MemOrder[] ORDERS = MemOrder.values();
  private static final FenceKind[] FENCES = FenceKind.values();

  final int task;
  private final long[] ids = new long[CAPACITY];
  private final byte[] ops = new byte[CAPACITY];
  private final byte[] orders = new byte[CAPACITY];
  private final byte[] fences = new byte[CAPACITY];
  private final boolean[] failed = new boolean[CAPACITY];
  private final boolean[] shared = new boolean[CAPACITY];
  private final boolean[] keyIsName = new boolean[CAPACITY];
  private final long[] addrs = new long[CAPACITY];
  private final long[] sizes = new long[CAPACITY];
  private final long[] keys = new long[CAPACITY];
  private final long[] values = new long[CAPACITY];
  private final boolean[] hasValue = new boolean[CAPACITY];
  private final int[] children = new int[CAPACITY];
  private final int[] caches = new int[CAPACITY];
  private final int[] ips = new int[CAPACITY];
  private final int[] cpus = new int[CAPACITY];
  private final long[] syncWith = new long[CAPACITY];
  private final byte[] syncKinds = new byte[CAPACITY];
  private int count;
  private int next;

  TimelineRing(int task) {
    this.task = task;
  }

  /** Records {@code e}, code location {@code ip}, synchronised with event {@code sync} by {@code kind}. */
  void add(EventCursor e, int ip, long sync, SyncKind kind) {
    int i = next;
    ids[i] = e.id;
    ops[i] = (byte) e.op.ordinal();
    orders[i] = (byte) e.mo.ordinal();
    fences[i] = (byte) (e.fence == null ? -1 : e.fence.ordinal());
    failed[i] = !e.ok;
    shared[i] = e.shared;
    keyIsName[i] = e.keyIsName;
    addrs[i] = e.addr;
    sizes[i] = e.size;
    keys[i] = e.key;
    values[i] = e.value;
    hasValue[i] = e.hasValue;
    children[i] = e.child;
    caches[i] = e.cache;
    ips[i] = ip;
    cpus[i] = e.cpu;
    syncWith[i] = sync;
    syncKinds[i] = (byte) kind.ordinal();
    next = (next + 1) % CAPACITY;
    count = Math.min(count + 1, CAPACITY);
  }

  /** Returns how many events are kept. */
  int size() {
    return count;
  }

  /** Returns the slot of the {@code n}-th kept event, oldest first. */
  int slot(int n) {
    return (next - count + n + CAPACITY) % CAPACITY;
  }

  /** Returns the slot of event {@code id}, or -1 if it is not kept. */
  int find(long id) {
    for (int n = 0; n < count; n++) {
      if (ids[slot(n)] == id) {
        return slot(n);
      }
    }
    return -1;
  }

  /** Returns the id of the newest event, or {@link #NO_SYNC} if there is none. */
  long newest() {
    return count == 0 ? NO_SYNC : ids[slot(count - 1)];
  }

  long id(int slot) {
    return ids[slot];
  }

  Op op(int slot) {
    return OPS[ops[slot]];
  }

  MemOrder mo(int slot) {
    return ORDERS[orders[slot]];
  }

  FenceKind fence(int slot) {
    return fences[slot] < 0 ? null : FENCES[fences[slot]];
  }

  boolean failed(int slot) {
    return failed[slot];
  }

  boolean shared(int slot) {
    return shared[slot];
  }

  boolean keyIsName(int slot) {
    return keyIsName[slot];
  }

  long addr(int slot) {
    return addrs[slot];
  }

  long size(int slot) {
    return sizes[slot];
  }

  boolean hasValue(int slot) {
    return hasValue[slot];
  }

  long value(int slot) {
    return values[slot];
  }

  long key(int slot) {
    return keys[slot];
  }

  int child(int slot) {
    return children[slot];
  }

  int cache(int slot) {
    return caches[slot];
  }

  int ip(int slot) {
    return ips[slot];
  }

  int cpu(int slot) {
    return cpus[slot];
  }

  long syncWith(int slot) {
    return syncWith[slot];
  }

  SyncKind syncKind(int slot) {
    return SyncKind.KINDS[syncKinds[slot]];
  }

  /** How an event synchronised with an earlier one; {@link #wireName()} is the timeline's edge kind. */
  enum SyncKind {
    /** Synchronised with nothing. */
    NONE(""),
    /** A marked load read a marked store (LKMM rfe, part of hb). */
    RF("rf"),
    /** A lock acquired what the last unlock released. */
    LOCK("lock"),
    /** A wait matched a signal. */
    SIGNAL("signal"),
    /** The first event of a forked task. */
    FORK("fork"),
    /** A join waited for the child's last event. */
    JOIN("join"),
    /** An allocation reused memory a free released. */
    REUSE("reuse"),
    /** A callback started after its call_rcu. */
    CALL_RCU("call_rcu");

    private static final SyncKind[] KINDS = values();

    private final String wireName;

    SyncKind(String wireName) {
      this.wireName = wireName;
    }

    String wireName() {
      return wireName;
    }
  }
}
