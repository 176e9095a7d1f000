package dev.slabrace.sim.scenario;

import dev.slabrace.sim.exec.Emitter;
import dev.slabrace.sim.kernel.Kernel;
import dev.slabrace.sim.kernel.KmemCache;
import dev.slabrace.sim.kernel.Slub;
import dev.slabrace.sim.kernel.SlubVersion;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.FenceKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.RegionClass;
import java.util.List;

/**
 * The lookup that include/linux/slab.h documents for a SLAB_TYPESAFE_BY_RCU cache (the caches of
 * sighand, files, sockets, anon_vma): under rcu_read_lock() find the object, take a reference with
 * refcount_inc_not_zero(), which fails on an object already freed, then check the key again, since
 * the memory may hold a new object by now. The owner frees an object while the reader holds its
 * address and the cache hands the same memory out again at once. The fixed lookup reads only the
 * key (READ_ONCE) before it holds a reference; the buggy one also reads a field plainly, and that
 * read races with the next owner's plain initialisation of the field.
 *
 * <pre>
 * Implementation notes
 *
 * struct slabsim_obj (cache slabsim_obj, declared by a cache event with typesafe_by_rcu): refcnt at
 * 0x00, key at 0x08 (written with WRITE_ONCE: lockless readers compare it), state at 0x18 and data
 * at 0x20 (plain). An insertion initialises the object, sets the count with refcount_set_release()
 * and publishes it with rcu_assign_pointer() in the bucket of its key under the table lock; a deletion
 * unpublishes it, drops the owner's reference (refcount_dec_and_test, smp_acquire__after_ctrl_dep)
 * and frees it. cpu 0 owns every object, cpu 1 looks up; guards force this order on every seed:
 *
 *   1. cpu 0 inserts K1.          cpu 1 finds K1's object (read-side section open).
 *   2. cpu 0 deletes K1 (frees).  cpu 1: refcount_inc_not_zero reads 0 and fails (ok:false); it
 *                                 unlocks and looks again: K1's bucket is empty.
 *   3. cpu 0 inserts K2.          cpu 1 finds K2's object (section open).
 *   4. cpu 0 deletes K2 and inserts K3 in the same memory. cpu 1: the increment succeeds (1 -> 2), the
 *                                 recheck reads K3: it puts the reference, unlocks and looks again.
 *   5. cpu 1 finds K3, takes a reference, rechecks, reads state and data, puts the reference.
 *   6. cpu 0 deletes K3.
 *
 * Each insertion after the first gets the memory just freed, from cpu 0's freelist (LIFO). The
 * failed increment touches the freed object inside a read-side section that began before the free:
 * with typesafe_by_rcu no use-after-free. In the buggy variant every find also reads obj->state
 * plainly (with an address dependency on the rcu_dereference); the reads in K1's and K2's objects race
 * with the next insertion's plain initialisation of state, since nothing orders them.
 * </pre>
 */
final class TypesafeScenario extends FocusedScenario {
  /** The cache. */
  static final String CACHE = "slabsim_obj";
  private static final int REFCNT = 0x00;
  private static final int KEY = 0x08;
  private static final int STATE = 0x18;
  private static final int DATA = 0x20;
  private static final int SIZE = 0x40;
  private static final int BUCKETS = 4;
  private static final int LIVE = 1;
  private static final long K1 = 0x1001;
  private static final long K2 = 0x2002;
  private static final long K3 = 0x3003;

