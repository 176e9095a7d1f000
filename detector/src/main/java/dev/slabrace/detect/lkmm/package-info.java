/**
 * The memory model: what each marking, fence, dependency, lock, task edge and RCU edge orders, and
 * when two conflicting accesses race, after {@code tools/memory-model/linux-kernel.cat} as the
 * project's reference ({@code docs/lkmm.md}) states it. The engine's trackers pair events up (which
 * store a load read, which unlock a lock follows, which sections a grace period waits for) and call
 * in here for what the pairing does to the clocks; the clocks themselves are
 * {@code detect.clock}'s, the per-location and per-object state {@code detect.sync}'s. Depends on
 * {@code detect.clock} and the trace's events only.
 *
 * <p>Each rule, the linux-kernel.cat relation it follows, and the one method that implements it:
 *
 * <pre>
 * rule                           linux-kernel.cat                method
 * ------------------------------ ------------------------------- ---------------------------------
 * kinds of access                Marked, Plain, R, W, RMW (bell) AccessKind
 * race condition of a pair       wr-race, rw-race, ww-race:      Ordering.ordered
 *                                  wr-vis, ww-vis, rw-xbstar,
 *                                  ww-nonrace
 * READ_ONCE, relaxed marked read rfe ; [Marked] into vis; kept   Markings.receive,
 *                                  for a later fence               TaskClocks.receiveRelaxed
 * WRITE_ONCE, relaxed marked     cumul-fence; ppo into [W]       Markings.publish,
 *   store                                                          TaskClocks.publishRelaxed
 * smp_load_acquire, acquire RMW  acq-po (a nonrw-fence)          Markings.acquires,
 *                                                                  TaskClocks.receiveAcquire
 * smp_store_release, release RMW po-rel, A-cumul(po-rel)         Markings.releases,
 *                                                                  TaskClocks.publishRelease
 * fully ordered RMW              strong-fence (mb) on each side  Markings.before, Markings.after
 * failed cmpxchg                 a relaxed marked read           Markings.acquires, AccessKind.of
 * an RMW continues a release     rmw-sequence (in cumul-fence    Markings.publish
 *   sequence, and the marked       and w-post-bounded)
 *   store it read is visible to
 *   the RMW's readers (S plane)
 * smp_mb                         mb, strong-fence, pb            Fences.apply,
 *                                                                  TaskClocks.strongFence
 * smp_mb__before_atomic          mb: [M] ; fencerel(Before-      TaskClocks.beforeAtomic,
 *                                  atomic) ; [RMW] ; po? ; [M]      beforeRmw
 * smp_mb__after_atomic           mb: [M] ; po? ; [RMW] ;         TaskClocks.afterAtomic,
 *                                  fencerel(After-atomic) ; [M]     afterRmw
 *                                  (RMW includes a failed one)
 * smp_wmb                        wmb: w-post-bounded,            TaskClocks.writeFence
 *                                  cumul-fence, not A-cumulative
 * a marked write's bound, then   W ; wmb ; W' in ppo and          TaskClocks.markedWriteBound,
 *   smp_wmb: bounds later writes   w-pre-bounded                    writeFence (writeBounds)
 *   (the loads it depends on     rwdep ; [W] in ppo                TaskClocks.markedWriteDependsOn
 *   too, in D)
 * a release write, then smp_wmb  A-cumul(po-rel) ; wmb in        TaskClocks.publishRelease,
 *   (store_release, unlock)        cumul-fence* (Release = Release   writeFence (lastRelease)
 *                                  | UL, lock.cat)
 * a lock hands on what the       po-unlock-rf-lock-po in         TaskClocks.cumulForUnlock,
 *   holder's marked writes made    cumul-fence                     receiveLockCumul
 *   visible, and its last eight
 *   marked writes themselves (S),
 *   to the next holder's marked
 *   stores
 * a lock's write continues the   [Marked] ; rmw-sequence ends    TaskClocks.lockContinues,
 *   release sequence of the        w-post-bounded, then            lockWrite, cumulForUnlock
 *   unlock it read, and publishes  po-unlock-rf-lock-po in
 *   as a relaxed store; the        cumul-fence (LKW, lk-rmw,
 *   holder's next unlock hands     lock.cat)
 *   both on
 * smp_rmb                        rmb: r-pre-bounded,             TaskClocks.readFence
 *                                  r-post-bounded
 * acquire fence, release fence   acq-po, po-rel as fences        TaskClocks.acquireFence,
 *                                                                  releaseFence
 * smp_mb cumulativity through    vis = ... ; full-fence ; xbstar TaskClocks.strongFence
 *   relaxed hops                                                   (Plane.WX),
 *                                                                  Dependencies.forward
 * a marked store read before a   vis = cumul-fence* ; rfe ;      VectorClock.promoteVisibleWrites
 *   strong fence travels on by     [Marked] ; strong-fence ;        (Plane.SX), from
 *   xbstar, alone                  [Marked] ; xbstar                 TaskClocks.strongFence
 * address dependency (dep)       addr in w-pre-bounded,          Dependencies.bounding
 *                                  r-pre-bounded, to-r
 * a marked load that addresses   addr ; [Plain] ; wmb in to-w    TaskClocks.addrPlainBeforeWmb
 *   a plain store, then smp_wmb:                                   (from Engine at the wmb),
 *   ordered before the task's                                      Dependencies.boundingWrite
 *   later marked writes
 * data, control dependency       rwdep = (dep | ctrl) ; [W] in   Dependencies.boundingWrite
 *   (data, ctrl) into a marked     ppo
 *   store or a marked RMW's
 *   write
 * dependencies forwarded by a    ppo ; rfe in xbstar             Dependencies.forward
 *   store
 * the marked load a dependency   rwdep = (dep | ctrl) ; [W] in   Dependencies.forward (Plane.D),
 *   runs from is ordered before    ppo, ppo ; rfe in xbstar:        Ordering.ordered
 *   the store's readers            rw-xbstar of that read alone
 * dependencies carried through  carry-dep = (data ; rfi)*       CarriedDependencies (detect), by
 *   a plain store and the task's   before addr, data, ctrl (bell)    RecentLoads.load/loadEpoch
 *   own plain load of it
 * a release write is ordered    po-rel in fence, w-pre-bounded  Dependencies.boundingWrite
 *   after the task's marked                                        (TaskClocks.pending)
 *   reads before it
 * a marked store carries on the  co & int in to-w (ppo)          OwnStores.publish,
 *   xbstar planes of the task's                                    Dependencies.afterOwnStore
 *   earlier marked store to its
 *   location, and is bounded by
 *   what bounded that store
 * a marked write is ordered      overwrite & int in to-w (ppo)   Dependencies.boundingWrite,
 *   after the task's marked                                        forward (what the reads
 *   reads of its location, and                                     received, xbstar planes)
 *   forwards what they received
 * a marked read whose address    addr ; [R] in to-r (ppo)        Dependencies.chain,
 *   came from a marked load is                                      Engine.receive
 *   ordered after that load
 * an acquire load (or acquire   acq-po in ppo                   TaskClocks.markedLoad (Plane.M)
 *   RMW's read) after only
 *   ordered relaxed ones (loads,
 *   relaxed RMWs' reads) is
 *   ordered before the task's
 *   later marked stores
 * any acquire load is ordered    acq-po in ppo                   AccessChecker.orderedAfterAcquire
 *   before what a later marked                                     (detect), at a race only
 *   event of its task is
 * a marked read is ordered       fr & int (overwrite & int) in   AccessChecker.orderedThroughOwnWrite
 *   before what its task's later   ppo                              (detect), at a race only;
 *   marked write of its bytes is                                    TaskState.storeReadBefore
 *   (visible there, or read by                                       (detect)
 *   another task's read that is
 *   ordered there)
 * reads after smp_rmb() carry    rmb in ppo, r-post-bounded      TaskClocks.readFence, afterRmb,
 *   what precedes the fence                                         lockRead
 * an RMW or lock continues the   rmw-sequence in cumul-fence;    TaskClocks.continueReleaseSequence
 *   release sequence of the        lock.cat's lk-rmw
 *   store it read (smp_wmb
 *   forwards it)
 * a marked read is ordered after vis ends in rfe ; [Marked]      Dependencies.bounding (its read)
 *   what the store it reads is
 *   ordered after
 * a marked read that its task's  vis = rfe ; [Marked] ;          TaskState.withReadsReturned
 *   own marked read is xbstar-      xbstar & int                     (detect, from
 *   before (a round trip: R, M                                       Engine.receiveRoundTrips);
 *   or D entry, or the task's                                        an acquire load, lock,
 *   newer store to the location:                                     wait or join applies it:
 *   fr & int) sees the store                                         TaskState.ownReadsReturned;
 *   that read read                                                   Ordering.overwrittenIn
 * a marked read that its task's  vis = cumul-fence* ; rfe? ;     OwnStores.withCarried (from
 *   own marked store is xbstar-    [Marked] ; xbstar & int          Engine.receiveRoundTrips);
 *   before (a round trip: S, SX,                                     TaskState.withStoresReturned
 *   W, WX or R entry, or another                                     (detect, from
 *   task's read of it: R, M, D,                                      Engine.receiveRoundTrips)
 *   that task's newer store to
 *   the location, or for an
 *   acquire any later event of
 *   that task) sees what that
 *   store carried, and what
 *   bounded its write
 * a marked read of another       coe ; rfe in prop, prop & int   OwnStores.withCarried
 *   task's store is ordered        in hb (CoWR puts the task's
 *   after its task's newest        store co-before the one read)
 *   store to the location
 * spin_lock, spin_unlock         po-unlock-rf-lock-po            TaskEdges.lock, TaskEdges.unlock
 * spin_lock reading the task's   po-unlock-lock-po & int in ppo  TaskEdges.relock, relockShared,
 *   own spin_unlock                  (marked ends only); rfi not     TaskClocks.relock (Plane.M,
 *                                    in hb: bounds no plain access    afterRmb, afterRelock)
 * spin_lock after the task's     po ; [UL] ; po ; [LKR] ; po,    TaskEdges.lock (TaskClocks.
 *   spin_unlock of any lock          whatever the locks (ppo and     lastUnlock), SyncTracker
 *                                    cumul-fence)                    (TaskState.lastUnlocked)
 * a marked read of the task's    rfi not in hb                   Engine (receives nothing)
 *   own store
 * ... ordered after the loads    dep ; [Marked] ; rfi in to-r    OwnStores.readOwn, Engine
 *   that store's address or                                        (bound and chain)
 *   value came from
 * read_lock (shared holders)     not in LKMM                     TaskEdges.lockShared
 * fork, join, signal, wait       not in LKMM: full edges         TaskEdges.fork, join, signal,
 *                                                                  await
 * a read-side section ends       rcu-gp ; rcu-link ; rcu-rscsi   RcuEdges.endSection,
 *   before a grace period that     (Grace-Period Guarantee)        endGracePeriod
 *   began after it began
 * synchronize_rcu, gp_begin,     gp in strong-fence              RcuEdges.beginGracePeriod,
 *   gp_end                                                         endGracePeriod
 * a section that observes a      rb: rcu-fence, rcu-link back to RcuEdges.observe,
 *   store made after a grace       the section                     orderedByObservedGracePeriods
 *   period
 * a section observing a store    rcu-order: rcu-gp ; rcu-link ;  RcuTracker.observed (detect)
 *   made after grace period k      rcu-order ; rcu-link ;
 *   lies after the end of the      rcu-rscsi (k sections chained
 *   grace period ended before k    by rf need k grace periods)
 *   began: its task's later
 *   stores carry that one
 * call_rcu, callback start and   not in LKMM: a grace period on  RcuEdges.callRcu, beginCallback,
 *   end                            a virtual task, then cb         callbackGraceStart, endCallback
 * rcu_barrier                    not in LKMM                     RcuEdges.barrier
 * </pre>
 *
 * <p>How the clocks carry these edges (the planes W, R, WX, S, D, M and SX, and a task's frontiers,
 * pending and forwarded clocks) is described once, in {@link dev.slabrace.detect.clock.Plane} and
 * {@link dev.slabrace.detect.lkmm.TaskClocks}; the race condition over them in
 * {@link dev.slabrace.detect.lkmm.Ordering}. The allocator's free to reuse edge (a full edge) and a
 * free's check as a plain write are HeapTracker's, through {@code TaskClocks} and {@code Ordering}.
 */
package dev.slabrace.detect.lkmm;
