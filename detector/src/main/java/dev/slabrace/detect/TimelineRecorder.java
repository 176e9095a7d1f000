package dev.slabrace.detect;

import dev.slabrace.detect.TimelineRing.SyncKind;
import dev.slabrace.finding.FindingSink;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The engine's opt-in context capture: keeps each task's recent events in a {@link TimelineRing}, with
 * the event each acquire-like event synchronised with, and attaches a timeline to every finding.
 *
 * <pre>
 * Implementation notes
 *
 * The engine calls record() before it handles an event, so a finding's later event is already in its
 * task's ring when the finding is delivered. Recording writes primitives into the rings and the maps
 * below; it allocates only when a task is new or a map grows. Which event an event synchronised
 * with follows the engine's own rules: a load reads the store named by rf, else the last store to
 * its address in line order, and only a marked load of a marked store counts (LKMM rfe, a hb edge;
 * a plain reads-from orders nothing, and a plain handoff is the timeline's missing edge); a lock acquires the last unlock of the lock; a wait the last signal of its object; an
 * alloc the last free of its address; a forked task's first event the fork; a join its child's last
 * event; a callback's start its call_rcu. Only addresses that were stored to, and keys that were
 * released, take room: the same order of memory as the engine's shadow and lock tables.
 * </pre>
 */
public final class TimelineRecorder {
  /** Marks a store id in {@link #lastStore} as a marked store (ids are below 2^62). */
  private static final int MARKED_BIT = 1;

  private final EventSource source;
  private final List<TimelineRing> rings = new ArrayList<>();
  private final Long2LongOpenHashMap lastStore = newMap();
  private final Long2LongOpenHashMap lastFree = newMap();
  private final KeyedIds lastUnlock = new KeyedIds();
  private final KeyedIds lastSignal = new KeyedIds();
  private final KeyedIds callRcu = new KeyedIds();
  private final Int2LongOpenHashMap forks = new Int2LongOpenHashMap();

  /** Creates a recorder of {@code source}'s events. */
  public TimelineRecorder(EventSource source) {
    this.source = source;
    forks.defaultReturnValue(TimelineRing.NO_SYNC);
  }

  /**
   * Returns {@code sink} behind a step that attaches each finding's timeline, naming the bytes of its
   * events with {@code regions} (an address to {@code slab->stride}, or empty).
   */
  public FindingSink attachTo(FindingSink sink, LongFunction<String> regions) {
    return finding -> sink.accept(
        finding.withTimeline(new TimelineBuilder(source, rings, regions).build(finding)));
  }

  /** Records one event of the trace; metadata events are not kept. */
  public void record(EventCursor e) {
    if (e.task < 0 || e.op.isMetadata()) {
      return;
    }
    TimelineRing ring = ring(e.task);
    long sync = TimelineRing.NO_SYNC;
    SyncKind kind = SyncKind.NONE;
    switch (e.op) {
      case LOAD, RMW -> {
        long store = e.rf != EventCursor.NO_REF ? storeById(e.rf) : lastStore.get(e.addr);
        if (store != TimelineRing.NO_SYNC && (store & MARKED_BIT) != 0 && e.mo.isMarked()) {
          sync = store >>> 1;
          kind = SyncKind.RF;
        }
        if (e.isWrite()) {
          lastStore.put(e.addr, e.id << 1 | (e.mo.isMarked() ? MARKED_BIT : 0));
        }
      }
      case STORE -> lastStore.put(e.addr, e.id << 1 | (e.mo.isMarked() ? MARKED_BIT : 0));
      case LOCK -> {
        sync = lastUnlock.get(e.key, e.keyIsName);
        kind = SyncKind.LOCK;
      }
      case UNLOCK -> lastUnlock.put(e.key, e.keyIsName, e.id);
      case SIGNAL -> lastSignal.put(e.key, e.keyIsName, e.id);
      case WAIT -> {
        sync = lastSignal.get(e.key, e.keyIsName);
        kind = SyncKind.SIGNAL;
      }
      case ALLOC -> {
        sync = lastFree.remove(e.addr);
        kind = SyncKind.REUSE;
      }
      case FREE -> lastFree.put(e.addr, e.id);
      case FORK -> forks.put(e.child, e.id);
      case JOIN -> {
        sync = e.child < rings.size() && rings.get(e.child) != null
            ? rings.get(e.child).newest() : TimelineRing.NO_SYNC;
        kind = SyncKind.JOIN;
      }
      case CALL_RCU -> callRcu.put(e.key, e.keyIsName, e.id);
      case CB_BEGIN -> {
        sync = callRcu.get(e.key, e.keyIsName);
        kind = SyncKind.CALL_RCU;
      }
      default -> { }
    }
    if (sync == TimelineRing.NO_SYNC && ring.size() == 0) {
      sync = forks.remove(e.task);
      kind = SyncKind.FORK;
    }
    ring.add(e, ip(e), sync, sync == TimelineRing.NO_SYNC ? SyncKind.NONE : kind);
  }

  private TimelineRing ring(int task) {
    while (rings.size() <= task) {
      rings.add(null);
    }
    TimelineRing ring = rings.get(task);
    if (ring == null) {
      ring = new TimelineRing(task);
      rings.set(task, ring);
    }
    return ring;
  }

  /** The store event {@code id} named by an rf, packed as in {@link #lastStore}. */
  private long storeById(long id) {
    for (TimelineRing r : rings) {
      int slot = r == null ? -1 : r.find(id);
      if (slot >= 0) {
        return id << 1 | (r.mo(slot).isMarked() ? MARKED_BIT : 0);
      }
    }
    return id << 1;
  }

  private int ip(EventCursor e) {
    if (e.ip >= 0 || e.stack < 0) {
      return e.ip;
    }
    int[] frames = source.stacks().frames(e.stack);
    return frames.length == 0 ? EventCursor.NONE : frames[0];
  }

  private static Long2LongOpenHashMap newMap() {
    Long2LongOpenHashMap map = new Long2LongOpenHashMap();
    map.defaultReturnValue(TimelineRing.NO_SYNC);
    return map;
  }

  /** Event ids by a lock, signal or callback key, which is an address or an interned name. */
  private static final class KeyedIds {
    private final Long2LongOpenHashMap byAddress = newMap();
    private final Long2LongOpenHashMap byName = newMap();

    long get(long key, boolean isName) {
      return (isName ? byName : byAddress).get(key);
    }

    void put(long key, boolean isName, long id) {
      (isName ? byName : byAddress).put(key, id);
    }
  }
}
