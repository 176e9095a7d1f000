package dev.slabrace.detect.lkmm;

import dev.slabrace.detect.clock.VectorClock;

/**
 * One task's newest marked stores to the last few addresses it stored to, with the clocks they
 * carried: a marked store carries on what the task's earlier marked store to its location carried
 * in the xbstar planes, since the two are in coherence order within the task.
 *
 * <pre>
 * Implementation notes
 *
 * linux-kernel.cat: co & int is in overwrite & int, in to-w, in ppo; ppo is in hb, so in xbstar.
 * For a marked store P of task u and u's later marked store N to the same location, whatever P was
 * xbstar-ordered after (a release's po-rel, what an acquire or a dependency carried into it, an
 * RMW's release sequence) is xbstar-ordered before every load that reads N, as it was before the
 * loads that read P (P ->ppo-> N ->rfe-> the load). Only the xbstar planes (R, WX, D, M, SX;
 * TaskClocks.xbPlanes) go on: vis does not pass from P to N (cumul-fence and rfe begin at P, co does
 * not), so a plain write that P's release made visible is visible to N's readers only if N makes it
 * visible itself, and P itself is not named (a load of N does not read P).
 *
 * The same holds for the store's own check: what bounded P's write (the load it depends on, the
 * store an RMW read, a release's pending clock, Dependencies.boundingWrite) bounds N's too
 * (Dependencies.afterOwnStore), so each address keeps the bound of its newest store, which holds
 * its predecessor's.
 *
 * A marked read of the task's own store N (rfi) receives nothing from it (rfi is not in hb), but
 * dep ; [Marked] ; rfi is in to-r: if N's address or value came from a marked load L, the read is
 * ordered after L as if its own address had (Engine: its bound and what it chains), so each slot
 * keeps N's dep and data references and its epoch, which names it (a marked store's epoch is its
 * own). Only the newest store to an address is kept: a read of an older one gets nothing.
 *
 * Bound. SLOTS addresses, least recently stored to evicted first: a store whose location's earlier
 * store fell out carries only what it carries by itself, an over-report and never a missed race.
 * Same location means same address, as for reads-from (StoreHistory).
 *
 * Cost. A relaxed store between two changes of its task's state carries the task's one shared
 * clock (TaskClocks.publishRelaxed); a store makes a new clock (a copy and a join) only when the
 * earlier store to its address carried another clock than its own base, and the stores after it
 * that carry the same base reuse the result.
 * </pre>
 */
public final class OwnStores {
  /** How many addresses are remembered. */
  public static final int SLOTS = 4;

  /** Most recently stored first; count used. */
  private final long[] addrs = new long[SLOTS];
  /** What the store carried by itself (Markings.publish). */
  private final VectorClock[] bases = new VectorClock[SLOTS];
  /** What it carried in the end: its base and the xbstar planes of the earlier store's clock. */
  private final VectorClock[] clocks = new VectorClock[SLOTS];
  /** What bounded its write, its predecessor's bound included (null: nothing). */
  private final Dependency[] bounds = new Dependency[SLOTS];
  /** Its epoch, and the loads its address and its value came from (dep, data; NO_REF: none). */
  private final int[] epochs = new int[SLOTS];
  private final long[] addrDeps = new long[SLOTS];
  private final long[] dataDeps = new long[SLOTS];
  private int count;
  /** The slot {@link #readOwn} found, or -1. */
  private int found = -1;

  /**
   * Finds the task's newest marked store to {@code addr} if its epoch is {@code epoch}: the store a
   * marked read of the task reads (rfi), for {@link #addrDep} and {@link #dataDep}; false if it is not
   * remembered, or is not the newest.
   */
  public boolean readOwn(long addr, int epoch) {
    int i = slotOf(addr);
    found = i >= 0 && epochs[i] == epoch ? i : -1;
    return found >= 0;
  }

  /** Returns the slot of the task's newest marked store to {@code addr}, or -1 if none. */
  private int slotOf(long addr) {
    for (int i = 0; i < count; i++) {
      if (addrs[i] == addr) {
        return i;
      }
    }
    return -1;
  }

  /** The load the address of the store {@link #readOwn} found came from (NO_REF: none). */
  public long addrDep() {
    return addrDeps[found];
  }

  /** The load whose value the store {@link #readOwn} found wrote (NO_REF: none). */
  public long dataDep() {
    return dataDeps[found];
  }

  /**
   * Returns what bounded the write of the task's marked store to {@code addr} at {@code epoch} if
   * it is the newest there and remembered, else null.
   */
  public Dependency boundOf(long addr, int epoch) {
    int i = slotOf(addr);
    return i >= 0 && epochs[i] == epoch ? bounds[i] : null;
  }

  /**
   * Returns what bounded the write of the task's newest marked store to {@code addr}, and the
   * bounds of its earlier ones there; null if there is none or nothing bounded them.
   */
  public Dependency bound(long addr) {
    int i = slotOf(addr);
    return i >= 0 ? bounds[i] : null;
  }

