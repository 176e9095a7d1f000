package dev.slabrace.detect;

import dev.slabrace.detect.clock.VectorClock;
import dev.slabrace.detect.lkmm.AccessKind;
import dev.slabrace.detect.lkmm.RcuEdges;
import dev.slabrace.detect.sync.Callbacks;
import dev.slabrace.detect.sync.LockState;
import dev.slabrace.detect.sync.RcuReaders;
import dev.slabrace.detect.sync.Waiter;
import dev.slabrace.finding.FindingSink;
import dev.slabrace.finding.WarningCode;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.FenceKind;
import it.unimi.dsi.fastutil.longs.LongAVLTreeSet;
import it.unimi.dsi.fastutil.objects.Reference2IntOpenHashMap;

/**
 * RCU: read-side sections, grace periods (gp_begin/gp_end, synchronize_rcu), call_rcu callbacks and
 * rcu_barrier, as happens-before edges between tasks. This class pairs the events up; what each end
 * orders is {@link dev.slabrace.detect.lkmm.RcuEdges}'.
 *
 * <pre>
 * Implementation notes (LKMM Grace-Period Guarantee; lkmm.md section 4.6)
 *
 * Every section that began before a grace period started, in line order, ends before it ends,
 * whether it was still running at gp_begin or had already ended: the ends of finished sections are
 * accumulated in one clock (ended), which gp_begin and call_rcu copy into their waiter; the ends of
 * sections still running are joined into the waiter as they come, and the waiter's clock is
 * applied at gp_end (cb_begin). There is no edge from a grace period's start to a
 * section that begins later: LKMM orders the pre-grace-period accesses before such a section only
 * if a marked read of its task before its rcu_read_unlock, inside the section or earlier (rcu-link
 * ends with po), observes a store made after the grace period (rb). The engine therefore keeps
 * the races of a section's accesses until rcu_read_unlock and drops those that the grace periods
 * observed by then order. call_rcu(cb) is a virtual task running a grace
 * period and then cb: cb_begin acquires the call_rcu clock and the ends of the sections running
 * at call_rcu, or ended before it; the callback's task then counts as having completed a grace
 * period that began at call_rcu, so a section that observes a store of the callback is ordered
 * after what preceded call_rcu (as after gp_end). Sections chained by rf count as rcu-order does:
 * a section that observes a store made after grace period k began after k began, so its task's
 * later stores count as made after the end of the ended grace period that began last before k
 * (observed), and a chain of n sections is balanced by n grace periods.
 * The observed grace periods order the task's accesses after the section too (rcu-fence's po?
 * after the lock runs on past the unlock): at the section's end they become the task's ordered
 * set (ObservedGracePeriods), against which the checker decides its later accesses outside
 * sections.
 * A store carries the grace period its task completed last (or counted, above); a task without
 * one relays the newest grace period its marked reads saw to the later marked stores they are
 * hb-before (rcu-link's hb*: after an acquire, a strong fence (smp_mb(), a full RMW,
 * smp_mb__before_atomic() with the next RMW, smp_mb__after_atomic() after the last one) or the
 * contract's acquire or release fence, to a release store or an unlock, whose lock's next holder
 * that it orders reads it as an acquire would, through a dependency; a read ordered after another
 * within its task by smp_rmb() or an address dependency carries the other's on as its own), so a
 * section that observes a relayed store is ordered as if it had observed the first.
 * cb_end is joined into what every later rcu_barrier acquires;
 * rcu_barrier gives no other ordering (no fence: with no callback pending it orders nothing).
 * </pre>
 */
final class RcuTracker {
  private final EventSource source;
  private final FindingSink sink;
  private final Engine.Warner warner;
  private final RcuReaders readers = new RcuReaders();
  private final LongAVLTreeSet openSections = new LongAVLTreeSet();
  private final Callbacks callbacks = new Callbacks();
  /** Join of the end clocks of every read-side section that has ended. */
  private final VectorClock ended = new VectorClock();
  /**
   * How many recent grace periods (and callbacks) keep what counting sections against them needs;
   * a store carrying the start of an older one still orders its observers, but does not chain.
   */
  static final int RECENT_GRACE_PERIODS = 64;
  /* per recent grace period, by its start clock (identity): the start clock of the grace period
     that began last among those ended when it began (null if none), and its begin event */
  private final VectorClock[] markStarts = new VectorClock[RECENT_GRACE_PERIODS];
  /** The slot of each start clock in markStarts, by identity. */
  private final Reference2IntOpenHashMap<VectorClock> markSlots = newMarkSlots();
  private final VectorClock[] markPriors = new VectorClock[RECENT_GRACE_PERIODS];
  private final long[] markBegins = new long[RECENT_GRACE_PERIODS];
  private int markNext;
  /** The start clock of the ended grace period that began last, or null. */
  private VectorClock lastEnded;

