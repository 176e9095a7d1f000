package dev.slabrace.detect.reference;

import dev.slabrace.detect.lkmm.OwnStores;
import dev.slabrace.finding.FindingKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A second, deliberately naive implementation of the engine's semantics, for differential testing
 * only. It is written from the contract's "Meaning" section and the documented rules of the fast
 * engine (the Implementation notes of Plane, TaskClocks, Ordering, Engine, AccessChecker and
 * HeapTracker), not from its code, and it has none of its optimisations:
 *
 * <ul>
 *   <li>No epochs. A "clock" is, per plane, the plain <em>set of event ids</em> known to be ordered
 *       before the holder ({@link Known}); a task's own frontiers are sets of its own events. So
 *       there are no ticks to place, and the S plane holds every marked store read directly, not
 *       just the newest per task.
 *   <li>No shadow memory, no granules, no FastTrack cells: every access stays in one history list
 *       with its whole byte range, and each new access is checked against every earlier access of
 *       another task whose bytes overlap by plain byte-range arithmetic. Nothing is ever dropped
 *       because it is dominated or ordered before a later write; bytes leave the history only when
 *       a free or an allocation resets them.
 *   <li>No bounded tables: every store ever made to an address is kept (rf can name any of them),
 *       every marked load of a task is kept (dep and ctrl can name any of them).
 * </ul>
 *
 * <h2>The rules, as implemented</h2>
 *
 * <pre>
 * Planes (per earlier event a, in the set a later task holds):
 *   W   a is a write made visible through the vis channel (w-post-bounded, cumul-fence, rfe)
 *   R   a is ordered by xbstar (r-post-bounded and carried along preserved program order)
 *   WX  a is a write followed by a strong fence (lkmm.md wr-vis: strong-fence ; xbstar): travels by xbstar
 *   S   a is a marked store that a marked load read directly
 *   SX  a was in S when a strong fence came (vis: rfe? ; [Marked] ; strong-fence ; xbstar): travels
 *       by xbstar
 * Own frontiers of a task (sets of its own events):
 *   boundW   events before its last smp_wmb / release fence / strong fence (w-post-bounded)
 *   boundR   events before its last release fence / strong fence (r-post-bounded; wmb does not)
 *   strongW  events before its last strong fence
 * What a task holds: pending (received by relaxed marked loads, not yet applied), reads and writes
 * (applied, checked against by its later reads / writes), forward (what a relaxed marked store
 * re-publishes: set by release fences and strong fences).
 *
 * Publications:
 *   relaxed marked store: forward + R,WX,D,SX of writes + own (W=boundW, R=boundR, WX=strongW)
 *   release (store_release, release/full RMW, unlock): reads+writes+pending + own (W=R=all,
 *                         WX=strongW); kept as the task's last release until its next wmb, release
 *                         fence or strong fence
 *   full edge (fork, join, signal, section end, gp start, call_rcu, cb_end, free):
 *                         (reads+writes+pending with WX += W, SX += S) + own (W=R=WX=all)
 *   a store's clock also gets R,WX,D,SX of the loads named by its ctrl, dep and data, and those
 *   marked loads themselves in D (rwdep in ppo); an RMW's also gets the whole
 *   clock of the store it read (release sequences) and, if marked, that store in S. A plain store
 *   carries nothing.
 * Receiving (a marked load reads the latest store to its exact address, or the store named by rf,
 *   whatever its address): the marked read itself is checked with the store's clock + S{store}
 *   applied to it alone, like a dependency (vis ends in rfe ; [Marked]);
 *   acquire (acquire load, successful acquire/full RMW): the store's clock + S{store} into reads and
 *   writes; otherwise into pending. Remembered per load for dep / ctrl.
 * Fences: mb = strong (pending into reads and writes; WX += W, SX += S in both;
 *   strongW = boundW = boundR = all; forward += reads + writes); before_atomic = the same, captured at
 *   the fence and applied at the task's next RMW, failed or not (before it); after_atomic = the same,
 *   captured at the end of the task's last RMW and applied at the fence (none if no RMW):
 *   linux-kernel.cat's mb, whose Before-atomic and After-atomic parts order across an RMW only;
 *   wmb: boundW = all, forward += the last release write's publication (Rel ; wmb ; W is
 *     cumul-fence, every release write being a W, an unlock too: lock.cat has Release | UL);
 *   rmb: pending into reads; acquire: pending into reads and writes;
 *   release: boundW = boundR = all, forward += reads + writes + pending.
 * Full RMW = strong fence; the access (acquire receive, release publish); strong fence.
 * Locks: unlock publishes a release; exclusive lock applies the last exclusive release and the shared
 *   releases since, shared lock applies only the last exclusive release.
 * fork/join/signal/wait: full edges. alloc applies the full clocks of the frees that released its bytes.
 * RCU: a section's end (outermost unlock) is a full edge into every grace period / call_rcu that began
 *   after it began, while it ran or after it ended (applied at gp_end / cb_begin). gp_begin is a strong fence then a full-edge snapshot;
 *   gp_end applies the sections' ends then a strong fence; the snapshot becomes the task's "last
 *   grace start", carried by its later marked stores. A data race whose later access is inside a
 *   section is decided at the section's end: it is dropped if the join of the last-grace-start
 *   clocks of the stores the section read with marked loads orders it (LKMM rb). cb_begin applies
 *   the call_rcu clock and the sections' ends; cb_end's full edge goes to every later rcu_barrier
 *   (which orders nothing else).
 *
 * Ordering of an earlier access A before a later access B (linux-kernel.cat wr/rw/ww races):
 *   vis(K)  = A in K.W or K.WX, or (A a marked write in K.S or K.SX)
 *   xb(K)   = A in K.R
 *   A write, B read:  vis(reads)
 *   A read,  B write: xb(writes)
 *   A write, B write: vis(writes) and (A marked or xb(writes)) and (B marked or vis(reads))
 *   A dep of B on a marked load (and, for a marked store B or the write of a marked RMW B, its data and ctrl loads) counts as applied to B alone: vis also holds if A is the marked
 *   store that load read or vis holds in its clock; xb also holds in its clock.
 * Findings:
 *   data-race    A and B of different tasks overlap, one writes, not both marked, A not ordered
 *                before B; one per (A, B); bytes = from the first to the last byte that both
 *                touch and that no free or allocation reset in between.
 *   use-after-free B touches freed bytes: one per access, against the free that released the lowest
 *                freed byte it touches; bytes = object range overlap.
 *   assert-race  free of a live object: against the alloc (if another task's) and every recorded
 *                access of another task to the object's bytes, each checked as before a plain write.
 *   double-free  free of an object already free: against the free that freed it; bytes = ptr and
 *                that object's size.
 * </pre>
 *
 * <h2>Decisions where the documented rules are ambiguous</h2>
 *
 * <ol>
 *   <li>"The latest store to its address" is the latest store (or successful RMW) whose start address
 *       equals the load's address; rf must name such a store earlier in the trace, else the load reads
 *       from nothing known. (The contract says "its address"; LKMM has no mixed-size accesses.)
 *   <li>{@code data_race} accesses are never part of any finding: not checked, not recorded (so a
 *       later free or access does not race with them and they are not a use-after-free: the contract
 *       says "never reported"). They still overwrite: a load reading from one gets no ordering.
 *   <li>A free and an allocation reset the object's bytes: earlier accesses to them no longer conflict
 *       with later accesses (the free was checked against them instead). Bytes outside the object
 *       stay in the history.
 *   <li>An access to freed bytes is a use-after-free and is still checked for races on every byte;
 *       it is recorded only for its bytes that are not freed.
 *   <li>Stores "made after a grace period" for LKMM rb are the marked stores po-after a grace period
 *       of the same task (lkmm.md: "a write that is po-after the GP"), a callback's grace period
 *       beginning at its call_rcu; the observed grace-start clock
 *       applies only to races found inside the section that observed it, when it ends (or at the end
 *       of the trace for a section still open).
 *   <li>The S plane keeps every marked store read directly (the documented meaning: "the marked store
 *       ... read by a marked load"), not only the newest one of each writer.
 *   <li>A join applies the child's full edge at the join; the child's later events (an inconsistent
 *       trace) are not covered by it.
 *   <li>S also holds the marked stores an RMW's release sequence continues: a load that reads an
 *       RMW makes the marked store that RMW read visible, and so on back (w-post-bounded =
 *       fence? ; [Marked] ; rmw-sequence).
 *   <li>The bytes of a finding are those both accesses touched and no free or allocation reset in
 *       between ("addr and size give the bytes that conflict"), from the first to the last.
 *   <li>Inconsistent events do what the engine's warnings say it does instead: a lock taken while
 *       held is acquired anyway, an unlock not held is released anyway, gp_end without gp_begin is a
 *       strong fence, a grace period or callback that starts before its sections ended applies the
 *       ends seen so far, call_rcu of a pending callback, cb_begin of an unknown one, cb_end off its
 *       runner and rcu_read_unlock outside a section are ignored, a join of a task never seen orders
 *       nothing, a double free is only reported.
 * </ol>
 *
 * <p>{@link Deviation} lists the known places where the fast engine departs from these rules; the
 * reference can emulate them on request, only so that the differential test can tell a known
 * departure from a new one.
 */
public final class ReferenceEngine {

  /** One finding: its kind, the earlier and later event ids, and the bytes reported. */
  public record RefFinding(FindingKind kind, long first, long second, long addr, long size)
      implements Comparable<RefFinding> {
    @Override
    public int compareTo(RefFinding o) {
      int c = Long.compare(second, o.second);
      if (c == 0) {
        c = Long.compare(first, o.first);
      }
      if (c == 0) {
        c = kind.compareTo(o.kind);
      }
      if (c == 0) {
        c = Long.compare(addr, o.addr);
      }
      return c == 0 ? Long.compare(size, o.size) : c;
    }

    @Override
    public String toString() {
      return kind.wireName() + " " + first + " " + second + " 0x" + Long.toHexString(addr) + "+" + size;
    }
  }

  /** Per plane, the set of event ids known to be ordered before the holder. */
  static final class Known {
    final BitSet w = new BitSet();
    final BitSet r = new BitSet();
    final BitSet wx = new BitSet();
    final BitSet s = new BitSet();
    /** Marked loads that a dependency ran from into a marked store (rwdep in ppo): xbstar-ordered. */
    final BitSet d = new BitSet();
    /** Marked stores in S when a strong fence came: they travel by xbstar. */
    final BitSet sx = new BitSet();

    Known copy() {
      Known k = new Known();
      k.add(this);
      return k;
    }

    void add(Known o) {
      if (o != null) {
        w.or(o.w);
        r.or(o.r);
        wx.or(o.wx);
        s.or(o.s);
        d.or(o.d);
        sx.or(o.sx);
      }
    }

    /** Adds only the xbstar planes (R, WX, D, SX): what preserved program order carries. */
    void addXb(Known o) {
      if (o != null) {
        r.or(o.r);
        wx.or(o.wx);
        d.or(o.d);
        sx.or(o.sx);
      }
    }

    /**
     * Visible writes pass a strong fence: from here on they travel like xbstar, the marked stores
     * read directly too (vis = cumul-fence* ; rfe? ; [Marked] ; strong-fence ; xbstar).
     */
    void promote() {
      wx.or(w);
      sx.or(s);
    }
  }

  /** What a marked load received: the clock of the marked store it read and that store, or none. */
  private record LoadInfo(Known clock, long store) {}

  /**
   * A task's marked store: its id, what it published, what bounded its write (null: nothing), and
   * the loads its address and value came from (dep, data; -1: none).
   */
  private record OwnStore(long id, Known clock, LoadInfo bound, long dep, long data) {}

  /**
   * A marked read {@code load} of another task, of {@code addr}, an acquire or not, that read
   * {@code store} of this one, which carried {@code clock} and whose write {@code bound} bounded (null if
   * not the task's newest store to its address then).
   */
  private record Returned(long load, long addr, boolean acquire, long store, Known clock,
      LoadInfo bound) {}

  /** How many Returned a task keeps, the newest: the engine's TaskState.RETURNS. */
  private static final int RETURNS = 8;

  /** A store to one exact address; clock null for a plain store. */
  private record StoreRec(long id, long addr, Known clock, Known graceStart) {}

  /** An earlier access (or allocation) that later accesses and frees are checked against. */
  private static final class Hist {
    final long id;
    final String task;
    final long lo;
    final long hi;
    final boolean write;
    final boolean marked;
    /** Whether the access also reads (an RMW, if it writes). */
    boolean reads;
    /** Whether it is an acquire load. */
    boolean acquire;
    /** Bytes of [lo, hi) not reset by a later free or allocation. */
    final BitSet live = new BitSet();

    Hist(long id, String task, long lo, long hi, boolean write, boolean marked) {
      this.id = id;
      this.task = task;
      this.lo = lo;
      this.hi = hi;
      this.write = write;
      this.marked = marked;
      live.set(0, (int) (hi - lo));
    }

    boolean liveIn(long a, long b) {
      for (long x = Math.max(a, lo); x < Math.min(b, hi); x++) {
        if (live.get((int) (x - lo))) {
          return true;
        }
      }
      return false;
    }

    /**
     * The finding of this access with a later one on [a, b): the live bytes both touch, or with
     * {@code wide} the overlap of the two whole ranges.
     */
    RefFinding conflict(FindingKind kind, long later, long a, long b, boolean wide) {
      if (wide) {
        return finding(kind, id, later, lo, hi, a, b);
      }
      long first = -1;
      long last = -1;
      for (long x = Math.max(a, lo); x < Math.min(b, hi); x++) {
        if (live.get((int) (x - lo))) {
          first = first < 0 ? x : first;
          last = x;
        }
      }
      return new RefFinding(kind, id, later, first, last - first + 1);
    }

    void reset(long a, long b) {
      for (long x = Math.max(a, lo); x < Math.min(b, hi); x++) {
        live.clear((int) (x - lo));
      }
    }
  }

  /** Something that waits for the ends of the RCU sections running when it began. */
  private static final class Waiter {
    final Set<String> waitingFor;
    final Known ends = new Known();

    Waiter(Set<String> running) {
      this.waitingFor = new LinkedHashSet<>(running);
    }
  }

  private static final class Callback {
    final Known queued;
    final Waiter gracePeriod;
    String runner;

    Callback(Known queued, Waiter gracePeriod) {
      this.queued = queued;
      this.gracePeriod = gracePeriod;
    }
  }

  private static final class Lock {
    Known exclusive;
    Known shared;
    /** What the last exclusive unlock, and the shared unlocks since, hand on (cumul-fence). */
    Known exclusiveCumul;
    Known sharedCumul;
    /** Task of the last exclusive unlock. */
    String releasedBy;
    /** The grace period the last exclusive unlock carried, as a release store would. */
    Known grace;
    /** The newest grace period the shared unlocks since the last exclusive lock carried. */
    Known sharedGrace;
    /** The task of every shared unlock that carried sharedGrace's, or null if several. */
    String sharedGraceBy;
  }

  private record Deferred(RefFinding finding, Hist earlier, boolean bRead, boolean bWrite,
      boolean bMarked) {}

  private static final class Task {
    final String name;
    final BitSet own = new BitSet();
    BitSet boundW = new BitSet();
    BitSet boundR = new BitSet();
    final BitSet strongW = new BitSet();
    final Known pending = new Known();
    /** What marked reads after the task's last smp_rmb() carry: pending then, own events before. */
    Known afterRmb;
    /**
     * What the task's marked reads before the unlocks its relocks read received: its later marked
     * stores are ordered after those reads (po-unlock-lock-po & int is ppo).
     */
    Known afterRelock;
    /** What the task's last unlock, of any lock, released: its later locks relock it. */
    Known lastUnlock;
    /** The lock of the task's last exclusive unlock. */
    Lock lastUnlocked;
    final Known reads = new Known();
    final Known writes = new Known();
    final Known forward = new Known();
    /** The publication of the task's last release write, until a wmb forwards it, or null. */
    Known lastRelease;
    /** What the task's last relaxed marked write and last release write (or unlock) published. */
    Known lastRelaxedWrite;
    Known lastReleaseWrite;
    /** The marked loads that addressed the task's plain stores since its last smp_wmb(). */
    final Set<Long> addrPlainLoads = new LinkedHashSet<>();
    /**
     * The marked loads that addressed its plain stores before an smp_wmb(): addr ; [Plain] ; wmb is
     * in to-w, so they are ordered before every later marked write of the task.
     */
    final Set<Long> afterWmbLoads = new LinkedHashSet<>();
    /**
     * What bounded the task's marked writes since its last smp_wmb(): W ->wmb-> a later write is
     * ppo and w-pre-bounds it, so the fence adds them to what later writes are checked with.
     */
    Known writeBounds = new Known();
    /** The task's marked writes (stores and RMWs' writes). */
    final BitSet markedWrites = new BitSet();
    /** What the unlocks its locks read handed on: cumul-fence-before its later marked stores. */
    final Known lockCumul = new Known();
    /**
     * What the task's lock writes published: each continues the release sequence of the unlock its
     * lock read (lk-rmw) and carries what a relaxed store there would, and is a marked write before
     * the task's later unlocks (po-unlock-lock-po).
     */
    final Known lockSequence = new Known();
    /**
     * What the task's newest marked store to each of the last OwnStores.SLOTS addresses it stored to
     * published and what bounded its write, least recently stored first: co & int is in ppo.
     */
    final LinkedHashMap<Long, OwnStore> ownStores = new LinkedHashMap<>();
    /** The newest RETURNS reads of the task's marked stores by other tasks, oldest first. */
    final ArrayDeque<Returned> returned = new ArrayDeque<>();
    final Map<Long, LoadInfo> markedLoads = new HashMap<>();
    /** The bytes each marked load of the task read, [addr, addr + size): its location. */
    final Map<Long, long[]> loadBytes = new HashMap<>();
    /** The task's marked reads (loads and failed RMWs). */
    final BitSet markedReads = new BitSet();
    /**
     * Marked reads before an unlock the task's own lock read (po-unlock-lock-po & int), or before
     * an acquire load that came after every relaxed one of them (acq-po): later marked stores
     * carry them.
     */
    final BitSet boundM = new BitSet();
    /** The task's relaxed marked loads (and failed RMWs). */
    final BitSet relaxedLoads = new BitSet();
    /** carry-dep: the task's plain loads that read its own plain stores of a marked load's value. */
    final Map<Long, Long> carriedLoads = new HashMap<>();
    /** carry-dep: the task's plain stores whose data names a marked load (resolved), by store id. */
    final Map<Long, Long> carryingStores = new HashMap<>();
    int rcuDepth;
    /** Grace periods whose later stores the task's marked reads saw so far: they order its later sections. */
    Known graceSeen;
    boolean graceSeenGrew;
    /** graceSeen as of the end of its last section after an observation: orders what follows. */
    Known graceOrdered;
    /** The prior grace period of those seen outside a section, counted at the next section's start. */
    Known gracePriorPending;
    /** The newest grace period the task's relaxed reads saw since its last strong fence. */
    Known graceRelayPending;
    /** The newest grace period its later marked stores are hb-after (acquire, strong fence). */
    Known graceRelayed;
    /** The newest grace period the relaxed reads before the last smp_rmb() saw, not yet relayed. */
    Known graceAfterRmb;
    /** graceRelayPending at the last smp_mb__before_atomic(), until the next RMW. */
    Known graceBeforeAtomic;
    /** graceRelayPending at the end of the last RMW. */
    Known graceAtRmw;
    /** The grace period each marked load saw, or a load it is ordered after by ppo, by load id. */
    final Map<Long, Known> loadGraces = new HashMap<>();
    final List<Deferred> deferred = new ArrayList<>();
    Waiter gracePeriod;
    Known graceStart;
    Known lastGraceStart;

    Task(String name) {
      this.name = name;
    }

    /** The own entries every snapshot gets. */
    private static void addOwn(Known k, BitSet w, BitSet r, BitSet wx) {
      k.w.or(w);
      k.r.or(r);
      k.wx.or(wx);
    }

    private Known received() {
      Known k = reads.copy();
      k.add(writes);
      k.add(pending);
      return k;
    }

    /**
     * What an unlock now hands on to the next holder's marked stores: po-unlock-rf-lock-po in
     * cumul-fence makes every marked event before the unlock (its marked writes, and its lock
     * events, after which what its own locks handed on, and whose writes continue the release
     * sequences of the unlocks they read) cumul-fence-before them.
     */
    Known cumulForUnlock() {
      Known k = lockCumul.copy();
      k.add(lastRelaxedWrite);
      k.add(lastReleaseWrite);
      k.add(lockSequence);
      k.s.or(markedWrites); // [Marked] ; po-unlock-lock-po: the writes themselves (S: visible)
      return k;
    }

    Known relaxedSnapshot() {
      Known k = forward.copy();
      k.add(lockCumul);
      k.addXb(writes);
      addOwn(k, boundW, boundR, strongW);
      k.r.or(boundM);
      return k;
    }

    Known releaseSnapshot() {
      Known k = received();
      addOwn(k, own, own, strongW);
      return k;
    }

    Known fullSnapshot() {
      Known k = received();
      k.promote();
      addOwn(k, own, own, own);
      return k;
    }

    void apply(Known k) {
      reads.add(k);
      writes.add(k);
    }

    /**
     * The task's lock read its own unlock, which released {@code released}: the marked reads before
     * the unlock are ordered before later marked stores, with the xbstar planes of what the task had
     * received then, minus its own events; nothing is applied to its later accesses.
     */
    void relock(Known released) {
      if (released == null) {
        return;
      }
      BitSet before = (BitSet) markedReads.clone();
      before.and(released.r);
      boundM.or(before);
      Known x = released.copy();
      x.r.andNot(own);
      x.wx.andNot(own);
      x.d.andNot(own);
      forward.addXb(x);
      // po-unlock-lock-po & int is ppo: later marked reads carry on what the reads before the
      // unlock received, as after an smp_rmb()
      x.w.andNot(own);
      x.s.andNot(own);
      x.sx.andNot(own);
      Known carried = afterRmb == null ? new Known() : afterRmb.copy();
      carried.add(x);
      afterRmb = carried;
      // and later marked stores are ordered after those reads too, so after what they received
      if (afterRelock == null) {
        afterRelock = new Known();
      }
      afterRelock.add(x);
    }

    void strongFence() {
      reads.add(pending);
      writes.add(pending);
      reads.promote();
      writes.promote();
      strongW.or(own);
      boundW = (BitSet) own.clone();
      boundR = (BitSet) own.clone();
      forward.add(reads);
      forward.add(writes);
      lastRelease = null;
    }

    /** The state at a strong fence whose ordered side ends here: what it applies and forwards. */
    record Captured(BitSet own, Known reads, Known writes) {}

    /** A smp_mb__before_atomic() waiting for the task's next RMW, or null. */
    Captured beforeAtomic;
    /** The state at the end of the task's last RMW, failed or not (for smp_mb__after_atomic()), or null. */
    Captured afterRmw;

    Captured capture() {
      Known r = reads.copy();
      r.add(pending);
      r.promote();
      Known w = writes.copy();
      w.add(pending);
      w.promote();
      return new Captured((BitSet) own.clone(), r, w);
    }

    /** A strong fence whose earlier side is {@code c}'s and whose later side begins here. */
    void strongFence(Captured c) {
      reads.add(c.reads());
      writes.add(c.writes());
      strongW.or(c.own());
      boundW.or(c.own());
      boundR.or(c.own());
      forward.add(c.reads());
      forward.add(c.writes());
    }

    void releaseFence() {
      boundW = (BitSet) own.clone();
      boundR = (BitSet) own.clone();
      forward.add(reads);
      forward.add(writes);
      forward.add(pending);
      lastRelease = null;
    }

    /** An RMW's or lock's write continues the release sequence of a store carrying {@code k}. */
    void continueReleaseSequence(Known k) {
      if (k == null) {
        return;
      }
      Known c = lastRelease == null ? new Known() : lastRelease.copy();
      c.add(k);
      lastRelease = c;
    }

    void writeFence() {
      writes.add(writeBounds);
      writeBounds = new Known();
      afterWmbLoads.addAll(addrPlainLoads);
      addrPlainLoads.clear();
      boundW = (BitSet) own.clone();
      if (lastRelease != null) {
        forward.add(lastRelease);
        // Rel ; wmb ; W is ppo: later writes follow what the release was ordered after
        writes.add(lastRelease);
        lastRelease = null;
      }
    }
  }

  private final Map<String, Task> tasks = new LinkedHashMap<>();
  private final List<Hist> history = new ArrayList<>();
  private final List<StoreRec> stores = new ArrayList<>();
  private final Map<String, Lock> locks = new HashMap<>();
  private final Map<String, Known> signals = new HashMap<>();
  private final Map<String, Callback> callbacks = new HashMap<>();
  private final Known callbacksEnded = new Known();
  /** Every ended read-side section's end: a grace period or call_rcu waits for them all. */
  private final Known sectionEnds = new Known();
  private final List<Waiter> waiters = new ArrayList<>();
  /** Live objects by pointer, as their allocation's history entry. */
  private final Map<Long, Hist> live = new HashMap<>();
  private final Map<Long, Long> liveSize = new HashMap<>();
  /** Freed objects by pointer: the free, the object size (0 if never seen allocated), its clock. */
  private final Map<Long, FreeRec> freed = new HashMap<>();
  /** Freed bytes not allocated again: byte address to the free that released it. */
  private final TreeMap<Long, FreeRec> freedBytes = new TreeMap<>();
  private final Set<RefFinding> findings = new LinkedHashSet<>();

  private record FreeRec(long id, long ptr, long size, Known clock) {}

  /**
   * Known ways in which the fast engine departs from the semantics above. The reference never uses
   * them to decide what it reports; the differential test turns them on only to tell a known departure
   * from a new one. Each is re-derived from the fast engine's documented notes, and each has a
   * regression test in DisagreementsTest; delete a constant once the engine no longer departs.
   */
  public enum Deviation {
    /*
     * Every one is fixed in the engine (DisagreementsTest checks each case against it); the reference
     * keeps them to reproduce the old behaviour when a new disagreement needs explaining.
     * DifferentialTest accepts none.
     */
    /**
     * A later access of the same task that covers an earlier access's bytes in a granule, does the
     * same kind of access and is at least as race-prone drops the earlier one there (AccessChecker:
     * "Cells of the same task are dominated and dropped"). Unsound for marked stores: S covers only
     * the exact store read, so a later marked store does not cover an earlier one.
     */
    DROP_DOMINATED,
    /**
     * A plain write drops, in each granule whose bytes of them it covers, the earlier accesses of other
     * tasks it is ordered after (AccessChecker: "FastTrack's write rule"). Unsound here: ordering is
     * per access kind and per dependency, so what orders the write need not order the task's later
     * accesses.
     */
    DROP_ORDERED_BY_PLAIN_WRITE,
    /**
     * The S plane kept one epoch per writer, the newest: a marked store read directly stopped being
     * visible once a later marked store of the same writer was read.
     */
    LOSSY_S,
    /**
     * The D plane kept one epoch per task, the newest: a marked load that a dependency ordered before
     * a marked store stopped being ordered once a later such load of the same task reached the same
     * clock.
     */
    LOSSY_D,
    /**
     * A later marked read of the same task that covered an earlier marked read's bytes in a granule
     * dropped it, though the D plane may order the later read alone: the earlier read's race with
     * what only the later one is ordered before was lost.
     */
    DOMINATED_MARKED_READS,
    /**
     * An access that touches freed bytes is recorded only in the granules before the first freed one,
     * so its bytes in later, live granules race with nothing.
     */
    UAF_STOPS_RECORDING,
    /**
     * A finding's bytes are the overlap of the two whole access ranges, including bytes of the earlier
     * access that a free or an allocation reset in between.
     */
    WIDE_BYTES,
    /**
     * A free or an allocation that reset some of an earlier access's bytes in a granule (an object
     * starting or ending inside it) reset all of that access's bytes in the granule, so its bytes
     * beyond the object raced with nothing.
     */
    RESET_WHOLE_CELLS
  }

  private final Set<Deviation> deviations;
  /** Writer task of every marked store, for {@link Deviation#LOSSY_S}. */
  private final Map<Long, String> storeTask = new HashMap<>();
  /** Task of every marked load, for {@link Deviation#LOSSY_D}. */
  private final Map<Long, String> loadTask = new HashMap<>();
  /** Every grace period's (and callback's) start clock, by identity. */
  private final Map<Known, GraceMark> graceMarks = new IdentityHashMap<>();
  /** The start clock of the ended grace period that began last. */
  private Known lastEndedGrace;

  private ReferenceEngine(Set<Deviation> deviations) {
    this.deviations = deviations;
  }

  private boolean emulates(Deviation d) {
    return deviations.contains(d);
  }

  /** Runs the reference semantics over {@code trace} and returns its findings. */
  public static Set<RefFinding> analyze(List<Ev> trace) {
    return analyze(trace, Set.of());
  }

  /** Runs the reference semantics, departing from them as the fast engine does in {@code deviations}. */
  public static Set<RefFinding> analyze(List<Ev> trace, Set<Deviation> deviations) {
    ReferenceEngine engine = new ReferenceEngine(deviations);
    for (Ev e : trace) {
      engine.onEvent(e);
    }
    for (Task t : engine.tasks.values()) {
      if (t.rcuDepth > 0) {
        engine.decideDeferred(t);
      }
    }
    return engine.findings;
  }

  private Task task(String name) {
    return tasks.computeIfAbsent(name, Task::new);
  }

  private void onEvent(Ev e) {
    Task t = task(e.tid());
    if (!(e.op() == Op.RMW && e.ok() && e.mo() == MemOrder.FULL)) {
      t.own.set(Math.toIntExact(e.id()));
    }
    switch (e.op()) {
      case LOAD, STORE, RMW -> access(e, t);
      case FENCE -> {
        switch (e.fence()) {
          case MB -> {
            t.strongFence();
            relayPending(t);
          }
          case BEFORE_ATOMIC -> {
            t.beforeAtomic = t.capture();
            t.graceBeforeAtomic = t.graceRelayPending; // relayed at the next RMW
          }
          case AFTER_ATOMIC -> {
            if (t.afterRmw != null) {
              t.strongFence(t.afterRmw);
            }
            if (t.graceAtRmw != null) {
              t.graceRelayed = newerGrace(t.graceRelayed, t.graceAtRmw);
            }
          }
          case WMB -> t.writeFence();
          case RMB -> {
            t.reads.add(t.pending);
            // later marked reads are ordered after the reads before it and carry them on
            t.afterRmb = t.pending.copy();
            t.afterRmb.r.or(t.own);
            if (t.graceRelayPending != null) {
              t.graceAfterRmb = newerGrace(t.graceAfterRmb, t.graceRelayPending);
            }
          }
          case ACQUIRE -> {
            t.apply(t.pending);
            relayPending(t); // earlier reads before everything later
          }
          case RELEASE -> {
            t.releaseFence();
            relayPending(t); // everything earlier before later stores
          }
          default -> throw new IllegalStateException(e.toJson());
        }
      }
      case LOCK -> {
        Lock l = locks.computeIfAbsent(e.key(), k -> new Lock());
        if (t.afterRmb != null) {
          t.apply(t.afterRmb); // the lock's read follows the smp_rmb(), acq-po the rest
        }
        if (t.name.equals(l.releasedBy)) {
          t.relock(t.lastUnlock); // the lock reads the task's own unlock: rfi, not hb
        } else {
          t.apply(l.exclusive);
          acquireReturned(l.exclusive, t);
          t.continueReleaseSequence(l.exclusive); // lk-rmw: the lock's write continues it
          t.lockSequence.add(l.exclusive);
          // po ; [UL] ; po ; [LKR] ; po: a lock after the task's unlock of any lock is a relock
          t.relock(t.lastUnlock);
        }
        t.lockCumul.add(l.exclusiveCumul);
        if (!e.shared()) {
          t.apply(l.shared);
          acquireReturned(l.shared, t);
          l.shared = null;
          t.lockCumul.add(l.sharedCumul);
          l.sharedCumul = null;
        }
        // a lock reads the last exclusive unlock, and an exclusive one the shared unlocks since:
        // rcu-link's rfe, an acquire
        if (l.grace != null && !t.name.equals(l.releasedBy)) {
          sawGrace(t, l.grace, true);
        }
        if (!e.shared() && l.sharedGrace != null) {
          if (!t.name.equals(l.sharedGraceBy)) {
            sawGrace(t, l.sharedGrace, true);
          }
          l.sharedGrace = null;
        }
        if (t.graceAfterRmb != null) { // the lock's read follows the smp_rmb(), acq-po the rest
          t.graceRelayed = newerGrace(t.graceRelayed, t.graceAfterRmb);
          t.graceAfterRmb = null;
        }
        // po-unlock-lock-po with po: the task's last unlock, of another lock, hands on to this one
        // what it hands on to that lock's next holder, while it is still that lock's last unlock
        Lock last = t.lastUnlocked;
        if (last != null && last != l && t.name.equals(last.releasedBy)) {
          t.lockCumul.add(last.exclusiveCumul);
        }
        // the lock's write is a marked write of the task: its later unlocks hand on what a
        // relaxed store here publishes ([Marked] ; po-unlock-lock-po is cumul-fence)
        t.lockSequence.add(t.relaxedSnapshot());
      }
      case UNLOCK -> {
        Lock l = locks.computeIfAbsent(e.key(), k -> new Lock());
        Known cumul = t.cumulForUnlock();
        Known released = t.releaseSnapshot();
        t.lastUnlock = released;
        t.lastRelease = released;
        t.lastReleaseWrite = released;
        if (e.shared()) {
          if (l.shared == null) {
            l.shared = new Known();
            l.sharedCumul = new Known();
          }
          l.shared.add(released);
          l.sharedCumul.add(cumul);
          Known g = withOwn(t, newerGrace(t.graceRelayed, t.graceRelayPending)); // po-rel relays
          if (g != null) {
            l.sharedGraceBy = l.sharedGrace == null || t.name.equals(l.sharedGraceBy) ? t.name : null;
            l.sharedGrace = newerGrace(l.sharedGrace, g);
          }
        } else {
          l.exclusive = released;
          l.exclusiveCumul = cumul;
          l.grace = withOwn(t, newerGrace(t.graceRelayed, t.graceRelayPending)); // po-rel relays
          l.releasedBy = t.name;
          t.lastUnlocked = l;
        }
      }
      case ALLOC -> alloc(e, t);
      case FREE -> free(e, t);
      case FORK -> task(e.child()).apply(t.fullSnapshot());
      case JOIN -> {
        Task child = tasks.get(e.child());
        if (child != null) {
          Known k = child.fullSnapshot();
          t.apply(k);
          acquireReturned(k, t);
        }
      }
      case SIGNAL -> signals.computeIfAbsent(e.key(), k -> new Known()).add(t.fullSnapshot());
      case WAIT -> {
        t.apply(signals.get(e.key()));
        acquireReturned(signals.get(e.key()), t);
      }
      case RCU_READ_LOCK -> {
        if (t.rcuDepth++ == 0 && t.gracePriorPending != null) {
          t.lastGraceStart = newerGrace(t.lastGraceStart, t.gracePriorPending);
          t.gracePriorPending = null;
        }
      }
      case RCU_READ_UNLOCK -> {
        if (t.rcuDepth > 0 && --t.rcuDepth == 0) {
          Known end = t.fullSnapshot();
          sectionEnds.add(end);
          for (Waiter w : waiters) {
            if (w.waitingFor.remove(t.name)) {
              w.ends.add(end);
            }
          }
          decideDeferred(t);
          if (t.graceSeenGrew) {
            if (t.graceOrdered == null) {
              t.graceOrdered = new Known();
            }
            t.graceOrdered.add(t.graceSeen);
            t.graceSeenGrew = false;
          }
        }
      }
      case GP_BEGIN -> gpBegin(t, e.id());
      case GP_END -> gpEnd(t);
      case SYNCHRONIZE_RCU -> {
        gpBegin(t, e.id());
        gpEnd(t);
      }
      case CALL_RCU -> {
        Known queued = t.fullSnapshot();
        if (!callbacks.containsKey(e.key())) {
          callbacks.put(e.key(), new Callback(queued, newWaiter()));
        }
      }
      case CB_BEGIN -> {
        Callback cb = callbacks.get(e.key());
        if (cb != null) {
          t.apply(cb.queued);
          t.apply(cb.gracePeriod.ends);
          Known graceStart = cb.queued.copy(); // the callback runs after a GP begun at call_rcu
          graceStart.add(t.lastGraceStart);
          t.lastGraceStart = graceStart;
          graceMarks.put(graceStart, new GraceMark(null, e.id()));
          cb.runner = t.name;
        }
      }
      case CB_END -> {
        Callback cb = callbacks.get(e.key());
        if (cb != null && t.name.equals(cb.runner)) {
          callbacksEnded.add(t.fullSnapshot());
          callbacks.remove(e.key());
        }
      }
      case RCU_BARRIER -> t.apply(callbacksEnded);
      default -> { }
    }
  }

  private Waiter newWaiter() {
    Set<String> running = new LinkedHashSet<>();
    for (Task u : tasks.values()) {
      if (u.rcuDepth > 0) {
        running.add(u.name);
      }
    }
    Waiter w = new Waiter(running);
    w.ends.add(sectionEnds); // sections that began before and already ended
    waiters.add(w);
    return w;
  }

  private void gpBegin(Task t, long id) {
    t.strongFence();
    t.graceStart = t.fullSnapshot();
    graceMarks.put(t.graceStart, new GraceMark(lastEndedGrace, id));
    t.gracePeriod = newWaiter();
  }

  /**
   * A grace period, by its start clock: the start clock of the ended grace period that began last
   * when it began (null if none), and its begin event.
   */
  private record GraceMark(Known prior, long beginId) {}

  /**
   * A marked read (or a lock, reading an unlock) of {@code t} saw what was made after the grace
   * period that began at {@code graceStart}.
   */
  private void sawGrace(Task t, Known graceStart, boolean acquire) {
    // rcu-link reaches a section's unlock by po from a read anywhere before it
    if (t.graceSeen == null) {
      t.graceSeen = new Known();
    }
    t.graceSeen.add(graceStart);
    t.graceSeenGrew = true;
    relayGrace(t, graceStart, acquire);
    // rcu-order counts: the section running, or the next one, began after that grace period
    // began, so it and its task's later events follow the end of the ended grace period that
    // began last before it
    GraceMark m = graceMarks.get(graceStart);
    if (m != null && m.prior() != null) {
      if (t.rcuDepth > 0) {
        t.lastGraceStart = newerGrace(t.lastGraceStart, m.prior());
      } else {
        t.gracePriorPending = newerGrace(t.gracePriorPending, m.prior());
      }
    }
  }

  /** rcu-link's hb*: the task's later stores that a read of {@code graceStart} is hb-before carry it on. */
  private void relayGrace(Task t, Known graceStart, boolean acquire) {
    if (acquire) {
      t.graceRelayed = newerGrace(t.graceRelayed, graceStart);
    } else {
      t.graceRelayPending = newerGrace(t.graceRelayPending, graceStart);
    }
  }

  private void relayPending(Task t) {
    if (t.graceRelayPending != null) {
      t.graceRelayed = newerGrace(t.graceRelayed, t.graceRelayPending);
      t.graceRelayPending = null;
      t.graceAfterRmb = null;
    }
  }

  /**
   * The grace period a marked store carries: the newest of its task's own last one and those
   * relayed to it (after an acquire read or a strong fence, by its release, or by its dependencies'
   * loads).
   */
  private Known storeGrace(Ev e, Task t, boolean release) {
    if (e.op() == Op.RMW && e.ok() && e.mo() == MemOrder.FULL) {
      relayPending(t); // its strong fence before the write
    }
    Known g = release ? newerGrace(t.graceRelayed, t.graceRelayPending) : t.graceRelayed;
    for (long ref : new long[] {e.ctrl(), e.dep(), e.data()}) {
      if (ref >= 0 && t.markedLoads.get(ref) != null) {
        g = newerGrace(g, t.loadGraces.get(ref));
      }
    }
    return withOwn(t, g);
  }

  /** Of the task's own grace start and a relayed one, the one whose grace period began last. */
  private Known withOwn(Task t, Known relayed) {
    return newerGrace(t.lastGraceStart, relayed);
  }

  /** Of two grace-period start clocks (either null), the one whose grace period began last. */
  private Known newerGrace(Known a, Known b) {
    if (a == null || a == b) {
      return b;
    }
    if (b == null) {
      return a;
    }
    GraceMark ma = graceMarks.get(a);
    GraceMark mb = graceMarks.get(b);
    return ma == null || (mb != null && mb.beginId() > ma.beginId()) ? b : a;
  }

  private void gpEnd(Task t) {
    if (t.gracePeriod == null) {
      t.strongFence();
      return;
    }
    t.apply(t.gracePeriod.ends);
    t.strongFence();
    t.lastGraceStart = t.graceStart;
    lastEndedGrace = newerGrace(lastEndedGrace, t.graceStart);
    t.gracePeriod = null;
    t.graceStart = null;
  }

  // ---- accesses ----------------------------------------------------------------------------------

  private void access(Ev e, Task t) {
    e = carryDependencies(e, t);
    boolean write = e.writes();
    boolean read = e.reads();
    boolean marked = e.mo().isMarked();
    boolean fullRmw = e.op() == Op.RMW && e.ok() && e.mo() == MemOrder.FULL;
    if (e.op() == Op.RMW && t.beforeAtomic != null) {
      // [M] ; fencerel(Before-atomic) ; [RMW] ; po? ; [M] is in mb (RMW includes FailedRMW)
      t.strongFence(t.beforeAtomic);
      t.beforeAtomic = null;
      t.graceRelayed = newerGrace(t.graceRelayed, t.graceBeforeAtomic);
      t.graceBeforeAtomic = null;
    }
    if (fullRmw) {
      t.strongFence();
      t.own.set(Math.toIntExact(e.id()));
    }
    LoadInfo dep = e.dep() >= 0 ? t.markedLoads.get(e.dep()) : null;
    if (marked && e.op() == Op.STORE && e.data() >= 0) {
      dep = union(dep, t.markedLoads.get(e.data())); // data ; [Marked W] is ppo
    }
    if (marked && e.op() == Op.STORE && e.ctrl() >= 0) {
      dep = union(dep, t.markedLoads.get(e.ctrl())); // ctrl ; [Marked W] is ppo
    }
    StoreRec source = marked && read ? storeRead(e) : null;
    List<Long> rfiDeps = List.of();
    if (source != null && t.name.equals(storeTask.get(source.id()))) {
      // dep ; [Marked] ; rfi is to-r: the loads the task's own store's address and value came
      // from precede the read (the engine knows them for its newest store to the address only)
      OwnStore own = t.ownStores.get(e.addr());
      if (own != null && own.id() == source.id()) {
        rfiDeps = new ArrayList<>();
        for (long ref : new long[] {own.dep(), own.data()}) {
          if (ref >= 0) {
            rfiDeps.add(ref);
            dep = union(dep, t.markedLoads.get(ref));
          }
        }
      }
      source = null; // rfi is not in hb: the task's own store orders nothing before its read
    }
    currentRfiDeps = rfiDeps;
    if (source != null && source.clock() != null) {
      // vis ends in rfe ; [Marked]: the marked read itself is ordered after what its store carries
      Known k = roundTrips(source.clock(), source.id(), e.addr(), t);
      k.s.set(Math.toIntExact(source.id()));
      dep = union(dep, new LoadInfo(k, source.id()));
    }
    if (marked && read && t.afterRmb != null) {
      // rmb and po-unlock-lock-po & int are ppo into a marked read: what the reads before received
      dep = union(dep, new LoadInfo(t.afterRmb.copy(), -1));
    }
    LoadInfo writeDep = dep;
    if (marked && e.op() == Op.RMW && e.ok()) {
      // (data | ctrl) ; [W] is ppo into the RMW's write, not its read
      writeDep = union(writeDep, e.data() >= 0 ? t.markedLoads.get(e.data()) : null);
      writeDep = union(writeDep, e.ctrl() >= 0 ? t.markedLoads.get(e.ctrl()) : null);
      // its read follows an smp_rmb() or relock and precedes its write: dep holds afterRmb
    }
    if (marked && write && e.op() == Op.STORE && t.afterRelock != null) {
      writeDep = union(writeDep, new LoadInfo(t.afterRelock.copy(), -1));
    }
    if (marked && write) {
      // overwrite & int is ppo: the task's earlier marked reads of the location precede the write
      for (long load : sameLocationLoads(e, t)) {
        writeDep = union(writeDep, t.markedLoads.get(load));
      }
      // po-rel: a release write follows every marked read before it, and what they received
      if (e.mo() == MemOrder.RELEASE || e.mo() == MemOrder.FULL) {
        writeDep = union(writeDep, new LoadInfo(t.pending.copy(), -1));
      }
      // co & int is ppo: the task's earlier marked store to the location, and what bounded it
      OwnStore earlier = t.ownStores.get(e.addr());
      if (earlier != null) {
        writeDep = union(writeDep, earlier.bound());
      }
      // addr ; [Plain] ; wmb is in to-w: loads that addressed plain stores before an smp_wmb()
      for (long load : t.afterWmbLoads) {
        writeDep = union(writeDep, t.markedLoads.get(load));
      }
    }
    if (!marked && write && e.dep() >= 0 && t.markedLoads.get(e.dep()) != null) {
      t.addrPlainLoads.add(e.dep());
    }
    if (e.mo() != MemOrder.DATA_RACE) {
      check(e, t, read, write, marked, dep, writeDep);
    }
    if (marked) {
      StoreRec readFrom = read ? receive(e, t) : null;
      if (write) {
        publish(e, t, readFrom, writeDep);
      }
    } else if (write) {
      stores.add(new StoreRec(e.id(), e.addr(), null, null));
    }
    if (fullRmw) {
      t.strongFence();
    }
    if (e.op() == Op.RMW) {
      t.afterRmw = t.capture();
      t.graceAtRmw = t.graceRelayPending; // what a later smp_mb__after_atomic() relays
    }
  }

  /**
   * carry-dep = (data ; rfi)*: returns {@code e} with its dep, ctrl and data resolved to the marked
   * loads the plain loads they name stand for, and records what {@code e} itself carries: a plain
   * store whose data names a marked load, a plain load that reads such a store of its own task.
   */
  private Ev carryDependencies(Ev e, Task t) {
    Ev r = e.withRefs(resolve(t, e.dep()), resolve(t, e.ctrl()), e.rf()).withData(resolve(t, e.data()));
    if (r.mo().isMarked()) {
      return r;
    }
    if (r.reads()) {
      StoreRec s = storeRead(r);
      Long load = s == null ? null : t.carryingStores.get(s.id());
      if (load != null) {
        t.carriedLoads.put(r.id(), load);
      }
    }
    if (r.writes() && r.data() >= 0 && t.markedLoads.containsKey(r.data())) {
      t.carryingStores.put(r.id(), r.data());
    }
    return r;
  }

  private static long resolve(Task t, long ref) {
    return ref < 0 ? ref : t.carriedLoads.getOrDefault(ref, ref);
  }

  /** The task's marked loads, before {@code e}, that read a byte {@code e} touches. */
  private static List<Long> sameLocationLoads(Ev e, Task t) {
    List<Long> out = new ArrayList<>();
    for (Map.Entry<Long, long[]> l : t.loadBytes.entrySet()) {
      if (l.getKey() != e.id() && l.getValue()[0] < e.addr() + e.size() && e.addr() < l.getValue()[1]) {
        out.add(l.getKey());
      }
    }
    out.sort(null);
    return out;
  }

  /** The union of two loads' clocks, the first one's store for the S exact match. */
  private static LoadInfo union(LoadInfo a, LoadInfo b) {
    if (b == null || b.clock() == null) {
      return a == null ? b : a;
    }
    if (a == null) {
      return b;
    }
    Known k = b.clock().copy();
    k.add(a.clock());
    long store = a.clock() == null ? -1 : a.store();
    if (b.store() >= 0 && b.store() != store) {
      k.s.set(Math.toIntExact(b.store())); // as visible as the dependency's own store read
    }
    return new LoadInfo(k, store);
  }

  private StoreRec storeRead(Ev e) {
    if (e.rf() >= 0) {
      for (StoreRec s : stores) {
        if (s.id() == e.rf()) {
          return s;
        }
      }
      return null;
    }
    for (int i = stores.size() - 1; i >= 0; i--) {
      if (stores.get(i).addr() == e.addr()) {
        return stores.get(i);
      }
    }
    return null;
  }

  /** The loads of dep ; [Marked] ; rfi for the current access (access sets it, receive reads it). */
  private List<Long> currentRfiDeps = List.of();

  /**
   * {@code clock}, what a marked read of task {@code t} of {@code addr} receives from another task's
   * store, with what the task's own remembered stores that it names (S, SX, W, WX or R) carried,
   * and its newest store to addr (prop & int): a round trip of the task's own store (vis =
   * cumul-fence* ; rfe? ; [Marked] ; xbstar & int); a new Known (null for null).
   */
  private Known withOwnStores(Known clock, long addr, Task t) {
    if (clock == null) {
      return null;
    }
    Known k = clock.copy();
    for (Map.Entry<Long, OwnStore> entry : t.ownStores.entrySet()) {
      OwnStore own = entry.getValue();
      int id = Math.toIntExact(own.id());
      // the newest store to the read's location is co-before the store read (CoWR): coe ; rfe is
      // prop, and prop & int is in hb
      if (entry.getKey() == addr || clock.s.get(id) || clock.sx.get(id) || clock.w.get(id)
          || clock.wx.get(id) || clock.r.get(id)) {
        k.add(own.clock());
        // what bounded the store's write is xbstar-before it: what those loads read is visible
        LoadInfo bound = own.bound();
        if (bound != null) {
          k.add(bound.clock());
          if (bound.store() >= 0) {
            k.s.set(Math.toIntExact(bound.store()));
          }
        }
      }
    }
    return k;
  }

  /**
   * {@code clock}, what a marked read of task {@code t} receives from another task's store, with
   * what comes back to the task through it: what its own stores that it names carried
   * (withOwnStores), and what its own marked reads that it orders before the read received, with
   * the stores they read (ownReadsReturned; relaxed or not, vis = rfe ; [Marked] ; xbstar & int).
   * A new Known, null for null.
   */
  private Known roundTrips(Known clock, long direct, long addr, Task t) {
    if (clock == null) {
      return null;
    }
    Known k = clock.copy();
    for (Returned r : t.returned) {
      // a read of the task's own store by another task, which clock orders: the store is
      // xbstar-before this read (rfe, then that task's xbstar), as in OwnStores.withCarried
      if (returnOrdered(r, clock, direct)) {
        k.add(r.clock());
        if (r.bound() != null) {
          k.add(r.bound().clock());
          if (r.bound().store() >= 0) {
            k.s.set(Math.toIntExact(r.bound().store()));
          }
        }
      }
    }
    k = withOwnStores(k, addr, t);
    k.add(ownReadsReturned(k, t));
    return k;
  }

  /**
   * A lock, wait or join of task {@code t} acquired {@code k} (null: nothing): what the task's own
   * marked reads that k orders received, and the stores they read, are visible after it too
   * (ownReadsReturned), and applied.
   */
  private void acquireReturned(Known k, Task t) {
    if (k != null) {
      t.apply(ownReadsReturned(k, t));
    }
  }

  /**
   * What the task's own marked reads that acquired clock {@code k} orders before the acquire (its
   * R set, or its D set as xbstar reads it) received, with the stores they read: visible to the
   * acquire (vis = rfe ; [Marked] ; xbstar & int, a round trip through other tasks).
   */
  private Known ownReadsReturned(Known k, Task t) {
    Known returned = new Known();
    for (Map.Entry<Long, LoadInfo> load : t.markedLoads.entrySet()) {
      int id = Math.toIntExact(load.getKey());
      boolean ordered = k.r.get(id) || (k.d.get(id)
          && (!emulates(Deviation.LOSSY_D) || newestOf(k.d, t.name, loadTask) == id))
          || overwritten(k, -1, t, load.getKey(), t.loadBytes.get(load.getKey())[0]);
      if (ordered && t.name.equals(loadTask.get(load.getKey()))) {
        returned.add(load.getValue().clock());
        if (load.getValue().store() >= 0) {
          returned.s.set(Math.toIntExact(load.getValue().store()));
        }
      }
    }
    return returned;
  }

  /**
   * Whether {@code clock}, received from store {@code direct} (-1: none), orders returned read
   * {@code r}: its R or D set names it, the reader's newest store to its location at or after it
   * (overwritten), or for an acquire a later event of its task (laterKnown).
   */
  private boolean returnOrdered(Returned r, Known clock, long direct) {
    int id = Math.toIntExact(r.load());
    Task reader = tasks.get(loadTask.get(r.load()));
    return clock.r.get(id) || (clock.d.get(id)
        && (!emulates(Deviation.LOSSY_D) || newestOf(clock.d, loadTask.get(r.load()), loadTask) == id))
        || overwritten(clock, direct, reader, r.load(), r.addr())
        || (r.acquire() && laterKnown(clock, direct, reader, r.load()));
  }

  /**
   * Whether a remembered read of marked store {@code n} by another task is ordered before a write
   * checked with {@code writes} and {@code writeDep}: n is xbstar-before it (rfe, then the reader's
   * xbstar), visible or not.
   */
  private boolean readBefore(Hist n, Known writes, LoadInfo writeDep) {
    for (Returned r : tasks.get(n.task).returned) {
      if (r.store() == n.id && (returnOrdered(r, writes, -1)
          || (writeDep != null && writeDep.clock() != null
              && returnOrdered(r, writeDep.clock(), writeDep.store())))) {
        return true;
      }
    }
    return false;
  }

  /**
   * fr & int is in ppo: whether marked read {@code load} of task {@code u}, of {@code addr}, is
   * ordered before the holder of {@code k} through u's newest marked store to addr, at or after it
   * (an RMW's own write), which k names as xbstar-before or visible, or which is {@code direct},
   * the store the holder's read read (-1: none).
   */
  private static boolean overwritten(Known k, long direct, Task u, long load, long addr) {
    OwnStore newest = u.ownStores.get(addr);
    if (newest == null || newest.id() < load) {
      return false;
    }
    int id = Math.toIntExact(newest.id());
    return newest.id() == direct || k.r.get(id) || k.w.get(id) || k.wx.get(id) || k.s.get(id)
        || k.sx.get(id);
  }

  /**
   * acq-po is in ppo: whether an event of task {@code u} after its acquire load {@code load} is in
   * {@code k}, or is {@code direct}, the store the holder's read read (orderedAfterAcquire).
   */
  private static boolean laterKnown(Known k, long direct, Task u, long load) {
    BitSet later = (BitSet) u.own.clone();
    later.clear(0, Math.toIntExact(load) + 1);
    return knowsAny(k, later) || (direct >= 0 && later.get(Math.toIntExact(direct)));
  }

  private StoreRec receive(Ev e, Task t) {
    StoreRec s = storeRead(e);
    t.markedReads.set(Math.toIntExact(e.id()));
    boolean own = s != null && t.name.equals(storeTask.get(s.id()));
    boolean acquire = e.ok() && (e.mo() == MemOrder.ACQUIRE || e.mo() == MemOrder.FULL);
    if (s != null && !own && s.clock() != null) {
      Task writer = tasks.get(storeTask.get(s.id()));
      OwnStore newest = writer.ownStores.get(e.addr());
      writer.returned.addLast(new Returned(e.id(), e.addr(), acquire, s.id(), s.clock(),
          newest != null && newest.id() == s.id() ? newest.bound() : null));
      if (writer.returned.size() > RETURNS) {
        writer.returned.removeFirst();
      }
    }
    Known clock = s == null || own ? null : roundTrips(s.clock(), s.id(), e.addr(), t);
    // an acquire RMW's read is an acquire load too (acq-po); a relaxed or release RMW's read is a
    // relaxed load
    if (!acquire) {
      t.relaxedLoads.set(Math.toIntExact(e.id()));
    } else {
      // acq-po orders the load before later marked stores; they carry every marked read so far
      // when each relaxed one is already carried (the engine's M frontier is a prefix)
      BitSet uncovered = (BitSet) t.relaxedLoads.clone();
      uncovered.andNot(t.boundR);
      uncovered.andNot(t.boundM);
      if (uncovered.isEmpty()) {
        t.boundM.or(t.markedReads);
      }
    }
    // addr ; [R] is ppo: the load the address came from precedes this read, with what it received;
    // so do the loads of dep ; [Marked] ; rfi (access)
    List<Long> sources = new ArrayList<>();
    if (e.dep() >= 0 && t.markedLoads.get(e.dep()) != null) {
      sources.add(e.dep());
    }
    for (long ref : currentRfiDeps) {
      if (t.markedLoads.get(ref) != null) {
        sources.add(ref);
      }
    }
    Known chained = clock;
    if (!sources.isEmpty() || t.afterRmb != null) {
      chained = clock == null ? new Known() : clock.copy();
      chained.add(t.afterRmb); // rmb is ppo, and r-post-bounds what came before it
    }
    for (long ref : sources) {
      LoadInfo source = t.markedLoads.get(ref);
      chained.add(source.clock());
      if (source.store() >= 0) {
        chained.s.set(Math.toIntExact(source.store()));
      }
      chained.d.set(Math.toIntExact(ref));
    }
    if (clock != null || (acquire && chained != null)) {
      Known k = (acquire ? chained : clock).copy();
      if (clock != null) {
        k.s.set(Math.toIntExact(s.id()));
      }
      if (acquire) {
        k.add(ownReadsReturned(k, t));
        t.apply(k);
      } else {
        t.pending.add(k);
      }
    }
    Known seen = s == null ? null : s.graceStart();
    if (seen != null) {
      sawGrace(t, seen, acquire);
    }
    // rcu-link's hb*: the loads the read is ppo-after (the reads before an smp_rmb(), the loads its
    // address came from) are hb-before what it is hb-before, so it carries on what they saw
    Known graceChained = newerGrace(seen, t.graceAfterRmb);
    for (long ref : sources) {
      graceChained = newerGrace(graceChained, t.loadGraces.get(ref));
    }
    if (graceChained != seen) {
      relayGrace(t, graceChained, acquire);
    }
    if (acquire) {
      t.graceAfterRmb = null;
    }
    if (graceChained != null) {
      t.loadGraces.put(e.id(), graceChained);
    }
    t.markedLoads.put(e.id(), new LoadInfo(chained, clock == null ? -1 : s.id()));
    t.loadBytes.put(e.id(), new long[] {e.addr(), e.addr() + e.size()});
    loadTask.put(e.id(), t.name);
    return s;
  }

  private void publish(Ev e, Task t, StoreRec readFrom, LoadInfo writeDep) {
    boolean release = e.mo() == MemOrder.RELEASE || e.mo() == MemOrder.FULL;
    Known k = release ? t.releaseSnapshot() : t.relaxedSnapshot();
    // overwrite & int orders the task's earlier marked reads of the location before the write:
    // what they received is forwarded (the reads themselves are not named in D by either engine:
    // litmus-disagreements, section 8)
    for (long load : sameLocationLoads(e, t)) {
      LoadInfo l = t.markedLoads.get(load);
      k.addXb(l == null ? null : l.clock());
    }
    for (long ref : new long[] {e.ctrl(), e.dep(), e.data()}) {
      LoadInfo l = ref >= 0 ? t.markedLoads.get(ref) : null;
      if (l != null) {
        k.addXb(l.clock());
        k.d.set(Math.toIntExact(ref)); // rwdep ; [W] is ppo: the marked load itself is xbstar-ordered
      }
    }
    if (e.op() == Op.RMW && t.afterRmb != null) {
      k.addXb(t.afterRmb); // the RMW's read follows the smp_rmb() and precedes its write
    }
    for (long load : t.afterWmbLoads) {
      k.addXb(t.markedLoads.get(load).clock()); // addr ; [Plain] ; wmb is in to-w
      k.d.set(Math.toIntExact(load));
    }
    if (readFrom != null) {
      k.add(readFrom.clock()); // an RMW continues the release sequence of the store it read
      if (readFrom.clock() != null) {
        k.s.set(Math.toIntExact(readFrom.id())); // w-post-bounded = [Marked] ; rmw-sequence
      }
    }
    // co & int is in ppo: what the task's earlier marked store to the location was xbstar-ordered
    // after precedes this one's readers too (the engine remembers the last few addresses only)
    OwnStore earlier = t.ownStores.remove(e.addr());
    k.addXb(earlier == null ? null : earlier.clock());
    t.ownStores.put(e.addr(), new OwnStore(e.id(), k, writeDep, e.dep(), e.data()));
    if (t.ownStores.size() > OwnStores.SLOTS) {
      t.ownStores.remove(t.ownStores.keySet().iterator().next());
    }
    if (release) {
      t.lastRelease = k;
      t.lastReleaseWrite = k;
    } else {
      t.lastRelaxedWrite = k;
    }
    if (readFrom != null && readFrom.clock() != null) {
      // rmw-sequence: a wmb forwards what the store read made visible, and the store itself
      Known sequence = readFrom.clock().copy();
      sequence.s.set(Math.toIntExact(readFrom.id()));
      t.continueReleaseSequence(sequence);
    }
    stores.add(new StoreRec(e.id(), e.addr(), k, storeGrace(e, t, release)));
    storeTask.put(e.id(), t.name);
    t.markedWrites.set(Math.toIntExact(e.id()));
    t.writeBounds.add(writeDep == null ? null : writeDep.clock());
    if (writeDep != null && writeDep.clock() != null && writeDep.store() >= 0) {
      // the store the bounding load read is as visible as what it received (vis's rfe): a
      // later smp_wmb() w-pre-bounds a plain store with it too (differential seed 632243)
      t.writeBounds.s.set(Math.toIntExact(writeDep.store()));
    }
    for (long ref : new long[] {e.ctrl(), e.dep(), e.data()}) {
      if (ref >= 0 && t.markedLoads.get(ref) != null) {
        t.writeBounds.d.set(Math.toIntExact(ref)); // rwdep ; [W], then wmb: both ppo
      }
    }
  }

  private void check(Ev e, Task t, boolean read, boolean write, boolean marked, LoadInfo dep,
      LoadInfo writeDep) {
    long lo = e.addr();
    long hi = e.addr() + e.size();
    Map.Entry<Long, FreeRec> freedByte = freedBytes.ceilingEntry(lo);
    if (freedByte != null && freedByte.getKey() < hi) {
      FreeRec f = freedByte.getValue();
      report(FindingKind.USE_AFTER_FREE, f.id(), e.id(), f.ptr(), f.ptr() + f.size(), lo, hi);
    }
    for (Hist a : history) {
      if (a.task.equals(t.name) || !a.liveIn(lo, hi) || !(a.write || write) || (a.marked && marked)) {
        continue;
      }
      if (!ordered(a, read, write, marked, t.reads, t.writes, dep, writeDep)
          && !orderedAfterAcquire(a, write, marked, t.writes, writeDep)
          && !orderedThroughOwnWrite(a, write, marked, t.writes, writeDep)) {
        RefFinding f = a.conflict(FindingKind.DATA_RACE, e.id(), lo, hi, emulates(Deviation.WIDE_BYTES));
        if (t.rcuDepth > 0) {
          t.deferred.add(new Deferred(f, a, read, write, marked));
        } else if (t.graceOrdered == null
            || !ordered(a, read, write, marked, t.graceOrdered, t.graceOrdered, null, null)) {
          findings.add(f); // else ordered after its task's last section (rcu-fence's po? runs on)
        }
      }
    }
    if (e.mo() != MemOrder.DATA_RACE) {
      dropEmulated(t, lo, hi, read, write, marked, e.op() == Op.RMW && e.ok(), dep);
    }
    Hist h = new Hist(e.id(), t.name, lo, hi, write, marked);
    h.reads = read;
    h.acquire = marked && read && !write && e.ok()
        && (e.mo() == MemOrder.ACQUIRE || e.mo() == MemOrder.FULL);
    for (long x = lo; x < hi; x++) {
      if (freedBytes.containsKey(x)) {
        h.reset(x, x + 1);
        if (emulates(Deviation.UAF_STOPS_RECORDING)) {
          h.reset(x & ~7L, hi);
        }
      }
    }
    history.add(h);
  }

  /** {@link Deviation#DROP_DOMINATED} and {@link Deviation#DROP_ORDERED_BY_PLAIN_WRITE}, per granule. */
  private void dropEmulated(Task t, long lo, long hi, boolean read, boolean write, boolean marked,
      boolean rmw, LoadInfo dep) {
    boolean dominated = emulates(Deviation.DROP_DOMINATED);
    boolean markedReads = emulates(Deviation.DOMINATED_MARKED_READS);
    boolean ordered = emulates(Deviation.DROP_ORDERED_BY_PLAIN_WRITE) && write && !marked;
    if (!dominated && !markedReads && !ordered) {
      return;
    }
    for (long g = lo & ~7L; g < hi; g += 8) {
      long bLo = Math.max(lo, g);
      long bHi = Math.min(hi, g + 8);
      for (Hist a : history) {
        long aLo = Math.max(a.lo, g);
        long aHi = Math.min(a.hi, g + 8);
        if (aLo >= aHi || !a.liveIn(aLo, aHi) || aLo >= bHi || bLo >= aHi) {
          continue;
        }
        boolean covered = bLo <= aLo && aHi <= bHi;
        if (!covered) {
          continue;
        }
        boolean drop;
        if (a.task.equals(t.name)) {
          // same kind of access, at least as race-prone; an RMW covers every marked access
          drop = dominated && (rmw ? a.marked
              : write ? (a.write ? !marked || a.marked : !marked)
              : !a.write && (!marked || a.marked))
              || markedReads && read && !write && marked && !a.write && a.marked;
        } else {
          drop = ordered && (ordered(a, read, true, false, t.reads, t.writes, dep, dep)
              || orderedAfterAcquire(a, true, false, t.writes, dep)
              || orderedThroughOwnWrite(a, true, false, t.writes, dep));
        }
        if (drop) {
          a.reset(g, g + 8);
        }
      }
    }
  }

  private void decideDeferred(Task t) {
    for (Deferred d : t.deferred) {
      if (t.graceSeen == null
          || !ordered(d.earlier(), d.bRead(), d.bWrite(), d.bMarked(), t.graceSeen, t.graceSeen, null,
              null)) {
        findings.add(d.finding());
      }
    }
    t.deferred.clear();
  }

  // ---- ordering ----------------------------------------------------------------------------------

  /**
   * acq-po is in ppo: whether acquire load {@code a} is ordered before a later plain write because an
   * event of its task after it is, in any plane of what the write is checked with.
   */
  private boolean orderedAfterAcquire(Hist a, boolean bWrite, boolean bMarked, Known writes,
      LoadInfo writeDep) {
    if (!a.acquire || !bWrite || bMarked) {
      return false;
    }
    BitSet later = (BitSet) tasks.get(a.task).own.clone();
    later.clear(0, Math.toIntExact(a.id) + 1);
    return knowsAny(writes, later) || (writeDep != null && ((writeDep.clock() != null
        && knowsAny(writeDep.clock(), later))
        || (writeDep.store() >= 0 && later.get(Math.toIntExact(writeDep.store())))));
  }

  private static boolean knowsAny(Known k, BitSet events) {
    return k.w.intersects(events) || k.r.intersects(events) || k.wx.intersects(events)
        || k.s.intersects(events) || k.d.intersects(events) || k.sx.intersects(events);
  }

  /**
   * fr & int is in ppo: whether marked read {@code a} is ordered before a later plain write because a
   * later marked write of its task covering its bytes, still live there, is visible to the write's
   * writes (an hb chain to what w-pre-bounds it; the engine looks only at the stores its granule
   * still holds).
   */
  private boolean orderedThroughOwnWrite(Hist a, boolean bWrite, boolean bMarked, Known writes,
      LoadInfo writeDep) {
    if (a.write || !a.marked || !bWrite || bMarked || (a.lo & 7) + (a.hi - a.lo) > 8) {
      return false; // the engine decides a read of one granule only
    }
    for (Hist n : history) {
      if (n.task.equals(a.task) && n.write && n.marked && n.id > a.id && n.lo <= a.lo
          && a.hi <= n.hi && n.liveIn(a.lo, a.hi)
          && (vis(n, writes, writeDep) || readBefore(n, writes, writeDep))
          && !outrun(n, a.lo & ~7L)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether marked store {@code n} has AccessChecker.MARKED_STORE_RUN (8) newer live stores of its
   * run in granule {@code g}: the same task, kind and bytes there (the random traces give no code
   * locations), which the engine's compaction may drop it for.
   */
  private boolean outrun(Hist n, long g) {
    long nLo = Math.max(n.lo, g);
    long nHi = Math.min(n.hi, g + 8);
    int newer = 0;
    for (Hist m : history) {
      if (m.id > n.id && m.task.equals(n.task) && m.write && m.marked && m.reads == n.reads
          && Math.max(m.lo, g) == nLo && Math.min(m.hi, g + 8) == nHi && m.liveIn(nLo, nHi)
          && ++newer >= 8) {
        return true;
      }
    }
    return false;
  }

  /** Whether earlier access {@code a} is ordered before a later access with these properties. */
  private boolean ordered(Hist a, boolean bRead, boolean bWrite, boolean bMarked, Known reads,
      Known writes, LoadInfo dep, LoadInfo writeDep) {
    if (!a.write) {
      // rw: only xbstar from the read reaches the later write
      return xb(a, writes, writeDep);
    }
    if (bRead && !vis(a, reads, dep)) {
      return false; // wr-vis
    }
    if (bWrite) {
      // ww-nonrace: ww-vis, and the r-bounds a plain store needs (the compiler may add loads)
      return vis(a, writes, writeDep) && (a.marked || xb(a, writes, writeDep))
          && (bMarked || vis(a, reads, dep));
    }
    return true;
  }

  private boolean vis(Hist a, Known k, LoadInfo dep) {
    if (visIn(a, k)) {
      return true;
    }
    if (dep == null) {
      return false;
    }
    if (a.marked && dep.store() == a.id) {
      return true;
    }
    return dep.clock() != null && visIn(a, dep.clock());
  }

  private boolean visIn(Hist a, Known k) {
    int id = Math.toIntExact(a.id);
    return k.w.get(id) || k.wx.get(id) || (a.marked && (inStoreSet(k.s, a, id)
        || inStoreSet(k.sx, a, id)));
  }

  private boolean inStoreSet(BitSet set, Hist a, int id) {
    return set.get(id) && (!emulates(Deviation.LOSSY_S) || newestOfWriter(set, a.task) == id);
  }

  /** The newest store of {@code writer} in {@code s}: all that an S entry per writer can hold. */
  private int newestOfWriter(BitSet s, String writer) {
    return newestOf(s, writer, storeTask);
  }

  /** The newest event of {@code task} in {@code set}, whose tasks {@code tasks} gives. */
  private static int newestOf(BitSet set, String task, Map<Long, String> tasks) {
    int newest = -1;
    for (int i = set.nextSetBit(0); i >= 0; i = set.nextSetBit(i + 1)) {
      if (task.equals(tasks.get((long) i))) {
        newest = i;
      }
    }
    return newest;
  }

  private boolean xb(Hist a, Known k, LoadInfo dep) {
    return xbIn(a, k) || (dep != null && dep.clock() != null && xbIn(a, dep.clock()));
  }

  private boolean xbIn(Hist a, Known k) {
    int id = Math.toIntExact(a.id);
    return k.r.get(id) || (a.marked && !a.write && k.d.get(id)
        && (!emulates(Deviation.LOSSY_D) || newestOf(k.d, a.task, loadTask) == id));
  }

  // ---- heap --------------------------------------------------------------------------------------

  private void alloc(Ev e, Task t) {
    long lo = e.addr();
    long hi = e.addr() + e.size();
    live.remove(lo);
    liveSize.remove(lo);
    FreeRec same = freed.remove(lo);
    if (same != null) {
      t.apply(same.clock());
    }
    for (long x = lo; x < hi; x++) {
      FreeRec f = freedBytes.remove(x);
      if (f != null && freed.get(f.ptr()) != null) {
        t.apply(freed.get(f.ptr()).clock());
      }
    }
    for (Hist h : history) {
      resetObjectBytes(h, lo, hi);
    }
    live.put(lo, new Hist(e.id(), t.name, lo, hi, true, false));
    liveSize.put(lo, e.size());
  }

  /**
   * An allocation or free of [lo, hi) resets those bytes of {@code h}; with
   * {@link Deviation#RESET_WHOLE_CELLS}, all of h's bytes in a partial first or last granule that
   * the object's bytes there meet.
   */
  private void resetObjectBytes(Hist h, long lo, long hi) {
    long firstGranule = lo & ~7L;
    long lastGranule = (hi - 1) & ~7L;
    boolean first = emulates(Deviation.RESET_WHOLE_CELLS) && h.liveIn(lo, Math.min(hi, firstGranule + 8));
    boolean last = emulates(Deviation.RESET_WHOLE_CELLS) && h.liveIn(Math.max(lo, lastGranule), hi);
    h.reset(lo, hi);
    if (first) {
      h.reset(firstGranule, firstGranule + 8);
    }
    if (last) {
      h.reset(lastGranule, lastGranule + 8);
    }
  }

  private void free(Ev e, Task t) {
    long ptr = e.addr();
    Hist object = live.remove(ptr);
    if (object == null) {
      FreeRec earlier = freed.get(ptr);
      if (earlier != null) {
        findings.add(new RefFinding(FindingKind.DOUBLE_FREE, earlier.id(), e.id(), ptr, earlier.size()));
        return;
      }
      freed.put(ptr, new FreeRec(e.id(), ptr, 0, t.fullSnapshot()));
      return;
    }
    long size = liveSize.remove(ptr);
    long hi = ptr + size;
    if (!object.task.equals(t.name)
        && !ordered(object, false, true, false, t.reads, t.writes, null, null)) {
      report(FindingKind.ASSERT_RACE, object.id, e.id(), ptr, hi, ptr, hi);
    }
    for (Hist a : history) {
      if (!a.task.equals(t.name) && a.liveIn(ptr, hi)
          && !ordered(a, false, true, false, t.reads, t.writes, null, null)) {
        findings.add(a.conflict(FindingKind.ASSERT_RACE, e.id(), ptr, hi, emulates(Deviation.WIDE_BYTES)));
      }
      resetObjectBytes(a, ptr, hi);
    }
    FreeRec rec = new FreeRec(e.id(), ptr, size, t.fullSnapshot());
    freed.put(ptr, rec);
    for (long x = ptr; x < hi; x++) {
      freedBytes.put(x, rec);
    }
  }

  // ---- findings ----------------------------------------------------------------------------------

  private void report(FindingKind kind, long first, long second, long aLo, long aHi, long bLo, long bHi) {
    findings.add(finding(kind, first, second, aLo, aHi, bLo, bHi));
  }

  private static RefFinding finding(FindingKind kind, long first, long second, long aLo, long aHi,
      long bLo, long bHi) {
    long lo = Math.max(aLo, bLo);
    long hi = Math.min(aHi, bHi);
    return new RefFinding(kind, first, second, lo, hi - lo);
  }
}
