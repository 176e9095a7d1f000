package dev.slabrace.detect;

import dev.slabrace.trace.EventCursor;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;

/**
 * Dependencies carried through plain memory of one task (linux-kernel.bell: {@code carry-dep =
 * (data ; rfi)*}, {@code addr}, {@code data} and {@code ctrl} each preceded by it): a plain store
 * whose {@code data} names a marked load, read back by a plain load of the same task, makes that
 * load stand for the marked load, so that an access depending on it depends on the marked load.
 *
 * <pre>
 * Implementation notes
 *
 * The pairing is the engine's: a load reads the store its rf names, else the latest store to its
 * exact address. Only addresses whose latest store carries a dependency are kept (any other store
 * to the address removes it), so an address costs an entry only while it holds such a value; the
 * store itself is remembered by its task (TaskState.rememberCarry), and the load, standing for the
 * marked load, enters the task's recent loads with what that load received and its epoch.
 * </pre>
 */
final class CarriedDependencies {
  /** Per address, the latest store to it, if that store carries a dependency. */
  private final Long2LongOpenHashMap carrier = new Long2LongOpenHashMap();

  CarriedDependencies() {
    carrier.defaultReturnValue(-1);
  }

  /**
   * A store {@code e} of task {@code t} ({@code own}: t is the task's own state, not the shared
   * one of unsynchronised tasks): remembered if it is plain and writes a value read by a load the
   * task remembers; otherwise it ends what the address carried.
   */
  void onStore(EventCursor e, TaskState t, boolean own) {
    if (own && !e.mo.isMarked() && e.data != EventCursor.NO_REF && t.load(e.data) != null) {
      carrier.put(e.addr, e.id);
      t.rememberCarry(e.id, e.data);
    } else if (!carrier.isEmpty()) {
      carrier.remove(e.addr);
    }
  }

  /**
   * A plain load {@code e} of task {@code t}: if it reads one of the task's own carrying stores, it
   * stands from now on for the load whose value that store wrote.
   */
  void onPlainLoad(EventCursor e, TaskState t, boolean own) {
    if (!own || (carrier.isEmpty() && e.rf == EventCursor.NO_REF)) {
      return;
    }
    long store = e.rf != EventCursor.NO_REF ? e.rf : carrier.get(e.addr);
    if (store < 0) {
      return;
    }
    long load = t.carriedLoad(store);
    if (load >= 0) {
      t.rememberCarriedLoad(e.id, load);
    }
  }
}
