package dev.slabrace.detect.lkmm;

import dev.slabrace.detect.clock.Plane;
import dev.slabrace.detect.clock.VectorClock;

/**
 * One task's ordering state: its epoch, how far its own accesses are bounded, and the clocks it has
 * received, applied and may forward, in the KTSAN acquire/release-clock scheme extended to the planes
 * of {@link Plane}.
 *
 * <pre>
 * Implementation notes
 *
 * epoch  stamps the task's accesses; ticks after every publication and every marked store, so a
 *        marked store's epoch is its own (the S plane compares it exactly).
 * fW fR fWX  the task's own frontiers: accesses with epoch <= fW are w-post-bounded, <= fR are
 *        r-post-bounded, writes <= fWX are followed by a strong fence (strong-fence ; xbstar).
 * fM     marked reads with epoch <= fM precede an unlock that the task's own lock read (relock),
 *        or an acquire load after every relaxed one of them (markedLoad).
 *        smp_wmb raises fW only (wmb does not r-post-bound, linux-kernel.cat r-post-bounded);
 *        a release fence or strong fence raises both.
 * pending  clocks of stores read by marked loads, not yet applied (KTSAN acquire_clk). smp_rmb
 *        applies them to later reads (r-pre-bounded by rmb), an acquire fence or smp_mb to all.
 * forReads / forWrites  the applied clocks that later reads and writes are checked against; they
 *        differ because rmb pre-bounds only reads and wmb pre-bounds only writes. Until they do
 *        (a task that only locks, forks, waits or acquires), they are one clock, changed once:
 *        reads() and writes() give each its own copy before a change to one alone, both() the
 *        shared one.
 * forward  what a relaxed marked store publishes besides the task's own frontiers: set by release
 *        fences and strong fences from everything received so far (A-cumulativity of po-rel and
 *        strong-fence in cumul-fence), and at smp_wmb from the task's last release write.
 * lastRelease  what the task's last release write (smp_store_release, release RMW, unlock)
 *        published, until the next smp_wmb forwards it: Rel ; wmb ; W is cumul-fence (wmb = [W] ;
 *        fencerel(Wmb) ; [W], and every release write is a W, an unlock too: lock.cat's Release =
 *        Release | UL), so A-cumul(po-rel) into Rel and then wmb make everything Rel was
 *        cumulative for, and the task's accesses before it (po-rel, then wmb in ppo), visible and
 *        xbstar-ordered to readers of later marked stores. Without the wmb, Rel po W orders
 *        nothing of the kind.
 * sequence  the clocks of the stores the task's RMWs and locks read since its last smp_wmb(),
 *        release fence or strong fence: an RMW's write continues the release sequence of the store
 *        it read (rmw-sequence ends cumul-fence and w-post-bounded; lock.cat links a lock's read and
 *        write by rmw), so the next smp_wmb() forwards them as it does lastRelease, and orders the
 *        task's later writes after them (ppo: Rel ; wmb ; W, RMW ; wmb ; W).
 * afterRmb  what the task's marked reads after its last smp_rmb() carry: what its marked reads
 *        before the fence received and its own accesses before it (R entry), since rmb orders them
 *        before the later reads and r-post-bounds the plain ones; an acquire, a lock, an RMW's
 *        write or a dependent access after such a read is ordered after all of it.
 * afterRelock  what bounds the task's marked stores after it relocked its own lock: what its
 *        marked reads before the unlock received (po-unlock-lock-po & int is ppo between marked
 *        events of any kind, so those reads are xbstar-before the stores, and what they read is
 *        visible there: vis = rfe ; [Marked] ; xbstar & int). An RMW's write has it already
 *        through its read (afterRmb). It goes when the task's clocks hold it: at an acquire, a
 *        strong fence, an acquire fence or a lock after an smp_rmb() (they apply pending, which
 *        holds what the reads received, or afterRmb, which holds it).
 * afterWmbAddr  what the marked loads that addressed the task's plain stores before its
 *        smp_wmb()s received: addr ; [Plain] ; wmb is in to-w, so such a load is ordered before
 *        every marked write after the fence. At the fence the xbstar planes of what it received,
 *        with the load itself in D, go into forward once; what it received bounds every later
 *        marked write, until a strong fence applies it to the task's clocks.
 * writeBounds  what bounded the task's marked writes since its last smp_wmb() (their
 *        dependencies and the loads they name, in D, the reads of their location, the store an RMW
 *        read): each write ->wmb-> any later write is ppo and w-pre-bounds it, so the fence adds it
 *        to what later writes are checked with (not to what they forward: that is not modelled, an
 *        over-report at worst).
 * releases, writeFences  counters of the task's releases (release writes, release fences, strong
 *        fences) and of its smp_wmb()s, for AccessChecker's covered cells.
 * lastRelaxedWrite, lastReleaseWrite, lockCumul  what a lock hands on to its next holder's marked
 *        stores (po-unlock-rf-lock-po in cumul-fence: every marked event before an unlock is
 *        cumul-fence-before every marked event after the lock that reads it, an internal rf too):
 *        what the holder's marked writes before the unlock published (the last relaxed one's and
 *        the last release's clocks make visible what the earlier ones did: what a task's
 *        publications of one kind make visible only grows) and what its own locks handed on to it
 *        (its lock events are marked events too), and the holder's marked writes themselves, in
 *        the S plane: those of the last HANDED_WRITES (markedWrites) that no W entry of the hand-on
 *        covers (cumul-fence starts at the marked write, so the write is visible to whoever reads
 *        the next holder's store: prop). An older one is not (an over-report at worst).
 *        A marked read before the unlock that only a strong fence bounds is not counted (an
 *        over-report at worst).
 * lockSequence  what the task's lock writes since its last release write published: a lock's
 *        write is a marked write of the task that continues the release sequence of the unlock
 *        its read read (rmw-sequence ends w-post-bounded and cumul-fence), so the task's next
 *        unlock hands that unlock's release on too (po-unlock-rf-lock-po from the lock's write): a
 *        plain store before one task's unlock becomes visible to the readers of a marked store
 *        made after a third lock. And like any marked write it publishes what a relaxed store
 *        there would (publishRelaxed): the task's stores before an smp_wmb() before the lock, say.
 *        That is added only when it grew since the last release write (lockWriteGrows: fences,
 *        acquire loads, waits and joins change it; a lock's own acquire adds nothing that the
 *        release it read does not hold, nor a relock what the task's own unlock released). Only
 *        since the last release write: that write's own clock holds both from then on (the lock
 *        applied the release; a release publishes more than a relaxed store), and
 *        lastReleaseWrite goes into every hand-on.
 * A relaxed store also forwards the xbstar planes (R, WX, D, M, SX) of forWrites: ppo from an
 * acquire load or a strong fence to the store.
 * Each marked read is the only marked access of its epoch (Engine ticks after it, as after every
 * marked store), so that a dependent store can name it alone in the D plane; plain accesses may
 * share its epoch, but D and M cover marked reads only.
 * smp_mb__before_atomic() and smp_mb__after_atomic() are strong fences whose two sides are not the
 * fence's (linux-kernel.cat: mb = ... | [M] ; fencerel(Before-atomic) ; [RMW] ; po? ; [M] |
 * [M] ; po? ; [RMW] ; fencerel(After-atomic) ; [M]): what a strong fence applies and forwards is
 * captured where the ordered side ends (the before_atomic fence, the last RMW's end) and applied where
 * the other side begins (the next RMW, the after_atomic fence). Accesses between the fence and the
 * RMW are on neither side. The state at an RMW's end is captured when the task next changes what
 * it received (afterRmwDue), so an RMW costs no copy unless more is received before a fence.
 * </pre>
 */
