package dev.slabrace.detect;

import dev.slabrace.detect.heap.HeapObject;
import dev.slabrace.detect.heap.SlabMetadata;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;

/**
 * Where object addresses travel: the last store of a live object's address to each location, and each
 * task's loads of object addresses, with the store each load read. Handoff triage walks this back from
 * a finding's later task to the store that published the object.
 *
 * <pre>
 * Implementation notes
 *
 * Only values equal to the base of a live object count as pointers (a store or load with a value in
 * the trace; an RMW reads its old value and stores its new one). A load reads the last pointer store
 * to its address, unless its rf names another store. Entries for an object are dropped at its free,
 * so the state is bounded by live objects and the locations holding their addresses. The tasks
 * that loaded each address since its object's last free are kept, so that a free looks into those
 * tasks' loads only, not into every task's.
 * </pre>
 */
final class PointerTracker {
  /** A store or load of an object's address. */
  record PointerAccess(long id, int task, int cpu, int ip, int stack, MemOrder mo, long addr,
      long size, boolean write, HeapObject object, PointerAccess readFrom) {}

  private final Long2ObjectOpenHashMap<PointerAccess> stores = new Long2ObjectOpenHashMap<>();
  private final Int2ObjectOpenHashMap<Long2ObjectOpenHashMap<PointerAccess>> loads =
      new Int2ObjectOpenHashMap<>();
  private final Int2ObjectOpenHashMap<PointerAccess> latestForeign = new Int2ObjectOpenHashMap<>();
  /** Per object address, the tasks whose loads hold it (only they can have it in latestForeign). */
  private final Long2ObjectOpenHashMap<IntArrayList> loaders = new Long2ObjectOpenHashMap<>();

  /** A load (or the read half of an RMW) of {@code value}; {@code object} is live at that address. */
  void onLoad(EventCursor e, long value, HeapObject object) {
    if (object == null) {
      return;
    }
    PointerAccess store = stores.get(e.addr);
    if (store != null && (store.object().ptr() != value
        || (e.rf != EventCursor.NO_REF && e.rf != store.id()))) {
      store = null;
    }
    Long2ObjectOpenHashMap<PointerAccess> mine =
        loads.computeIfAbsent(e.task, t -> new Long2ObjectOpenHashMap<>());
    if (store != null && store.task() == e.task && mine.containsKey(value)) {
      // the task reads back an address it stored itself: it got the object with its earlier load
      return;
    }
    PointerAccess load = new PointerAccess(e.id, e.task, e.cpu, e.ip, e.stack, e.mo, e.addr, e.size,
        false, object, store);
    if (mine.put(value, load) == null) {
      loaders.computeIfAbsent(value, v -> new IntArrayList(2)).add(e.task);
    }
    if (object.task() != e.task) {
      latestForeign.put(e.task, load);
    }
  }

  /** A store (or the write half of an RMW) of {@code value}; {@code object} is live there, or null. */
  void onStore(EventCursor e, HeapObject object) {
    if (object == null) {
      if (!stores.isEmpty()) {
        stores.remove(e.addr);
      }
      return;
    }
    stores.put(e.addr, new PointerAccess(e.id, e.task, e.cpu, e.ip, e.stack, e.mo, e.addr, e.size,
        true, object, null));
  }

  /** Returns task {@code task}'s last load of the address of the object at {@code ptr}, or null. */
  PointerAccess loadOf(int task, long ptr) {
    Long2ObjectOpenHashMap<PointerAccess> map = loads.get(task);
    return map == null ? null : map.get(ptr);
  }

  /** Returns the task's last load of the address of an object another task allocated, or null. */
  PointerAccess latestForeignLoad(int task) {
    return latestForeign.get(task);
  }

  /** The object at {@code ptr} was freed: forget the loads of its address. */
  void forget(long ptr) {
    IntArrayList tasks = loaders.remove(ptr);
    if (tasks == null) {
      return;
    }
    for (int i = 0; i < tasks.size(); i++) {
      int task = tasks.getInt(i);
      loads.get(task).remove(ptr);
      PointerAccess latest = latestForeign.get(task);
      if (latest != null && latest.object().ptr() == ptr) {
        latestForeign.remove(task);
      }
    }
  }

  /**
   * Follows object addresses through memory, and slab fields, for naming and handoff triage: what
   * access {@code e} loaded or stored that is the address of a live object.
   */
  void follow(EventCursor e, HeapTracker heap, SlabMetadata slabs) {
    if (e.op == Op.LOAD && e.hasValue) {
      onLoad(e, e.value, heap.liveAt(e.value));
    } else if (e.op == Op.RMW && e.hasOldValue) {
      onLoad(e, e.oldValue, heap.liveAt(e.oldValue));
    }
    if (e.isWrite() && e.hasValue) {
      onStore(e, heap.liveAt(e.value));
      if (!slabs.isEmpty()) {
        slabs.onStore(e.addr, e.value);
      }
    }
  }
}