  private static final String OWNER = "slabsim_obj_work+0x44/0x130";
  private static final String READER = "slabsim_obj_user+0x2b/0xd0";
  private static final String INSERT = "slabsim_obj_work+0x2e/0x130";
  private static final String INSERT_ALLOC = "slabsim_obj_insert+0x1c/0x120";
  private static final String INSERT_KEY = "slabsim_obj_insert+0x31/0x120";
  private static final String INSERT_STATE = "slabsim_obj_insert+0x3a/0x120";
  private static final String INSERT_DATA = "slabsim_obj_insert+0x45/0x120";
  private static final String INSERT_REF = "slabsim_obj_insert+0x52/0x120";
  private static final String INSERT_LOCK = "slabsim_obj_insert+0x63/0x120";
  private static final String INSERT_PUBLISH = "slabsim_obj_insert+0x7a/0x120";
  private static final String INSERT_UNLOCK = "slabsim_obj_insert+0x85/0x120";
  private static final String DELETE = "slabsim_obj_work+0x39/0x130";
  private static final String DELETE_LOCK = "slabsim_obj_delete+0x17/0xb0";
  private static final String DELETE_UNPUBLISH = "slabsim_obj_delete+0x2c/0xb0";
  private static final String DELETE_UNLOCK = "slabsim_obj_delete+0x37/0xb0";
  private static final String DELETE_PUT = "slabsim_obj_delete+0x4b/0xb0";
  private static final String PUT_DEC = "slabsim_obj_put+0x12/0x50";
  private static final String PUT_ACQUIRE = "slabsim_obj_put+0x1b/0x50";
  private static final String PUT_FREE = "slabsim_obj_put+0x2d/0x50";
  private static final String LOOKUP = "slabsim_obj_user+0x1f/0xd0";
  private static final String LOOKUP_LOCK = "slabsim_obj_lookup+0xe/0x150";
  private static final String LOOKUP_DEREF = "slabsim_obj_lookup+0x22/0x150";
  private static final String LOOKUP_KEY = "slabsim_obj_lookup+0x2f/0x150";
  private static final String LOOKUP_STATE = "slabsim_obj_lookup+0x3b/0x150";
  private static final String LOOKUP_GET = "slabsim_obj_lookup+0x58/0x150";
  private static final String LOOKUP_ACQUIRE = "slabsim_obj_lookup+0x61/0x150";
  private static final String LOOKUP_RECHECK = "slabsim_obj_lookup+0x6d/0x150";
  private static final String LOOKUP_PUT = "slabsim_obj_lookup+0x9a/0x150";
  private static final String LOOKUP_UNLOCK = "slabsim_obj_lookup+0xc4/0x150";
  private static final String USE_STATE = "slabsim_obj_user+0x4d/0xd0";
  private static final String USE_DATA = "slabsim_obj_user+0x58/0xd0";
  private static final String USE_PUT = "slabsim_obj_user+0x6e/0xd0";

  static final List<TypesafeScenario> ALL = List.of(
      new TypesafeScenario("typesafe-lookup-plain", "a lookup in a SLAB_TYPESAFE_BY_RCU cache reads"
          + " a field plainly before refcount_inc_not_zero() and the key recheck: it races with the"
          + " initialisation by the object's next owner, which reuses the memory at once",
          new Expectation("data-race", "slabsim_obj->state", "slabsim_obj_lookup",
              "slabsim_obj_insert", List.of("slabsim_obj->"))),
      new TypesafeScenario("typesafe-lookup-recheck", "a lookup in a SLAB_TYPESAFE_BY_RCU cache reads"
          + " the object only after refcount_inc_not_zero() and the key recheck, while its memory is"
          + " freed and reused: clean", null));

  private TypesafeScenario(String name, String description, Expectation expectation) {
    super(name, description, expectation, SlubVersion.STRIDE_EARLY, 2);
  }

  /** The state of one run: the object's memory and what each CPU has done. */
  private static final class Run {
    KmemCache cache;
    long table;
    long lock;
    long obj;
    int refcnt;
    /** The reader's rcu_dereference of the bucket it holds the object from. */
    long deref;
    /** How many of its steps the owner has finished. */
    int owner;
    /** How many of its steps the reader has finished. */
    int reader;
  }