  RcuTracker(EventSource source, FindingSink sink, Engine.Warner warner) {
    this.source = source;
    this.sink = sink;
    this.warner = warner;
  }

  private void warn(WarningCode code, Object... args) {
    warner.warn(code, args);
  }

  private String keyName(EventCursor e) {
    return Engine.keyName(source, e);
  }

  /** Returns the event id of the oldest section still open, or Long.MAX_VALUE. */
  long oldestOpenSection() {
    return openSections.isEmpty() ? Long.MAX_VALUE : openSections.firstLong();
  }

  void onReadLock(EventCursor e, TaskState t) {
    if (t.rcuDepth++ == 0) {
      t.rcuSerial++;
      t.rcuSectionStart = e.id;
      openSections.add(e.id);
      if (t.gracePriorPending != null) {
        t.lastGraceStart = newer(t.lastGraceStart, t.gracePriorPending);
        t.gracePriorPending = null;
      }
      readers.begin(t.index, t.rcuSerial);
    }
  }

  void onReadUnlock(EventCursor e, TaskState t) {
    if (t.rcuDepth == 0) {
      warn(WarningCode.RCU_UNLOCK_OUTSIDE_SECTION);
      return;
    }
    if (--t.rcuDepth == 0) {
      openSections.remove(t.rcuSectionStart);
      VectorClock end = RcuEdges.endSection(t.clocks);
      ended.join(end);
      readers.end(t.index, end);
      flushDeferred(t);
      if (t.graces != null) {
        t.graces.sectionEnded();
      }
    }
  }

  /**
   * Whether access {@code b} of {@code t}, outside a section, is ordered after the access {@code a}
   * of task {@code u} at epoch {@code c} by the grace periods its earlier sections were ordered
   * after (ObservedGracePeriods.ordered); the checker asks before it counts a race, so that its
   * choice of the races to report sees only real ones.
   */
  static boolean orderedAfterSections(TaskState t, int u, int c, AccessKind a, AccessKind b) {
    return t.graces != null && t.rcuDepth == 0 && !t.graces.noneOrdered()
        && RcuEdges.orderedByObservedGracePeriods(t.graces.ordered(), u, c, a, b);
  }

  void flushDeferred(TaskState t) {
    VectorClock observed = t.deferred.isEmpty() || t.graces == null ? null : t.graces.observed();
    for (Engine.DeferredRace d : t.deferred) {
      if (!RcuEdges.orderedByObservedGracePeriods(observed, d.task(), d.epoch(),
          d.earlier(), d.later())) {
        sink.accept(d.finding());
      }
    }
    t.deferred.clear();
  }

  void onGracePeriodBegin(EventCursor e, TaskState t) {
    if (t.rcuDepth > 0) {
      warn(WarningCode.GRACE_PERIOD_INSIDE_SECTION);
    }
    if (t.gracePeriod != null) {
      warn(WarningCode.GP_BEGIN_WHILE_WAITING, source.tasks().name(t.index));
    }
    t.gracePeriodStart = RcuEdges.beginGracePeriod(t.clocks);
    mark(t.gracePeriodStart, lastEnded, e.id);
    t.gracePeriod = new Waiter(e.id);
    t.gracePeriod.clock.join(ended);
    readers.waitForRunning(t.gracePeriod);
  }

  void onGracePeriodEnd(EventCursor e, TaskState t) {
    Waiter gp = t.gracePeriod;
    if (gp == null) {
      warn(WarningCode.GP_END_WITHOUT_BEGIN);
      t.clocks.strongFence();
      return;
    }
    if (gp.running > 0) {
      warn(WarningCode.GRACE_PERIOD_ENDED_BEFORE_READERS, gp.startEvent, gp.running);
    }
    RcuEdges.endGracePeriod(t.clocks, gp.clock);
    t.lastGraceStart = t.gracePeriodStart;
    lastEnded = newer(lastEnded, t.gracePeriodStart);
    t.gracePeriod = null;
    t.gracePeriodStart = null;
  }

