/**
 * The memory model: what each marking, fence, dependency, lock, task edge and RCU edge orders, and
 * when two conflicting accesses race, after {@code tools/memory-model/linux-kernel.cat} as the
 * project's reference ({@code docs/lkmm.md}) states it. The engine's trackers pair events up (which
 * store a load read, which unlock a lock follows, which sections a grace period waits for) and call
 * in here for what the pairing does to the clocks; the clocks themselves are {@code detect.clock}'s,
 * the per-location and per-object state {@code detect.sync}'s. Depends on {@code detect.clock} and
 * the trace's events only.
 *
 * <p>Each rule, the linux-kernel.cat relation it follows, and the one method that implements it:
 *
 * <pre>
 * rule                                 linux-kernel.cat                method
 * ------------------------------------ ------------------------------- ---------------------------------
 * kinds of access                      Marked, Plain, R, W, RMW (bell) AccessKind
 * plain and marked access, no fences   pre-race; po alone orders       (nothing: the task's clocks)
 *                                      nothing across tasks
 * the race condition of a pair         wr-race, rw-race, ww-race,      Ordering.ordered
 *                                      wr-vis, ww-vis, rw-xbstar,
 *                                      ww-nonrace
 * READ_ONCE, relaxed marked read       rfe ; [Marked] into vis, kept   Markings.receive,
 *                                      for a later fence               TaskClocks.receiveRelaxed
 * WRITE_ONCE, relaxed marked store     cumul-fence, ppo into [W]       Markings.publish,
 *                                                                      TaskClocks.publishRelaxed
 * smp_load_acquire, acquire RMW        acq-po (nonrw-fence)            Markings.acquires,
 *                                                                      TaskClocks.receiveAcquire
 * smp_store_release, release RMW       po-rel, A-cumul(po-rel)         Markings.releases,
 *                                                                      TaskClocks.publishRelease
 * fully ordered RMW                    strong-fence (mb) on each side  Markings.before, Markings.after
 * failed cmpxchg                       a relaxed marked read           Markings.acquires, AccessKind.of
 * RMW continues a release sequence     rmw-sequence                    Markings.publish
 * smp_mb, smp_mb__before/after_atomic  mb, strong-fence, pb            Fences.apply,
 *                                                                      TaskClocks.strongFence
 * smp_wmb                              wmb (w-post-bounded,            TaskClocks.writeFence
 *                                      cumul-fence; not A-cumulative)
 * smp_rmb                              rmb (r-pre-bounded,             TaskClocks.readFence
 *                                      r-post-bounded)
 * acquire fence, release fence         acq-po, po-rel as fences        TaskClocks.acquireFence,
 *                                                                      TaskClocks.releaseFence
 * strong fence carries writes through  vis = ... full-fence ; xbstar   TaskClocks.strongFence
 *   relaxed hops (smp_mb cumulativity)                                 (Plane.WX), Dependencies.forward
 * address dependency (dep)             addr in w-pre-bounded,          Dependencies.bounding
 *                                      r-pre-bounded; to-r
 * data, control dependency             rwdep = (dep | ctrl) ; [W]      Dependencies.boundingWrite
 *   (data, ctrl) into a marked store   in ppo (an RMW's write only)
 *   or a marked RMW
 * dependencies forward into a store    ppo ; rfe in xbstar             Dependencies.forward
 * a marked read is ordered after what  vis ends in rfe ; [Marked]      Dependencies.bounding (its read)
 *   the store it reads is ordered after
 * spin_lock / spin_unlock              po-unlock-rf-lock-po            TaskEdges.lock, TaskEdges.unlock
 * read_lock (shared holders)           (not in LKMM)                   TaskEdges.lockShared
 * fork, join, signal, wait             (not in LKMM: full edges)       TaskEdges.fork, join, signal, await
 * read-side section ends before a      rcu-gp ; rcu-link ; rcu-rscsi   RcuEdges.endSection,
 *   grace period that began after it   (Grace-Period Guarantee)        RcuEdges.endGracePeriod
 * synchronize_rcu, gp_begin, gp_end    gp in strong-fence              RcuEdges.beginGracePeriod,
 *                                                                      RcuEdges.endGracePeriod
 * a section that observes a store made rb (rcu-fence ; rcu-link back  RcuEdges.observe,
 *   after a grace period                 to the section)               RcuEdges.orderedByObservedGracePeriods
 * call_rcu, callback start and end     (not in LKMM: a grace period    RcuEdges.callRcu, beginCallback,
 *                                      on a virtual task, then cb)     callbackGraceStart, endCallback
 * rcu_barrier                          (not in LKMM)                   RcuEdges.barrier
 * </pre>
 *
 * <p>How the clocks carry these edges (the planes W, R, WX and S, and a task's frontiers, pending and
 * forwarded clocks) is described once, in {@link dev.slabrace.detect.clock.Plane} and
 * {@link dev.slabrace.detect.lkmm.TaskClocks}; the race condition over them in
 * {@link dev.slabrace.detect.lkmm.Ordering}. The allocator's free to reuse edge (a full edge) and a
 * free's check as a plain write are HeapTracker's, through {@code TaskClocks} and {@code Ordering}.
 */
package dev.slabrace.detect.lkmm;