  @Override
  void setUpRoles(Kernel kernel) {
    Emitter em = kernel.emitter();
    Slub slub = kernel.slub();
    Run run = new Run();
    run.cache = slub.bootCache(CACHE, SIZE, KmemCache.TYPESAFE_BY_RCU, 5);
    em.cache(CACHE, EventCursor.TYPESAFE_BY_RCU);
    run.table = kernel.userData(BUCKETS * 8);
    run.lock = kernel.userData(8);
    em.region(run.table, BUCKETS * 8L, "slabsim_obj_hash[]", RegionClass.USER);
    boolean plainPeek = buggy();
    kernel.cpu(0)
        .then(() -> {
          insert(em, slub, run, K1);
          run.owner = 1;
        })
        .then(() -> run.reader == 1, () -> {
          delete(em, slub, run, K1);
          run.owner = 2;
        })
        .then(() -> run.reader == 2, () -> {
          insert(em, slub, run, K2);
          run.owner = 3;
        })
        .then(() -> run.reader == 3, () -> {
          delete(em, slub, run, K2);
          insert(em, slub, run, K3);
          run.owner = 4;
        })
        .then(() -> run.reader == 5, () -> delete(em, slub, run, K3));
    kernel.cpu(1)
        .then(() -> run.owner == 1, () -> {
          try (Emitter.Frame f = em.call(LOOKUP)) {
            find(em, run, K1, plainPeek);
          }
          run.reader = 1;
        })
        .then(() -> run.owner == 2, () -> {
          try (Emitter.Frame f = em.call(LOOKUP)) {
            boolean got = get(em, run);
            if (got) {
              throw new IllegalStateException("refcount_inc_not_zero on a freed object succeeded");
            }
            em.rcuReadUnlock(LOOKUP_UNLOCK);
            retry(em, run, K1);
          }
          run.reader = 2;
        })
        .then(() -> run.owner == 3, () -> {
          try (Emitter.Frame f = em.call(LOOKUP)) {
            find(em, run, K2, plainPeek);
          }
          run.reader = 3;
        })
        .then(() -> run.owner == 4, () -> {
          try (Emitter.Frame f = em.call(LOOKUP)) {
            if (!get(em, run)) {
              throw new IllegalStateException("refcount_inc_not_zero on the reused object failed");
            }
            em.loadDep(run.obj + KEY, 8, MemOrder.ONCE, LOOKUP_RECHECK, K3, run.deref);
            // not the object looked for: put the reference and look again
            em.rmw(run.obj + REFCNT, 4, MemOrder.RELEASE, LOOKUP_PUT, run.refcnt, run.refcnt - 1);
            run.refcnt--;
            em.rcuReadUnlock(LOOKUP_UNLOCK);
            retry(em, run, K2);
          }
          run.reader = 4;
        })
        .then(() -> {
          try (Emitter.Frame f = em.call(LOOKUP)) {
            find(em, run, K3, plainPeek);
            if (!get(em, run)) {
              throw new IllegalStateException("refcount_inc_not_zero on a live object failed");
            }
            em.loadDep(run.obj + KEY, 8, MemOrder.ONCE, LOOKUP_RECHECK, K3, run.deref);
            em.rcuReadUnlock(LOOKUP_UNLOCK);
          }
          em.loadDep(run.obj + STATE, 4, MemOrder.PLAIN, USE_STATE, LIVE, run.deref);
          em.loadDep(run.obj + DATA, 8, MemOrder.PLAIN, USE_DATA, K3 << 4, run.deref);
          em.rmw(run.obj + REFCNT, 4, MemOrder.RELEASE, USE_PUT, run.refcnt, run.refcnt - 1);
          run.refcnt--;
          run.reader = 5;
        });
  }

  private static long bucket(Run run, long key) {
    return run.table + 8 * (key >>> 12);
  }

