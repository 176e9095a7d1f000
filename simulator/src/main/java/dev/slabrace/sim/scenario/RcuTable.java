package dev.slabrace.sim.scenario;

import dev.slabrace.sim.exec.Context;
import dev.slabrace.sim.exec.Emitter;
import dev.slabrace.sim.exec.Step;
import dev.slabrace.sim.kernel.Kernel;
import dev.slabrace.sim.kernel.Rcu;
import dev.slabrace.sim.kernel.Slub;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.RegionClass;
import java.util.SplittableRandom;

/**
 * A table of RCU-protected pointers to kmalloc'd entries that every CPU of the mixed workload looks
 * up, publishes and deletes: the kernel's textbook RCU idiom. Readers take rcu_read_lock(),
 * rcu_dereference() a slot and read the entry's fields through the pointer (an address dependency);
 * updaters serialise on the table's spinlock, publish with rcu_assign_pointer(), unpublish with
 * WRITE_ONCE(slot, NULL) or a replacing rcu_assign_pointer(), and free the old entry after
 * synchronize_rcu() or from an RCU callback (kfree_rcu through call_rcu).
 *
 * <pre>
 * Implementation notes
 *
 * struct slabsim_entry: rcu_head at 0x00 (16 bytes, which call_rcu writes while readers may still
 * read the entry), key at 0x10, value at 0x18, the rest payload. A published entry is never written
 * again: readers read key and value only, which the initialisation wrote before the publication,
 * and the grace period orders every reader that could have seen the entry before its free.
 * Half of the lookups keep their read-side section open across a step, so that readers are running
 * at some gp_begin and call_rcu and hold the grace period up (Rcu counts no quiescent state for them);
 * the others have ended before the grace period starts, which the trace contract orders just the same.
 * </pre>
 */
final class RcuTable {
  /** The region name of the slot array. */
  static final String REGION = "slabsim_rcu_table[]";
  private static final int KEY = 0x10;
  private static final int VALUE = 0x18;
  private static final int RCU_HEAD_SIZE = 16;
  private static final int[] SIZES = {32, 64, 96, 128, 192, 256};

  private static final String LOOKUP_LOCK = "slabsim_rcu_lookup+0x9/0xa0";
  private static final String LOOKUP_DEREF = "slabsim_rcu_lookup+0x1d/0xa0";
  private static final String LOOKUP_KEY = "slabsim_rcu_lookup+0x2a/0xa0";
  private static final String LOOKUP_VALUE = "slabsim_rcu_lookup+0x4e/0xa0";
  private static final String LOOKUP_UNLOCK = "slabsim_rcu_lookup+0x83/0xa0";
  private static final String INSERT_ALLOC = "slabsim_rcu_insert+0x2f/0x150";
  private static final String INSERT_KEY = "slabsim_rcu_insert+0x48/0x150";
  private static final String INSERT_VALUE = "slabsim_rcu_insert+0x51/0x150";
  private static final String INSERT_LOCK = "slabsim_rcu_insert+0x62/0x150";
  private static final String INSERT_OLD = "slabsim_rcu_insert+0x74/0x150";
  private static final String INSERT_PUBLISH = "slabsim_rcu_insert+0x8b/0x150";
  private static final String INSERT_UNLOCK = "slabsim_rcu_insert+0x96/0x150";
  private static final String INSERT_RETIRE = "slabsim_rcu_insert+0xc1/0x150";
  private static final String DELETE_LOCK = "slabsim_rcu_delete+0x1b/0xc0";
  private static final String DELETE_OLD = "slabsim_rcu_delete+0x2d/0xc0";
  private static final String DELETE_CLEAR = "slabsim_rcu_delete+0x3e/0xc0";
  private static final String DELETE_UNLOCK = "slabsim_rcu_delete+0x49/0xc0";
  private static final String DELETE_RETIRE = "slabsim_rcu_delete+0x6f/0xc0";
  private static final String RETIRE_SYNC = "slabsim_rcu_retire+0x16/0x70";
  private static final String RETIRE_KFREE = "slabsim_rcu_retire+0x22/0x70";
  private static final String RETIRE_QUEUE = "slabsim_rcu_retire+0x45/0x70";
  private static final String RETIRE_RCU_HEAD = "__call_rcu_common+0x3b/0x5c0";
  private static final String RCU_CALLBACK = "slabsim_entry_free_rcu+0x11/0x30";

  private final Emitter em;
  private final Slub slub;
  private final Rcu rcu;
  private final long base;
  private final long lock;
  /** The entry each slot points to, or 0. */
  private final long[] slots;
  /** The key of the entry in each slot. */
  private final long[] keys;
  private long nextKey = 1;

  /** Creates a table of {@code size} slots in the kernel's user data, with its lock. */
  RcuTable(Kernel kernel, int size) {
    this.em = kernel.emitter();
    this.slub = kernel.slub();
    this.rcu = kernel.rcu();
    this.slots = new long[size];
    this.keys = new long[size];
    this.base = kernel.userData(size * 8);
    this.lock = kernel.userData(8);
    em.region(base, size * 8L, REGION, RegionClass.USER);
  }