public final class TaskClocks {
  private static final int XB_PLANES =
      (1 << Plane.R) | (1 << Plane.WX) | (1 << Plane.D) | (1 << Plane.M) | (1 << Plane.SX);

  private final int task;
  private int epoch = 1;
  private int fW;
  private int fR;
  private int fWX;
  private int fM;
  /** The epoch of the task's newest relaxed marked load (0: none yet). */
  private int newestRelaxedLoad;
  /* The four clocks are created when first raised: a task that never synchronises costs none. */
  private static final VectorClock ZERO = new VectorClock();
  private VectorClock pending;
  private VectorClock forReads;
  private VectorClock forWrites;
  private VectorClock forward;
  private VectorClock lastRelease;
  /**
   * The clocks of the stores the task's RMWs and locks read since its last smp_wmb(), release fence
   * or strong fence, up to SEQUENCES kept by reference (more are folded into one): their writes
   * continue those stores' release sequences, so they go with lastRelease (continueReleaseSequence).
   */
  private static final int SEQUENCES = 4;
  private VectorClock[] sequence;
  /** Per sequence clock, the marked store the RMW read (its writer, -1 if none or folded, and epoch). */
  private int[] sequenceWriters;
  private int[] sequenceEpochs;
  private int sequences;
  private VectorClock afterRmb;
  /** See afterRelock in the class notes; null when nothing beyond the task's clocks. */
  private Dependency afterRelock;
  /** See afterWmbAddr in the class notes; null when none. */
  private Dependency afterWmbAddr;
  /** What the task's last unlock released (lastUnlock). */
  private VectorClock lastUnlock;
  /** The epoch of the task's last marked read that added to its pending clock (0: none). */
  private int pendingGrewAt;
  /** See writeBounds in the class notes; null when none. */
  private VectorClock writeBounds;
  private VectorClock lastRelaxedWrite;
  private VectorClock lastReleaseWrite;
  /** How many of the task's newest marked writes an unlock hands on in the S plane. */
  static final int HANDED_WRITES = 8;
  /** The epochs of the task's last HANDED_WRITES marked writes, a ring (null until the first). */
  private int[] markedWrites;
  private int markedWriteCount;
  private int markedWriteNext;
  private VectorClock lockCumul;
  /**
   * What the task's lock writes since its last release write published (null if nothing): the
   * releases their reads read, which they continue (lock.cat's lk-rmw), and what a relaxed store
   * there would have published; the task's next unlock hands it on (see lockSequence in the class
   * notes). The first is held by reference (a published clock, never changed), a second joins a
   * copy.
   */
  private VectorClock lockSequence;
  private boolean lockSequenceOwned;
  /**
   * Whether what a relaxed marked store of the task would publish has grown since its last release
   * write, beyond what its locks since then read (a fence, an acquire load, a wait, a join): a
   * lock's write then adds it to lockSequence (lockWrite).
   */
  private boolean lockWriteGrows;
  /**
   * Whether the task's last lock write published more than lockSequence holds and nothing has
   * changed since: it is added when something is about to (settleLockWrite), or not at all if a
   * marked write comes first, whose own clock holds it (what a task's publications of one kind
   * make visible only grows) and goes into the hand-on.
   */
  private boolean lockWritePending;
  /**
   * Whether the task made an smp_rmb() since its last release write: a lock's read then applies
   * what the reads before the fence received (lockRead), which its last release write does not
   * hold.
   */
  private boolean rmbSinceRelease;
  /**
   * The epoch of the task's last strong fence or acquire fence, which applied its pending clock to
   * everything later (0: none yet): what its marked reads and stores before it received or carried
   * is in its clocks from then on.
   */
  private int pendingAppliedAt;
  /**
   * Whether forward, with the task's own frontiers, already holds lockCumul: a release fence or a
   * strong fence forwards everything received, which holds what locks handed on (their release
   * clocks were applied; a relock's own hand-on is the task's past, under its frontiers).
   */
  private boolean lockCumulForwarded;
  private VectorClock published;
  private int releases;
  private int writeFences;
  /** What a strong fence captured at one point applies at another (smp_mb__before/after_atomic). */
  private record Captured(int epoch, VectorClock reads, VectorClock writes) {}
  /** A smp_mb__before_atomic() waiting for the task's next RMW, or null. */
  private Captured beforeAtomic;
  /** The epoch of the RMW being checked, and of the task's last RMW (0: none yet). */
  private int rmwAt;
  private int lastRmw;
  /** The state at the end of the last RMW, once the task received more since; see afterRmwDue. */
  private Captured afterRmw;
  /** Whether the state is still the one at the end of the last RMW, to be captured before a change. */
  private boolean afterRmwDue;