  void onCallRcu(EventCursor e, TaskState t) {
    VectorClock queued = RcuEdges.callRcu(t.clocks);
    Waiter gp = new Waiter(e.id);
    gp.clock.join(ended);
    if (!callbacks.queue(e.key, e.keyIsName, queued, gp)) {
      warn(WarningCode.CALL_RCU_ALREADY_PENDING, keyName(e));
      return;
    }
    readers.waitForRunning(gp);
  }

  void onCallbackBegin(EventCursor e, TaskState t) {
    Callbacks.Pending cb = callbacks.get(e.key, e.keyIsName);
    if (cb == null) {
      warn(WarningCode.CB_BEGIN_NOT_QUEUED, keyName(e));
      return;
    }
    if (cb.gracePeriod.running > 0) {
      warn(WarningCode.CALLBACK_BEFORE_READERS, keyName(e), cb.gracePeriod.running);
    }
    RcuEdges.beginCallback(t.clocks, cb.queued, cb.gracePeriod.clock);
    t.lastGraceStart = RcuEdges.callbackGraceStart(cb.queued, t.lastGraceStart);
    mark(t.lastGraceStart, null, e.id);
    cb.runner = t.index;
  }

  /**
   * A marked read of {@code t} (an acquire if {@code acquire}), or a lock reading an unlock, saw
   * what was made after the grace period that began at {@code grace}.
   */
  void read(TaskState t, VectorClock grace, boolean acquire) {
    if (grace != t.graceReadLast) { // the same grace period again adds nothing but the relay
      t.graceReadLast = grace;
      observedGrace(t, grace);
    }
    readGrace(t, grace, acquire);
  }

  /**
   * A marked read of {@code t} (an acquire if {@code acquire}) read a store that carried grace
   * start {@code own} (null: none); its address came from load {@code dep}, and from the loads
   * {@code rfiAddrDep} and {@code rfiDataDep} that the task's own store it read depended on
   * (NO_REF: none). Returns the grace start the read carries on to what depends on it
   * (chainedGrace), after counting and relaying it.
   */
  VectorClock read(TaskState t, VectorClock own, boolean acquire, long dep, long rfiAddrDep,
      long rfiDataDep) {
    VectorClock chained = own;
    if (t.graceReadLast != null) { // only a task that ever read a grace-carrying store chains one
      chained = chainedGrace(t, own, dep, rfiAddrDep, rfiDataDep);
    }
    if (own != null) {
      read(t, own, acquire);
    }
    if (chained != own) {
      readGrace(t, chained, acquire);
    }
    if (acquire && t.graceAfterRmb != null) {
      t.graceAfterRmb = null; // relayed with chained: every later store carries it
    }
    return chained;
  }

  /**
   * The newest of {@code own} and the grace starts of the loads the read is ordered after within
   * its task by ppo: the reads before its last smp_rmb() (graceAfterRmb) and the loads its address
   * depends on, directly or through its own store (addr ; [R] and dep ; rfi are ppo, so those loads
   * are hb-before whatever the read is hb-before: rcu-link's hb*).
   */
  private VectorClock chainedGrace(TaskState t, VectorClock own, long dep, long rfiAddrDep,
      long rfiDataDep) {
    VectorClock g = newer(own, t.graceAfterRmb);
    if (dep != EventCursor.NO_REF) {
      g = newer(g, t.loadGrace(dep));
    }
    if (rfiAddrDep != EventCursor.NO_REF) {
      g = newer(g, t.loadGrace(rfiAddrDep));
    }
    if (rfiDataDep != EventCursor.NO_REF) {
      g = newer(g, t.loadGrace(rfiDataDep));
    }
    return g;
  }

  /**
   * A fence of {@code t}: smp_mb(), and the contract's acquire and release fences, relay what its
   * relaxed reads saw to all its later marked stores (strong-fence; an acquire fence orders earlier
   * reads before everything later, a release fence everything earlier before later stores);
   * smp_rmb() chains it to the task's later reads; smp_mb__before_atomic() keeps it for the next
   * RMW, and smp_mb__after_atomic() relays what the reads before the last RMW saw
   * (linux-kernel.cat's mb: [M] ; fencerel(Before-atomic) ; [RMW] ; po? ; [M] and
   * [M] ; po? ; [RMW] ; fencerel(After-atomic) ; [M]).
   */
  void onFence(TaskState t, FenceKind kind) {
    switch (kind) {
      case MB, ACQUIRE, RELEASE -> relayPending(t);
      case RMB -> {
        if (t.graceRelayPending != null) {
          t.graceAfterRmb = newer(t.graceAfterRmb, t.graceRelayPending);
        }
      }
      case BEFORE_ATOMIC -> t.graceBeforeAtomic = t.graceRelayPending;
      case AFTER_ATOMIC -> {
        if (t.graceAtRmw != null) {
          t.graceRelayed = newer(t.graceRelayed, t.graceAtRmw);
        }
      }
      default -> { }
    }
  }