  /**
   * Returns the epoch of the task's newest marked store to {@code addr}, or -1 if none is
   * remembered.
   */
  public int newestEpoch(long addr) {
    int i = slotOf(addr);
    return i >= 0 ? epochs[i] : -1;
  }

  /**
   * Returns the slots (bit i: slot i) of the remembered stores newer than epoch {@code floor} that
   * {@code c} orders before its holder (Ordering.storeOrderedIn), {@code task} being this task's
   * index; with {@link #slotAddr} and {@link #slotEpoch}, the stores through which c orders the
   * task's earlier marked reads of their locations (Ordering.overwrittenIn).
   */
  public int orderedSlots(VectorClock c, int task, int floor) {
    int slots = 0;
    for (int i = 0; i < count; i++) {
      if (epochs[i] > floor && Ordering.storeOrderedIn(c, task, epochs[i])) {
        slots |= 1 << i;
      }
    }
    return slots;
  }

  /** The address of the store in slot {@code i} (orderedSlots). */
  public long slotAddr(int i) {
    return addrs[i];
  }

  /** The epoch of the store in slot {@code i} (orderedSlots). */
  public int slotEpoch(int i) {
    return epochs[i];
  }

  /**
   * Returns the clock that the task's marked store to {@code addr} carries, given {@code base}, what
   * it carries by itself: {@code base}, or a new clock that also holds the xbstar planes of the
   * clock of the task's earlier marked store to {@code addr}; and remembers it, with what bounded
   * the store's write ({@code bound}, that store's bound included: Dependencies.afterOwnStore),
   * the store's {@code epoch} and its {@code dep} and {@code data} references.
   */
  public VectorClock publish(long addr, VectorClock base, Dependency bound, int epoch, long dep,
      long data) {
    int i = slotOf(addr);
    VectorClock out = base;
    if (i >= 0) {
      VectorClock earlier = clocks[i];
      if (bases[i] == base) {
        out = earlier; // base joined with what the store before it carried, which is no more
      } else if (earlier != base) {
        out = base.copy();
        out.joinPlanes(earlier, TaskClocks.xbPlanes());
      }
    } else if (count < SLOTS) {
      i = count++; // a new slot after the others, moved to the front below
    } else {
      i = SLOTS - 1;
    }
    // move to the front
    System.arraycopy(addrs, 0, addrs, 1, i);
    System.arraycopy(bases, 0, bases, 1, i);
    System.arraycopy(clocks, 0, clocks, 1, i);
    System.arraycopy(bounds, 0, bounds, 1, i);
    System.arraycopy(epochs, 0, epochs, 1, i);
    System.arraycopy(addrDeps, 0, addrDeps, 1, i);
    System.arraycopy(dataDeps, 0, dataDeps, 1, i);
    addrs[0] = addr;
    bases[0] = base;
    clocks[0] = out;
    bounds[0] = bound;
    epochs[0] = epoch;
    addrDeps[0] = dep;
    dataDeps[0] = data;
    return out;
  }

  /**
   * Returns {@code c}, what a marked read of task {@code task} of {@code addr} received from another
   * task's store, joined with what the task's remembered stores that c names carried, and with what
   * its newest store to addr carried unless that store's epoch is at most {@code floor} (the task's
   * clocks hold it); null if neither adds anything. c names such a store when the store reached the
   * read through other tasks: in c's S or SX set or under its W or WX entry (visible,
   * Ordering.visibleIn) or its R entry (xbstar-ordered). Then everything the store made visible is
   * visible to the read (vis = cumul-fence* ; rfe? ; [Marked] ; xbstar & int, the [Marked] being
   * the task's own store), though the task itself never received it (a release sequence it
   * continued); and so is what the loads that bounded the store's write read and received (its
   * bound: the reads before it of its location, the loads its dependencies name), since they are
   * xbstar-before the store (vis = rfe ; [Marked] ; xbstar & int). The newest store to addr needs
   * no name: the read reads another task's store, which coherence puts after the task's own earlier
   * store (CoWR), so that store ->coe-> the read's store ->rfe-> the read is prop, and prop & int
   * is in hb (seed 7714440 of the oracle sweep). A store no longer remembered is not looked up (an
   * over-report at worst).
   */
  public VectorClock withCarried(VectorClock c, int task, long addr, int floor) {
    if (count == 0) {
      return null;
    }
    // c has no entry of the task on most marked reads: only the store to addr can then come back
    boolean named = Ordering.hasLater(c, task, 0);
    VectorClock out = null;
    for (int i = 0; i < count; i++) {
      if (clocks[i] != null
          && ((addrs[i] == addr && epochs[i] > floor)
              || (named && Ordering.storeOrderedIn(c, task, epochs[i])))) {
        if (out == null) {
          out = c.copy();
        }
        out.join(clocks[i]);
        // what is xbstar-before the store (the reads before it of its location, its dependencies'
        // loads) is xbstar-before the read too: what they read is visible there
        Dependencies.joinReceived(out, bounds[i]);
      }
    }
    return out;
  }
}