  /** Creates the state of a task that has done nothing yet. */
  public TaskClocks(int task) {
    this.task = task;
  }

  /** Returns the task's dense index. */
  public int task() {
    return task;
  }

  /** Returns the epoch that the task's next access is stamped with. */
  public int epoch() {
    return epoch;
  }

  /** Returns the clock that the task's next read is checked against. */
  public VectorClock forReads() {
    return forReads == null ? ZERO : forReads;
  }

  /**
   * Returns what the task's marked loads received and no fence has applied yet (null if nothing):
   * a release write is ordered after them (po-rel), and checked with it.
   */
  public VectorClock pending() {
    return pending;
  }

  /** Returns the clock that the task's next write is checked against. */
  public VectorClock forWrites() {
    return forWrites == null ? ZERO : forWrites;
  }

  /** Advances the epoch, so that later accesses are not covered by what was just published. */
  public void tick() {
    if (epoch == Integer.MAX_VALUE - 1) {
      throw new EpochLimitException();
    }
    epoch++;
  }

  /**
   * Returns the clock a relaxed marked store of this task carries: its own frontiers, what releases
   * and strong fences made forwardable, and the xbstar planes that ppo carries into a store. Shared
   * between stores until the task's state changes.
   */
  public VectorClock publishRelaxed() {
    if (published == null) {
      VectorClock c = forward == null ? new VectorClock() : forward.copy();
      c.joinPlanes(forWrites, XB_PLANES);
      if (lockCumul != null && !lockCumulForwarded) {
        c.join(lockCumul);
      }
      setOwn(c, fW, fR, fWX);
      c.raise(Plane.index(task, Plane.M), fM);
      published = c;
    }
    return published;
  }

  /**
   * A marked write of the task depends ({@code dep}, {@code data} or {@code ctrl}) on its marked
   * load stamped {@code loadEpoch}: rwdep ; [W] is ppo, so the load is xbstar-ordered before the
   * write, and with it (wmb being ppo between writes) before the task's writes after its next
   * smp_wmb(), which carry it in D (see writeBounds; seed 12745 of the oracle sweep).
   */
  public void markedWriteDependsOn(int loadEpoch) {
    if (writeBounds == null) {
      writeBounds = new VectorClock();
    }
    writeBounds.addExact(Plane.index(task, Plane.D), loadEpoch);
  }

  /**
   * A marked write of the task was bounded by {@code bound} (null: nothing beyond the task's
   * clocks): the task's next smp_wmb() orders it before later writes (see writeBounds).
   */
  public void markedWriteBound(Dependency bound) {
    if (bound == null || (bound.clock() == null && bound.writer() < 0)) {
      return;
    }
    if (writeBounds == null) {
      writeBounds = new VectorClock();
    }
    writeBounds.join(bound.clock());
    if (bound.writer() >= 0) {
      // the store the bound's read read is visible to the write (vis ends in rfe ; [Marked])
      writeBounds.addExact(Plane.index(bound.writer(), Plane.S), bound.writerEpoch());
    }
  }