  /** An RMW of {@code t}, failed or not, is about to be checked: it ends an smp_mb__before_atomic(). */
  void beforeRmw(TaskState t) {
    if (t.graceBeforeAtomic != null) {
      t.graceRelayed = newer(t.graceRelayed, t.graceBeforeAtomic);
      t.graceBeforeAtomic = null;
    }
  }

  /** An RMW of {@code t}, failed or not, was checked: what a later smp_mb__after_atomic() relays. */
  void afterRmw(TaskState t) {
    t.graceAtRmw = t.graceRelayPending;
  }

  /**
   * An unlock of {@code t}: a release write of the lock, it carries the grace period a release
   * store would (storeGrace), which the lock's next holder reads (rcu-link's rfe): an exclusive
   * unlock's, every holder; shared unlocks', the next exclusive holder (the rwlock's order, by the
   * contract's analogy with spin locks: lock.cat has no rwlock).
   */
  void onUnlock(EventCursor e, TaskState t, LockState lock) {
    VectorClock g = withOwn(t, newer(t.graceRelayed, t.graceRelayPending));
    if (!e.shared) {
      lock.grace = g;
    } else if (g != null) {
      if (lock.sharedGrace == null) {
        lock.sharedGraceBy = t.index;
      } else if (lock.sharedGraceBy != t.index) {
        lock.sharedGraceBy = -1;
      }
      lock.sharedGrace = newer(lock.sharedGrace, g);
    }
  }

  /**
   * A lock of {@code t}: an acquire read of the last exclusive unlock, unless that was its own,
   * and if exclusive of the shared unlocks since the last exclusive lock, unless all were its own.
   * After an smp_rmb() it relays what the reads before the fence saw (the lock's read is ordered
   * after them, and acq-po orders it before the rest).
   */
  void onLock(EventCursor e, TaskState t, LockState lock) {
    if (lock.grace != null && lock.releasedBy != t.index) {
      read(t, lock.grace, true);
    }
    if (!e.shared && lock.sharedGrace != null) {
      if (lock.sharedGraceBy != t.index) {
        read(t, lock.sharedGrace, true);
      }
      lock.sharedGrace = null;
    }
    if (t.graceAfterRmb != null) {
      t.graceRelayed = newer(t.graceRelayed, t.graceAfterRmb);
      t.graceAfterRmb = null;
    }
  }

  /**
   * A marked read of {@code t} read a store carrying grace start {@code graceStart}, another than
   * its last such read's: added to what the task has observed (ObservedGracePeriods), and counted
   * for rcu-order ({@link #observed}).
   */
  private void observedGrace(TaskState t, VectorClock graceStart) {
    if (t.graces == null) {
      t.graces = new ObservedGracePeriods();
    }
    t.graces.observe(graceStart);
    observed(t, graceStart);
  }

  /**
   * A marked read of {@code t} read a store made after the end of the grace period that began at
   * {@code graceStart}: the task's section running then, or its next one, began after that grace
   * period began (otherwise it would have ended before the grace period ended: rcu-gp ; rcu-link ;
   * rcu-rscsi, where rcu-link reaches the section's unlock by po from the read, wherever the read
   * is), so the section and everything later in its task come after the end of every grace period
   * that had ended by then; the task's later stores carry the latest such one (rcu-order: a chain
   * through k sections needs k grace periods). Outside a section it waits for the next one.
   */
  private void observed(TaskState t, VectorClock graceStart) {
    int m = markOf(graceStart);
    if (m >= 0 && markPriors[m] != null) {
      if (t.rcuDepth > 0) {
        t.lastGraceStart = newer(t.lastGraceStart, markPriors[m]);
      } else {
        t.gracePriorPending = newer(t.gracePriorPending, markPriors[m]);
      }
    }
  }