  /**
   * Runs one table operation of the current CPU, chosen by {@code roll} in [0, 25): a lookup (more
   * than half), an insertion or replacement, a deletion freed after synchronize_rcu(), or a deletion
   * freed by call_rcu().
   */
  void step(Context ctx, SplittableRandom r, int roll) {
    int slot = r.nextInt(slots.length);
    if (roll < 13) {
      lookup(ctx, slot, r.nextBoolean());
    } else if (roll < 18) {
      insert(slot, r);
    } else {
      delete(slot, roll < 21 ? Retire.SYNCHRONIZE : Retire.CALL_RCU);
    }
  }

  /** How an updater frees the entry it unpublished. */
  private enum Retire {
    SYNCHRONIZE,
    CALL_RCU
  }

  private static long value(long key) {
    return key * 0x9e3779b97f4a7c15L;
  }

  /** rcu_read_lock(); e = rcu_dereference(slot); e->key, e->value; rcu_read_unlock(). */
  private void lookup(Context ctx, int slot, boolean spanSteps) {
    long ptr = slots[slot];
    long key = keys[slot];
    em.rcuReadLock(LOOKUP_LOCK);
    long deref = em.load(base + 8L * slot, 8, MemOrder.ONCE, LOOKUP_DEREF, ptr);
    if (ptr != 0) {
      em.loadDep(ptr + KEY, 8, MemOrder.PLAIN, LOOKUP_KEY, key, deref);
    }
    if (!spanSteps) {
      finishLookup(ptr, key, deref);
      return;
    }
    Emitter.CallChain chain = em.chain();
    ctx.next(Step.of(() -> {
      try (Emitter.Frame resumed = em.resume(chain)) {
        finishLookup(ptr, key, deref);
      }
    }));
  }

  private void finishLookup(long ptr, long key, long deref) {
    if (ptr != 0) {
      em.loadDep(ptr + VALUE, 8, MemOrder.PLAIN, LOOKUP_VALUE, value(key), deref);
    }
    em.rcuReadUnlock(LOOKUP_UNLOCK);
  }

  /** A new entry, initialised, then published in {@code slot}; an entry it replaces is retired. */
  private void insert(int slot, SplittableRandom r) {
    long ptr;
    try (Emitter.Frame f = em.call(INSERT_ALLOC)) {
      ptr = slub.kmalloc(SIZES[r.nextInt(SIZES.length)], r.nextInt(4) == 0);
    }
    long key = nextKey++;
    em.store(ptr + KEY, 8, MemOrder.PLAIN, INSERT_KEY, key);
    em.store(ptr + VALUE, 8, MemOrder.PLAIN, INSERT_VALUE, value(key));
    long address = base + 8L * slot;
    em.lock(lock, INSERT_LOCK);
    long old = slots[slot];
    em.load(address, 8, MemOrder.PLAIN, INSERT_OLD, old);
    em.store(address, 8, MemOrder.RELEASE, INSERT_PUBLISH, ptr);
    slots[slot] = ptr;
    keys[slot] = key;
    em.unlock(lock, INSERT_UNLOCK);
    if (old != 0) {
      try (Emitter.Frame f = em.call(INSERT_RETIRE)) {
        retire(old, r.nextBoolean() ? Retire.SYNCHRONIZE : Retire.CALL_RCU);
      }
    }
  }

  /** Unpublishes the entry in {@code slot}, if any, and retires it. */
  private void delete(int slot, Retire how) {
    long address = base + 8L * slot;
    em.lock(lock, DELETE_LOCK);
    long old = slots[slot];
    em.load(address, 8, MemOrder.PLAIN, DELETE_OLD, old);
    if (old != 0) {
      em.store(address, 8, MemOrder.ONCE, DELETE_CLEAR, 0);
      slots[slot] = 0;
    }
    em.unlock(lock, DELETE_UNLOCK);
    if (old != 0) {
      try (Emitter.Frame f = em.call(DELETE_RETIRE)) {
        retire(old, how);
      }
    }
  }

  /**
   * Frees an unpublished entry once no reader can hold it: kfree after synchronize_rcu(), or
   * kfree_rcu() (call_rcu of a callback that kfrees). While some CPU waits in rcu_barrier() no callback
   * is queued (see {@link Rcu#barrierWaiting()}), so the entry waits in synchronize_rcu() instead.
   */
  private void retire(long ptr, Retire how) {
    if (how == Retire.CALL_RCU && !rcu.barrierWaiting()) {
      em.fill(ptr, RCU_HEAD_SIZE, RETIRE_RCU_HEAD);
      rcu.callRcu(ptr, RETIRE_QUEUE, () -> {
        try (Emitter.Frame g = em.call(RCU_CALLBACK)) {
          slub.kfree(ptr);
        }
      });
      return;
    }
    rcu.synchronize(RETIRE_SYNC, () -> {
      try (Emitter.Frame g = em.call(RETIRE_KFREE)) {
        slub.kfree(ptr);
      }
    });
  }
}