  /**
   * The task's marked write published {@code clock}, with what its dependencies and the store an
   * RMW read added ({@code release}: a release write, an unlock too).
   */
  public void markedWrite(VectorClock clock, boolean release) {
    lockWritePending = false; // clock holds what the lock write published
    if (markedWrites == null) {
      markedWrites = new int[HANDED_WRITES];
    }
    markedWrites[markedWriteNext] = epoch;
    markedWriteNext = (markedWriteNext + 1) % HANDED_WRITES;
    markedWriteCount = Math.min(markedWriteCount + 1, HANDED_WRITES);
    if (release) {
      lastReleaseWrite = clock;
      lockSequence = null; // the release's clock holds what the locks before it read
      lockSequenceOwned = false;
      lockWriteGrows = false; // and what a relaxed store would have published before it
      rmbSinceRelease = false;
    } else {
      lastRelaxedWrite = clock;
    }
  }

  /**
   * Returns what an unlock now hands on to the marked stores of the lock's next holder (see the
   * class notes), or null if nothing: call before the unlock's own {@link #markedWrite}. The result
   * is {@code reuse} refilled when that is not null (a clock nobody holds any more), else new.
   */
  public VectorClock cumulForUnlock(VectorClock reuse) {
    settleLockWrite();
    VectorClock first = lastRelaxedWrite != null ? lastRelaxedWrite
        : lastReleaseWrite != null ? lastReleaseWrite
        : lockCumul != null ? lockCumul : lockSequence;
    if (first == null) {
      return null;
    }
    VectorClock c = reuse != null ? reuse : new VectorClock();
    c.assign(first);
    if (lastReleaseWrite != null && lastReleaseWrite != first) {
      c.join(lastReleaseWrite);
    }
    if (lockCumul != null && lockCumul != first) {
      c.join(lockCumul);
    }
    if (lockSequence != null && lockSequence != first) {
      c.join(lockSequence);
    }
    if (markedWrites != null) {
      // [Marked] ; po-unlock-lock-po is cumul-fence: the writes themselves, where W does not cover
      int covered = Math.max(c.get(Plane.index(task, Plane.W)), c.get(Plane.index(task, Plane.WX)));
      int s = Plane.index(task, Plane.S);
      for (int i = 0; i < markedWriteCount; i++) {
        if (markedWrites[i] > covered) {
          c.addExact(s, markedWrites[i]);
        }
      }
    }
    return c;
  }

  /**
   * A lock of this task read another task's unlock, which released {@code released} (null:
   * nothing): the lock's write continues that release sequence (see lockSequence in the class
   * notes).
   */
  public void lockContinues(VectorClock released) {
    addToLockSequence(released);
  }

  private void addToLockSequence(VectorClock released) {
    if (released == null || released == lockSequence) {
      return;
    }
    if (lockSequence == null) {
      lockSequence = released;
      return;
    }
    if (!lockSequenceOwned) {
      lockSequence = lockSequence.copy();
      lockSequenceOwned = true;
    }
    lockSequence.join(released);
  }

  /** A lock of this task read an unlock that handed on {@code cumul} (null: nothing). */
  public void receiveLockCumul(VectorClock cumul) {
    if (cumul == null) {
      return;
    }
    if (lockCumul == null) {
      lockCumul = new VectorClock();
    }
    lockCumul.join(cumul);
    lockCumulForwarded = false;
    published = null;
  }

  /** Returns the clock a release (smp_store_release, unlock, release RMW) carries: a fresh snapshot. */
  public VectorClock publishRelease() {
    VectorClock c = received();
    setOwn(c, epoch, epoch, fWX);
    lastRelease = c;
    releases++;
    return c;
  }

  /** Returns how many releases the task has made: release writes, release fences, strong fences. */
  public int releases() {
    return releases;
  }

  /** Returns how many smp_wmb()s the task has made. */
  public int writeFences() {
    return writeFences;
  }

  /**
   * Whether every later marked store of this task, whatever fences come between, carries the
   * visibility of write {@code c} of task {@code u} ({@code markedStore}: through the S plane too):
   * what a relaxed store publishes after an smp_wmb (forward, the last release, what locks handed
   * on, the WX and SX planes of forWrites) already makes it visible. The xbstar planes always
   * travel (publishRelaxed).
   */
  public boolean carriesVisible(int u, int c, boolean markedStore) {
    return (forward != null && Ordering.visibleIn(forward, u, c, markedStore))
        || (lastRelease != null && Ordering.visibleIn(lastRelease, u, c, markedStore))
        || sequenceCarries(u, c, markedStore)
        || (lockCumul != null && Ordering.visibleIn(lockCumul, u, c, markedStore))
        || c <= forWrites().get(Plane.index(u, Plane.WX))
        || (markedStore && forWrites().hasExact(Plane.index(u, Plane.SX), c));
  }