  /**
   * A marked read of {@code t} (an acquire if {@code acquire}) read a store that carried grace
   * start {@code grace}: the store is rcu-link-reachable from that grace period (po? ; hb*), and so
   * is a later marked store of the task that the read is hb-before: at once after an acquire
   * (acq-po); after a relaxed read, a release store (po-rel) and every store after an smp_mb()
   * (strong-fence; with the rfe before them both are A-cumulative: cumul-fence); or through a
   * dependency ({@link #storeGrace}).
   */
  void readGrace(TaskState t, VectorClock grace, boolean acquire) {
    if (acquire) {
      if (t.graceRelayed != grace) {
        t.graceRelayed = newer(t.graceRelayed, grace);
      }
    } else if (t.graceRelayPending != grace && t.graceRelayed != grace) {
      t.graceRelayPending = newer(t.graceRelayPending, grace);
    }
  }

  /**
   * A strong fence of {@code t}: what its relaxed reads saw is relayed to all its later marked
   * stores (a release store relays it to itself only: {@link #storeGrace}).
   */
  void relayPending(TaskState t) {
    if (t.graceRelayPending != null) {
      t.graceRelayed = newer(t.graceRelayed, t.graceRelayPending);
      t.graceRelayPending = null;
      t.graceAfterRmb = null; // it held only what was pending
    }
  }

  /**
   * The grace start marked store {@code e} of {@code t} carries: the newest of the task's own
   * (lastGraceStart: its last grace period, or one its sections count as ended), those relayed to
   * it, those its relaxed reads saw if it is a release, and those its dependencies' loads saw
   * (remembered loads; {@link #withOwn}).
   */
  VectorClock storeGrace(TaskState t, EventCursor e, boolean release) {
    VectorClock g = release ? newer(t.graceRelayed, t.graceRelayPending) : t.graceRelayed;
    if (e.ctrl != EventCursor.NO_REF || e.dep != EventCursor.NO_REF
        || e.data != EventCursor.NO_REF) {
      g = newer(newer(newer(g, t.loadGrace(e.ctrl)), t.loadGrace(e.dep)), t.loadGrace(e.data));
    }
    return withOwn(t, g);
  }

  /**
   * Of {@code relayed} and the task's own grace start, the one whose grace period began last
   * (HerdRcuSweep rich,locks,weak seed 46846: a task's own older grace period, and a newer one an
   * unlock relayed to it, which orders the reader). Their join would keep both, but cost the
   * simulator trace 12% (a new join at most stores of an updater that reads callbacks' stores);
   * the older one is lost, an over-report at worst.
   */
  private VectorClock withOwn(TaskState t, VectorClock relayed) {
    return newer(t.lastGraceStart, relayed);
  }

  private static Reference2IntOpenHashMap<VectorClock> newMarkSlots() {
    Reference2IntOpenHashMap<VectorClock> m = new Reference2IntOpenHashMap<>();
    m.defaultReturnValue(-1);
    return m;
  }

  private void mark(VectorClock start, VectorClock prior, long beginId) {
    if (markStarts[markNext] != null && markSlots.getInt(markStarts[markNext]) == markNext) {
      markSlots.removeInt(markStarts[markNext]);
    }
    if (start != null && markSlots.getInt(start) < 0) {
      markSlots.put(start, markNext); // each grace period marks a start clock of its own
    }
    markStarts[markNext] = start;
    markPriors[markNext] = prior;
    markBegins[markNext] = beginId;
    markNext = (markNext + 1) % RECENT_GRACE_PERIODS;
  }

  private int markOf(VectorClock start) {
    return start == null ? -1 : markSlots.getInt(start);
  }

  /**
   * Of two grace-period start clocks (either null), the one whose grace period began last; one no
   * longer remembered counts as older.
   */
  private VectorClock newer(VectorClock a, VectorClock b) {
    if (a == null || a == b) {
      return b;
    }
    if (b == null) {
      return a;
    }
    int ma = markOf(a);
    int mb = markOf(b);
    return ma < 0 || (mb >= 0 && markBegins[mb] > markBegins[ma]) ? b : a;
  }

  void onCallbackEnd(EventCursor e, TaskState t) {
    Callbacks.Pending cb = callbacks.get(e.key, e.keyIsName);
    if (cb == null || cb.runner != t.index) {
      warn(WarningCode.CB_END_NOT_RUNNING, keyName(e), source.tasks().name(t.index));
      return;
    }
    callbacks.end(e.key, e.keyIsName, RcuEdges.endCallback(t.clocks));
  }

  void onRcuBarrier(TaskState t) {
    if (callbacks.outstanding() > 0) {
      warn(WarningCode.RCU_BARRIER_BEFORE_CALLBACKS, callbacks.outstanding());
    }
    RcuEdges.barrier(t.clocks, callbacks.endedClock());
  }

}