  /** kmem_cache_alloc(), initialisation, refcount_set_release(1), rcu_assign_pointer() under the lock. */
  private static void insert(Emitter em, Slub slub, Run run, long key) {
    try (Emitter.Frame f = em.call(INSERT)) {
      long obj;
      try (Emitter.Frame g = em.call(INSERT_ALLOC)) {
        obj = slub.kmemCacheAlloc(run.cache, false, false);
      }
      if (run.obj == 0) {
        em.region(obj + REFCNT, 4, "slabsim_obj->refcnt", RegionClass.OBJECT);
        em.region(obj + KEY, 8, "slabsim_obj->key", RegionClass.OBJECT);
        em.region(obj + STATE, 4, "slabsim_obj->state", RegionClass.OBJECT);
        em.region(obj + DATA, 8, "slabsim_obj->data", RegionClass.OBJECT);
        run.obj = obj;
      } else if (obj != run.obj) {
        throw new IllegalStateException("the cache did not hand out the object just freed again");
      }
      em.store(obj + KEY, 8, MemOrder.ONCE, INSERT_KEY, key);
      em.store(obj + STATE, 4, MemOrder.PLAIN, INSERT_STATE, LIVE);
      em.store(obj + DATA, 8, MemOrder.PLAIN, INSERT_DATA, key << 4);
      em.store(obj + REFCNT, 4, MemOrder.RELEASE, INSERT_REF, 1);
      run.refcnt = 1;
      em.lock(run.lock, INSERT_LOCK);
      em.store(bucket(run, key), 8, MemOrder.RELEASE, INSERT_PUBLISH, obj);
      em.unlock(run.lock, INSERT_UNLOCK);
    }
  }

  /** Unpublishes the object under the lock and drops the owner's reference, the last one. */
  private static void delete(Emitter em, Slub slub, Run run, long key) {
    try (Emitter.Frame f = em.call(DELETE)) {
      em.lock(run.lock, DELETE_LOCK);
      em.store(bucket(run, key), 8, MemOrder.ONCE, DELETE_UNPUBLISH, 0);
      em.unlock(run.lock, DELETE_UNLOCK);
      try (Emitter.Frame g = em.call(DELETE_PUT)) {
        em.rmw(run.obj + REFCNT, 4, MemOrder.RELEASE, PUT_DEC, run.refcnt, run.refcnt - 1);
        if (--run.refcnt != 0) {
          throw new IllegalStateException("the owner's reference is not the last");
        }
        em.fence(FenceKind.ACQUIRE, PUT_ACQUIRE);
        try (Emitter.Frame h = em.call(PUT_FREE)) {
          slub.kmemCacheFree(run.cache, run.obj);
        }
      }
    }
  }

  /**
   * rcu_read_lock(), rcu_dereference() of the key's bucket, which holds the object, and its key
   * (READ_ONCE); with {@code plainPeek} also a plain read of its state. The section stays open.
   */
  private static void find(Emitter em, Run run, long key, boolean plainPeek) {
    em.rcuReadLock(LOOKUP_LOCK);
    run.deref = em.load(bucket(run, key), 8, MemOrder.ONCE, LOOKUP_DEREF, run.obj);
    em.loadDep(run.obj + KEY, 8, MemOrder.ONCE, LOOKUP_KEY, key, run.deref);
    if (plainPeek) {
      em.loadDep(run.obj + STATE, 4, MemOrder.PLAIN, LOOKUP_STATE, LIVE, run.deref);
    }
  }

  /**
   * refcount_inc_not_zero() on the object found, with smp_acquire__after_ctrl_dep() when it
   * succeeded; returns whether it did.
   */
  private static boolean get(Emitter em, Run run) {
    boolean ok = run.refcnt != 0;
    em.rmw(run.obj + REFCNT, 4, MemOrder.RELAXED, LOOKUP_GET, run.refcnt, run.refcnt + 1, ok);
    if (ok) {
      run.refcnt++;
      em.fence(FenceKind.ACQUIRE, LOOKUP_ACQUIRE);
    }
    return ok;
  }

  /** The lookup again, in a new read-side section: the key's bucket is empty now. */
  private static void retry(Emitter em, Run run, long key) {
    em.rcuReadLock(LOOKUP_LOCK);
    em.load(bucket(run, key), 8, MemOrder.ONCE, LOOKUP_DEREF, 0);
    em.rcuReadUnlock(LOOKUP_UNLOCK);
  }
}