  private boolean sequenceCarries(int u, int c, boolean markedStore) {
    for (int i = 0; i < sequences; i++) {
      if (Ordering.visibleIn(sequence[i], u, c, markedStore)
          || (markedStore && sequenceWriters[i] == u && sequenceEpochs[i] == c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the clock of a full happens-before edge (fork, join, signal, RCU): everything the task did
   * and received, as after a strong fence.
   */
  public VectorClock publishFull() {
    VectorClock c = received();
    c.promoteVisibleWrites();
    setOwn(c, epoch, epoch, epoch);
    return c;
  }

  private VectorClock received() {
    VectorClock c = forReads == null ? new VectorClock() : forReads.copy();
    if (forWrites != forReads) {
      c.join(forWrites);
    }
    c.join(pending);
    return c;
  }

  private void setOwn(VectorClock c, int w, int r, int wx) {
    c.raise(Plane.index(task, Plane.W), w);
    c.raise(Plane.index(task, Plane.R), r);
    c.raise(Plane.index(task, Plane.WX), wx);
  }

  /** A relaxed marked load read a store carrying {@code clock}, written by {@code writer} at {@code writerEpoch}. */
  public void receiveRelaxed(VectorClock clock, int writer, int writerEpoch) {
    pendingClock().join(clock);
    if (writer >= 0) {
      pendingClock().addExact(Plane.index(writer, Plane.S), writerEpoch);
    }
  }

  /** An acquire load read a store carrying {@code clock}: applies it to everything later (acq-po). */
  public void receiveAcquire(VectorClock clock, int writer, int writerEpoch) {
    settleLockWrite();
    applyBoth(clock, writer >= 0 ? Plane.index(writer, Plane.S) : -1, writerEpoch, false);
    changed();
  }

  /** Applies a full happens-before edge (wait, fork, join, grace period) to everything later. */
  public void acquireFull(VectorClock clock) {
    if (clock != null) {
      settleLockWrite();
      joinBoth(clock);
      changed();
    }
  }

  /**
   * Applies what the unlock that a lock of the task read released to everything later, as
   * acquireFull; the lock's write publishes no more than it by that (lockContinues holds it).
   */
  public void acquireLock(VectorClock released) {
    joinBoth(released);
    published = null;
  }

  /**
   * The lock the task just took wrote its lock (lock.cat's LKW, a marked write after the lock's
   * read): its next unlock hands on what a relaxed marked store here would publish (see
   * lockSequence in the class notes), when that is more than the task's last release write and the
   * unlocks its locks read since hold.
   */
  public void lockWrite() {
    if (lockWriteGrows) {
      lockWriteGrows = false;
      lockWritePending = true;
    }
  }

  /**
   * Adds what the task's last lock write published to lockSequence if it is still pending: called
   * before anything that changes what a relaxed store publishes, and at the unlock. A marked write
   * before that makes it moot (see lockWritePending).
   */
  private void settleLockWrite() {
    if (lockWritePending) {
      lockWritePending = false;
      addToLockSequence(publishRelaxed());
    }
  }

  /** What a relaxed marked store publishes changed (see lockWriteGrows). */
  private void changed() {
    published = null;
    lockWriteGrows = true;
  }

  /**
   * The task's lock read its own unlock, which released {@code released} (po-unlock-lock-po & int,
   * in ppo for marked ends only): the marked reads before the unlock, and what is xbstar-ordered
   * before what they read, are ordered before the task's later marked stores, and the task's later
   * marked reads carry what those reads received on, as after smp_rmb() (afterRmb): an acquire
   * after the lock applies it. Nothing is applied to the task's later accesses by the lock itself
   * (rfi is not in hb): neither its own entries nor what its relaxed loads left pending.
   */
  public void relock(VectorClock released) {
    settleLockWrite();
    if (released == null) {
      return;
    }
    fM = Math.max(fM, released.get(Plane.index(task, Plane.R)));
    if (pendingGrewAt <= pendingAppliedAt) {
      // the release holds nothing the task's clocks do not: its pending clock, all it adds to
      // them, was applied after its last growth (a strong or acquire fence)
      published = null;
      return;
    }
    // the task's own entries in what it released are its own past: they order nothing new here
    VectorClock others = released.withoutTask(task);
    forwardClock().joinPlanes(others, XB_PLANES);
    if (afterRmb != null) {
      others.join(afterRmb); // afterRmb is a snapshot others hold: replaced, never changed
    }
    afterRmb = others;
    // what the task's clocks held at the unlock is no news to them: only what its reads left
    // pending bounds more, and others holds it (an earlier relock's included)
    afterRelock = new Dependency(others, -1, 0);
    // no news for a lock write: what the unlock released is the task's last release write's, or
    // less, and that holds the xbstar planes and the M entry (under its R entry) added here
    published = null;
  }

  /** The task unlocked a lock, which released {@code released} (see {@link #lastUnlock}). */
  public void unlocked(VectorClock released) {
    lastUnlock = released;
  }

  /**
   * Whether {@code acquired} holds the task's release {@code released}: its R entry of the task
   * reaches the release's own (a release raises it to its epoch).
   */
  public boolean covers(VectorClock acquired, VectorClock released) {
    int own = Plane.index(task, Plane.R);
    return acquired.get(own) >= released.get(own);
  }

  /**
   * Returns what the task's last unlock, of any lock, released (null: none yet): each later lock of
   * the task is a relock of it (po-unlock-lock-po).
   */
  public VectorClock lastUnlock() {
    return lastUnlock;
  }

  /**
   * Returns the epoch of the task's last strong fence or acquire fence (0: none): what its marked
   * reads before it received, what its marked stores before it carried (the release sequences
   * their RMWs continued) and what bounded their writes, the task's clocks hold since; a round
   * trip through other tasks brings back nothing of them (TaskState.withReadsReturned, ...).
   */
  public int pendingAppliedAt() {
    return pendingAppliedAt;
  }

  /**
   * Returns what bounds the task's marked stores after it relocked its own lock (see afterRelock in
   * the class notes), or null.
   */
  public Dependency afterRelock() {
    return afterRelock;
  }

  /** smp_mb() and every strong fence: value-returning RMWs, synchronize_rcu. */
  public void strongFence() {
    settleLockWrite();
    applyBoth(pending, -1, 0, true);
    pendingAppliedAt = epoch;
    afterRmb = null; // applied: see afterRmbApplied
    afterRelock = null;
    // the fence orders the loads before everything later, and what they received is applied
    afterWmbAddr = null;
    fWX = epoch;
    fW = epoch;
    fR = epoch;
    forwardClock().join(forReads);
    forwardClock().join(forWrites);
    lastRelease = null; // what it received then is forwarded now
    sequences = 0;
    lockCumulForwarded = true;
    releases++;
    changed();
    tick();
  }

  /** smp_mb__before_atomic(): a strong fence between the accesses before it and the next RMW on. */
  public void beforeAtomic() {
    beforeAtomic = capture(epoch);
    tick();
  }

  /** smp_mb__after_atomic(): a strong fence between the last RMW and what precedes it, and what follows. */
  public void afterAtomic() {
    if (lastRmw == 0) {
      return;
    }
    beforeChange();
    strongFence(afterRmw);
    tick();
  }

  /** An RMW (failed or not) is about to be checked; {@code full}: a fully ordered one that succeeded. */
  public void beforeRmw(boolean full) {
    if (beforeAtomic != null) {
      Captured c = beforeAtomic;
      beforeAtomic = null;
      strongFence(c);
    }
    if (full) {
      strongFence();
    }
    rmwAt = epoch;
  }

  /** An RMW (failed or not) was checked; {@code full}: a fully ordered one that succeeded. */
  public void afterRmw(boolean full) {
    if (full) {
      strongFence();
    }
    lastRmw = rmwAt;
    afterRmw = null;
    afterRmwDue = true;
  }

  /** What strongFence would apply and forward now, bounding the task's accesses up to {@code upTo}. */
  private Captured capture(int upTo) {
    VectorClock r = forReads == null ? new VectorClock() : forReads.copy();
    r.join(pending);
    r.promoteVisibleWrites();
    if (forWrites == forReads) {
      return new Captured(upTo, r, r); // captured clocks are only joined into others
    }
    VectorClock w = forWrites == null ? new VectorClock() : forWrites.copy();
    w.join(pending);
    w.promoteVisibleWrites();
    return new Captured(upTo, r, w);
  }

  /** A strong fence captured earlier: what it applies to the task's accesses from here on. */
  private void strongFence(Captured c) {
    settleLockWrite();
    if (c.reads() == c.writes()) {
      joinBoth(c.reads());
    } else {
      reads().join(c.reads());
      writes().join(c.writes());
    }
    fWX = Math.max(fWX, c.epoch());
    fW = Math.max(fW, c.epoch());
    fR = Math.max(fR, c.epoch());
    forwardClock().join(c.reads());
    forwardClock().join(c.writes());
    changed();
  }

  /** Captures the state at the end of the last RMW before the task's received clocks change. */
  private void beforeChange() {
    if (afterRmwDue) {
      afterRmwDue = false;
      afterRmw = capture(lastRmw);
    }
  }

  /** smp_wmb(): the task's earlier stores are w-post-bounded for its later marked stores. */
  public void writeFence() {
    settleLockWrite();
    if (writeBounds != null) {
      writes().join(writeBounds);
      writeBounds = null;
    }
    if (lastRelease != null) {
      forwardAtWriteFence(lastRelease);
      lastRelease = null;
    }
    for (int i = 0; i < sequences; i++) {
      forwardAtWriteFence(sequence[i]);
      if (sequenceWriters[i] >= 0) {
        // the store the RMW read heads the sequence: w-post-bounded = fence? ; [Marked] ;
        // rmw-sequence, then wmb is cumul-fence, so the store itself is visible to later readers
        int index = Plane.index(sequenceWriters[i], Plane.S);
        forwardClock().addExact(index, sequenceEpochs[i]);
        writes().addExact(index, sequenceEpochs[i]);
      }
    }
    sequences = 0;
    fW = epoch;
    writeFences++;
    changed();
    tick();
  }

  /**
   * What a release write or a release sequence the task continued published, {@code clock}, at the
   * task's smp_wmb(): cumul-fence forwards it with the task's later marked stores, and the task's
   * later writes are ordered after it (Rel ; wmb ; W and RMW ; wmb ; W are ppo).
   */
  private void forwardAtWriteFence(VectorClock clock) {
    forwardClock().join(clock);
    writes().join(clock);
  }

  /**
   * smp_rmb(): what earlier marked loads read is applied to later reads. The task's later marked
   * reads are ordered after its accesses before the fence (r-post-bounded by rmb; rmb is a fence in
   * ppo from its marked reads): what those reads received and the task's accesses before the fence
   * go with them into whatever they are ordered before (afterRmb).
   */
  public void readFence() {
    rmbSinceRelease = true;
    reads().join(pending);
    afterRmb = pending == null ? new VectorClock() : pending.copy();
    afterRmb.raise(Plane.index(task, Plane.R), epoch);
    tick();
  }

  /**
   * The task's RMW or lock read a store that published {@code clock} (null: nothing): its write
   * continues that store's release sequence (rmw-sequence, and lock.cat links a lock's read and
   * write by rmw), so an smp_wmb() after it forwards what the store made visible, as after the
   * task's own release (cumul-fence ends in rmw-sequence; w-post-bounded too).
   */
  public void continueReleaseSequence(VectorClock clock) {
    continueReleaseSequence(clock, -1, 0);
  }

  /**
   * As {@link #continueReleaseSequence(VectorClock)}, for an RMW that read the marked store of task
   * {@code writer} at {@code writerEpoch} (-1: none): that store heads the sequence, so the next
   * smp_wmb() makes it visible too (its S member, added only then).
   */
  public void continueReleaseSequence(VectorClock clock, int writer, int writerEpoch) {
    if (clock == null || (sequences > 0 && sequence[sequences - 1] == clock
        && sequenceWriters[sequences - 1] == writer && sequenceEpochs[sequences - 1] == writerEpoch)) {
      return;
    }
    if (sequence == null) {
      sequence = new VectorClock[SEQUENCES];
      sequenceWriters = new int[SEQUENCES];
      sequenceEpochs = new int[SEQUENCES];
    } else if (sequences == SEQUENCES) {
      // published clocks are snapshots: fold them into one of the task's own, joined once
      VectorClock folded = sequence[0].copy();
      for (int i = 1; i < SEQUENCES; i++) {
        folded.join(sequence[i]);
      }
      for (int i = 0; i < SEQUENCES; i++) {
        if (sequenceWriters[i] >= 0) {
          folded.addExact(Plane.index(sequenceWriters[i], Plane.S), sequenceEpochs[i]);
        }
      }
      sequence[0] = folded;
      sequenceWriters[0] = -1;
      sequences = 1;
    }
    sequence[sequences] = clock;
    sequenceWriters[sequences] = writer;
    sequenceEpochs[sequences] = writerEpoch;
    sequences++;
  }

  /**
   * The task's current marked access is a load, relaxed or ({@code acquire}) an acquire, or the read
   * of an RMW (an acquire's, or a relaxed one's: a release or relaxed RMW, a failed cmpxchg). An
   * acquire load is ordered before the task's later marked stores (acq-po in
   * ppo); when every relaxed marked load before it is already ordered so (R or M frontier), the M
   * frontier moves up to it and the stores carry all of them. After a relaxed load that is not,
   * the stores do not carry the task's acquire loads until a release fence or strong fence; the
   * checker orders such an acquire where a race would be recorded instead
   * (AccessChecker.orderedAfterAcquire).
   */
  public void markedLoad(boolean acquire) {
    if (!acquire) {
      newestRelaxedLoad = epoch;
    } else if (newestRelaxedLoad <= Math.max(fR, fM) && epoch > Math.max(fR, fM)) {
      // (a full RMW's own strong fence raised fR to its epoch already: M adds nothing under R)
      settleLockWrite();
      fM = epoch;
      changed();
    }
  }

  /**
   * A lock of the task read its lock's last unlock: what an earlier smp_rmb() or relock orders
   * before the lock (afterRmb) applies, and then goes, as after an acquire load.
   */
  public void lockRead() {
    settleLockWrite();
    if (afterRmb != null) {
      joinBoth(afterRmb);
      if (rmbSinceRelease) {
        rmbSinceRelease = false;
        changed(); // what the reads before the fence received: new to a lock write
      } else {
        published = null; // a relock's: the task's last release write holds it
      }
      afterRmbApplied(); // the clocks hold it now, as after an acquire load
    }
  }

  /**
   * Returns what the task's marked reads after its last smp_rmb() carry, or null if it made none:
   * what its marked reads before the fence received, and its accesses before it (own R entry).
   */
  public VectorClock afterRmb() {
    return afterRmb;
  }

  /** An acquire fence: what earlier marked loads read is applied to everything later. */
  public void acquireFence() {
    settleLockWrite();
    joinBoth(pending);
    pendingAppliedAt = epoch;
    afterRelock = null; // pending holds what the reads before a relock received
    // afterRmb stays: it also holds the task's own accesses before the smp_rmb() (R entry), which
    // an acquire fence does not bound for its later stores
    changed();
  }

  /**
   * An acquire has applied what the task's marked reads carry after its last smp_rmb() or relock
   * (afterRmb) to everything later, or a strong fence applied the pending clock it came from and
   * raised the task's own frontiers past the fence: the task's clocks (pending only ever grows) now
   * hold all of it, so the reads, RMWs and dependent accesses after this carry nothing more with
   * it, and it goes. Not an acquire fence, which applies pending but leaves the task's own accesses
   * before the smp_rmb() unbounded for its later stores (the differential test found that).
   * Without this a task that relocks its own locks (relock) would make every later marked read
   * copy and join it (14 to 17% more CPU on the simulator trace).
   */
  public void afterRmbApplied() {
    afterRmb = null;
    afterRelock = null;
  }

  /** A release fence: everything earlier is bounded for, and forwarded by, later marked stores. */
  public void releaseFence() {
    settleLockWrite();
    fW = epoch;
    fR = epoch;
    forwardClock().join(forReads);
    forwardClock().join(forWrites);
    forwardClock().join(pending);
    lastRelease = null;
    sequences = 0;
    lockCumulForwarded = true;
    releases++;
    changed();
    tick();
  }

  /** Returns forReads to change alone: made, or no longer shared with forWrites. */
  private VectorClock reads() {
    beforeChange();
    if (forReads == null) {
      forReads = new VectorClock();
    } else if (forReads == forWrites) {
      forReads = forWrites.copy();
    }
    return forReads;
  }

  /** Returns forWrites to change alone: made, or no longer shared with forReads. */
  private VectorClock writes() {
    beforeChange();
    if (forWrites == null) {
      forWrites = new VectorClock();
    } else if (forWrites == forReads) {
      forWrites = forReads.copy();
    }
    return forWrites;
  }

  /**
   * Returns the one clock that is both forReads and forWrites, to change both alike, made if neither
   * exists yet; null once they differ.
   */
  private VectorClock both() {
    beforeChange();
    if (forReads == null && forWrites == null) {
      forReads = new VectorClock();
      forWrites = forReads;
    }
    return forReads == forWrites ? forReads : null;
  }

  /** Joins {@code clock} into forReads and forWrites: once while they are one clock. */
  private void joinBoth(VectorClock clock) {
    applyBoth(clock, -1, 0, false);
  }

  /**
   * Joins {@code clock} into forReads and forWrites, adds {@code epoch} to the set of exact entry
   * {@code exact} (none if negative) of each, and with {@code promote} raises their WX entries to
   * their W entries (promoteVisibleWrites, a strong fence): once while they are one clock.
   */
  private void applyBoth(VectorClock clock, int exact, int epoch, boolean promote) {
    VectorClock both = both();
    if (both != null) {
      apply(both, clock, exact, epoch, promote);
    } else {
      apply(reads(), clock, exact, epoch, promote);
      apply(writes(), clock, exact, epoch, promote);
    }
  }

  private static void apply(VectorClock to, VectorClock clock, int exact, int epoch,
      boolean promote) {
    to.join(clock);
    if (exact >= 0) {
      to.addExact(exact, epoch);
    }
    if (promote) {
      to.promoteVisibleWrites();
    }
  }

  private VectorClock pendingClock() {
    beforeChange();
    pendingGrewAt = epoch;
    if (pending == null) {
      pending = new VectorClock();
    }
    return pending;
  }

  private VectorClock forwardClock() {
    if (forward == null) {
      forward = new VectorClock();
    }
    return forward;
  }

  /**
   * A plain store before the smp_wmb() the task is making has an address dependency on its marked
   * load of epoch {@code loadEpoch}, which received {@code load}: the load is ordered before the
   * task's marked writes after the fence (addr ; [Plain] ; wmb in to-w; see afterWmbAddr in the
   * class notes). The engine tells this at the fence, before writeFence, for each such load it
   * still remembers.
   */
  public void addrPlainBeforeWmb(Dependency load, int loadEpoch) {
    settleLockWrite();
    Dependencies.forwardLoad(load, task, loadEpoch, forwardClock());
    afterWmbAddr = Dependencies.combine(afterWmbAddr, load);
    changed();
  }

  /**
   * Returns what the marked loads that addressed plain stores before the task's smp_wmb()s received
   * (they are ordered before its later marked writes), or null.
   */
  public Dependency afterWmbAddr() {
    return afterWmbAddr;
  }

  /** Returns the planes that a dependency or control dependency forwards from a load to a store. */
  public static int xbPlanes() {
    return XB_PLANES;
  }

}
