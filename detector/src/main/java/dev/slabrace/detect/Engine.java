package dev.slabrace.detect;

import dev.slabrace.detect.clock.VectorClock;
import dev.slabrace.detect.heap.Regions;
import dev.slabrace.detect.heap.SlabMetadata;
import dev.slabrace.detect.heap.TypesafeCaches;
import dev.slabrace.detect.lkmm.AccessKind;
import dev.slabrace.detect.lkmm.Dependencies;
import dev.slabrace.detect.lkmm.Dependency;
import dev.slabrace.detect.lkmm.EpochLimitException;
import dev.slabrace.detect.lkmm.Fences;
import dev.slabrace.detect.lkmm.Markings;
import dev.slabrace.detect.lkmm.OwnStores;
import dev.slabrace.detect.lkmm.RcuEdges;
import dev.slabrace.detect.lkmm.TaskClocks;
import dev.slabrace.detect.shadow.ShadowMemory;
import dev.slabrace.detect.sync.StoreHistory;
import dev.slabrace.finding.EngineNote;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingKind;
import dev.slabrace.finding.FindingSink;
import dev.slabrace.finding.NoteCode;
import dev.slabrace.finding.TraceWarning;
import dev.slabrace.finding.WarningCode;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.FenceKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.RegionClass;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The happens-before engine: consumes a trace's events in line order and delivers findings to a sink.
 * Each event kind has one handler; memory accesses go to {@link AccessChecker}, allocations and frees
 * to {@link HeapTracker}.
 *
 * <pre>
 * Implementation notes
 *
 * What each event orders is the memory model's (package lkmm, whose package-info is the table of
 * rules); the engine finds what the rules apply to:
 *   reads-from          the store a marked load reads: the one rf names, however old (the
 *                       location's StoreHistory, else the StoreLog, else the StoreTable), or the
 *                       latest store to the address in line order (StoreReads)
 *   dependencies        the loads dep, data and ctrl name (TaskState's recent marked loads)
 *   locks, tasks, RCU   SyncTracker and RcuTracker; a section's races are decided at its
 *                       rcu_read_unlock, when the grace periods it observed are known
 *   typesafe caches     SLAB_TYPESAFE_BY_RCU (cache events, --typesafe-cache): HeapTracker and
 *                       AccessChecker keep the shadow across free and reuse and spare readers
 *                       whose section began before the free the use-after-free.
 * Inconsistent events produce a TraceWarning naming the event and what the engine did instead;
 * references (dep, data, ctrl, rf) are checked by the reader (EventReferences), and one that still
 * names nothing the engine remembers orders nothing, silently.
 * </pre>
 */
public final class Engine {
  /** At most this many warnings are kept; the rest are counted. */
  static final int MAX_WARNINGS = WarningLog.KEPT;

  /** A race found inside an RCU read-side section, kept until the section ends. */
  record DeferredRace(Finding finding, int task, int epoch, AccessKind earlier, AccessKind later) {}

  private final EventSource source;
  private final FindingSink sink;
  /** Whether this is one of several engines ({@code --threads}). */
  private final boolean sharded;
  /** With several engines: the granule of each use-after-free delivered, by access, until asked. */
  private final Long2LongOpenHashMap useAfterFreeGranules = new Long2LongOpenHashMap();
  private final FindingOrder order;
  private final TimelineRecorder timelines;
  /** Each task's state by index, null for a task that has only made plain accesses so far. */
  private final List<TaskState> tasks = new ArrayList<>();
  /** The tasks any event was seen of. */
  private final java.util.BitSet started = new java.util.BitSet();
  /** The state plain accesses of tasks without one of their own are checked with (TaskState). */
  private final TaskState unsynchronised = new TaskState(-1);
  private final ShadowMemory shadow = new ShadowMemory();
  /** How many events a look ahead reads at once, and how far ahead: a power of two. */
  static final int AHEAD = 16;
  /** What lookAhead read, summed so that the compiler keeps its loads; never read otherwise. */
  private int touched;
  private final Regions regions = new Regions();
  private final SlabMetadata slabs = new SlabMetadata();
  private final PointerTracker pointers = new PointerTracker();
  private final FindingFactory factory;
  private final AccessChecker accesses;
  private final HeapTracker heap;
  private final StoreReads reads = new StoreReads();
  private final CarriedDependencies carried = new CarriedDependencies();
  private final SyncTracker sync;
  private final RcuTracker rcu;
  private final WarningLog warnings;
  private long events;
  private boolean sawAccess;

  /** Creates an engine for {@code source}'s events, delivering to {@code sink}. */
  public Engine(EventSource source, FindingSink sink) {
    this(source, sink, null, Shard.ALL, Set.of());
  }

  /**
   * Creates an engine that records timelines with {@code timelines} (when not null), checks only the
   * shadow granules {@code shard} owns and treats the caches named {@code typesafeCaches} as
   * SLAB_TYPESAFE_BY_RCU (besides those the trace declares so).
   */
  Engine(EventSource source, FindingSink sink, TimelineRecorder timelines, Shard shard,
      Set<String> typesafeCaches) {
    this.source = source;
    this.warnings = new WarningLog(source.positionsAreOffsets());
    this.order = new FindingOrder(sink);
    this.timelines = timelines;
    this.factory = new FindingFactory(source, shadow);
    this.accesses = new AccessChecker(shadow, factory, this::deliver, this::existingTask,
        this::warn);
    this.heap = new HeapTracker(shadow, factory, this::deliver, this::warn);
    accesses.heap(heap);
    factory.heap(heap);
    this.sharded = shard.count() > 1;
    accesses.shard(shard);
    heap.shard(shard);
    heap.allocationRaces(!source.accessesOptional());
    heap.pointers(pointers);
    heap.storeFreed(reads::freed);
    heap.typesafe(new TypesafeCaches(source.symbols(), typesafeCaches));
    Triager triager = new Triager(source, regions, slabs, heap, pointers, factory);
    factory.triager(triager);
    // a timeline is taken when its finding is decided, before the finding waits for its turn
    this.sink = timelines == null ? order
        : timelines.attachTo(order, addr -> triager.name(addr, null).region());
    this.sync = new SyncTracker(source, this::warn, this::taskAt, started::get);
    this.rcu = new RcuTracker(source, this.sink, this::warn);
  }

  /** Returns how many events were analysed. */
  public long events() {
    return events;
  }

  /** Returns the warnings kept so far. */
  public List<TraceWarning> warnings() {
    return warnings.kept();
  }

  /** Returns how many warnings of {@code code} were counted so far, kept or not. */
  long warningCount(WarningCode code) {
    return warnings.count(code);
  }

  /** Returns how many warnings were counted so far, kept or not. */
  long warningCount() {
    return warnings.count();
  }


  /** Reports every racing pair instead of AccessChecker's bounded selection (tests only). */
  void everyPair(boolean on) {
    accesses.everyPair(on);
  }

  /** Lets crowded granules evict named cells (CrowdedGranules; off for tests only). */
  void evictCrowds(boolean on) {
    accesses.evictCrowds(on);
  }

  /** Lets reads of granules crowded with reads skip their walk (ReadCrowds; off for tests only). */
  void readCrowdShortcut(boolean on) {
    accesses.readCrowdShortcut(on);
  }

  /**
   * Returns, and forgets, the granule where access {@code accessId} first met freed bytes, for the
   * use-after-free finding this engine made of it (one of several engines; AccessChecker): the sink
   * may see the finding later, when the findings before it are ordered (FindingOrder).
   */
  long useAfterFreeGranule(long accessId) {
    return useAfterFreeGranules.remove(accessId);
  }

  /** Returns how many racing pairs AccessChecker folded, counted per granule. */
  long foldedRaces() {
    return accesses.foldedRaces();
  }

  /** Returns how many named cells AccessChecker evicted from crowded granules. */
  long evictedCells() {
    return accesses.evictedCells();
  }

  /** Returns what the engine could not decide for want of evidence, as notes for the user. */
  public List<EngineNote> notes() {
    return notes(foldedRaces(), evictedCells(), warnings.dropped(), warnings.kept().size());
  }

  /**
   * The notes, with {@code folded} racing pairs folded and {@code evicted} cells evicted (the sums
   * over the shards of a trace), and {@code warningsDropped} warnings counted but not kept beside
   * {@code warningsKept} kept.
   */
  List<EngineNote> notes(long folded, long evicted, long warningsDropped, int warningsKept) {
    List<EngineNote> notes = new ArrayList<>(2);
    if (folded > 0) {
      notes.add(new EngineNote(NoteCode.FOLDED_RACES, folded));
    }
    if (evicted > 0) {
      notes.add(new EngineNote(NoteCode.EVICTED_CELLS, evicted, CrowdedGranules.CROWD));
    }
    long n = heap.unreportedAllocationRaces();
    if (n > 0) {
      notes.add(new EngineNote(NoteCode.UNREPORTED_ALLOCATION_RACES, n));
    }
    if (reads.forgottenReads() > 0) {
      notes.add(new EngineNote(NoteCode.FORGOTTEN_READS, reads.forgottenReads(),
          reads.unkeptStores()));
    }
    if (warningsDropped > 0) {
      notes.add(new EngineNote(NoteCode.WARNINGS_NOT_KEPT, warningsDropped, warningsKept));
    }
    return List.copyOf(notes);
  }

  /** Returns the objects freed by another task than the allocating one, per pair of sites. */
  public List<dev.slabrace.finding.HandoffRow> handoffs() {
    return heap.handoffs().rows(source);
  }

  /** Returns how many shadow cells are live: the analysis's memory, for benchmarks. */
  public int liveShadowCells() {
    return shadow.liveCells();
  }

  /**
   * Called before event {@code i} of a batch of {@code size} decoded events is analysed: every AHEAD
   * events, looks ahead at the next AHEAD, which the engine will analyse a few events from now. For
   * each access it reads the head of its first granule's shadow and that cell's flags, so that the
   * processor fetches them while the events before are analysed (see PipelinedAnalysis). Changes
   * nothing the analysis sees.
   */
  public void lookAhead(EventCursor[] events, int i, int size) {
    if ((i & (AHEAD - 1)) != 0) {
      return;
    }
    for (int j = i + AHEAD, to = Math.min(size, i + 2 * AHEAD); j < to; j++) {
      Op op = events[j].op;
      if (op == Op.LOAD || op == Op.STORE || op == Op.RMW) {
        touched += shadow.touch(events[j].addr >>> 3);
      }
    }
  }

  /**
   * Analyses one event.
   *
   * @throws EpochLimitException naming the event's task and position, if its task ran out of epochs
   */
  public void onEvent(EventCursor e) {
    try {
      dispatch(e);
    } catch (EpochLimitException x) {
      throw x.at(source.tasks().name(e.task), e.position);
    }
  }

  private void dispatch(EventCursor e) {
    events++;
    if (timelines != null) {
      timelines.record(e);
    }
    currentEvent = e;
    switch (e.op) {
      case HEADER, STACK -> { }
      case CACHE -> heap.typesafe().declare(e.name, e.cacheFlags);
      case REGION -> {
        regions.add(e.addr, e.size, e.name, e.regionClass);
        if (e.regionClass == RegionClass.SLAB_META) {
          slabs.declare(e.addr, source.symbols().name(e.name));
        }
      }
      case LOAD, STORE, RMW -> {
        if (!sawAccess) {
          sawAccess = true;
          heap.allocationRaces(true);
        }
        onAccess(e, e.op != Op.RMW && !e.mo.isMarked() ? plainAccessTask(e) : task(e));
      }
      case FENCE -> onFence(e, task(e));
      case LOCK -> {
        TaskState t = task(e);
        rcu.onLock(e, t, sync.onLock(e, t));
      }
      case UNLOCK -> {
        TaskState t = task(e);
        rcu.onUnlock(e, t, sync.onUnlock(e, t));
      }
      case ALLOC -> heap.alloc(e, task(e));
      case FREE -> heap.free(e, task(e));
      case FORK -> sync.onFork(e, task(e));
      case JOIN -> sync.onJoin(e, task(e));
      case SIGNAL -> sync.onSignal(e, task(e));
      case WAIT -> sync.onWait(e, task(e));
      case RCU_READ_LOCK -> rcu.onReadLock(e, task(e));
      case RCU_READ_UNLOCK -> rcu.onReadUnlock(e, task(e));
      case GP_BEGIN -> rcu.onGracePeriodBegin(e, task(e));
      case GP_END -> rcu.onGracePeriodEnd(e, task(e));
      case SYNCHRONIZE_RCU -> {
        TaskState t = task(e);
        rcu.onGracePeriodBegin(e, t);
        rcu.onGracePeriodEnd(e, t);
      }
      case CALL_RCU -> rcu.onCallRcu(e, task(e));
      case CB_BEGIN -> rcu.onCallbackBegin(e, task(e));
      case CB_END -> rcu.onCallbackEnd(e, task(e));
      case RCU_BARRIER -> rcu.onRcuBarrier(task(e));
      default -> throw new IllegalStateException("unhandled op " + e.op);
    }
    if (accesses.coveredCells().anyWaiting() && e.task >= 0) {
      // events without a task leave the cursor's last one, whose counters they did not change
      TaskState t = existingTask(e.task);
      if (t != null) {
        accesses.coveredCells().settle(t); // if the event released or fenced (CoveredCells)
      }
    }
    if (!order.isEmpty()) {
      order.flushBefore(Math.min(e.id + 1, rcu.oldestOpenSection()));
    }
  }

  /** Ends the analysis: sections still running decide their races without a grace period. */
  public void finish() {
    for (TaskState t : tasks) {
      if (t != null && t.rcuDepth > 0) {
        rcu.flushDeferred(t);
      }
    }
    order.flushAll();
  }

  private EventCursor currentEvent;

  /** The state of task {@code index}, or null if it has none yet. */
  private TaskState existingTask(int index) {
    return index < tasks.size() ? tasks.get(index) : null;
  }

  private TaskState task(EventCursor e) {
    return taskAt(e.task);
  }

  private TaskState taskAt(int index) {
    while (tasks.size() <= index) {
      tasks.add(null);
    }
    TaskState t = tasks.get(index);
    if (t == null) {
      t = new TaskState(index);
      tasks.set(index, t);
      started.set(index); // once per task: a task with a TaskState has started
    }
    return t;
  }

  /**
   * The state a plain load or store of {@code e}'s task is checked with: the task's own, or the shared
   * state of unsynchronised tasks (epoch 1, no clock received: what the task's own would hold), since
   * a plain access changes nothing in its task's state.
   */
  private TaskState plainAccessTask(EventCursor e) {
    int index = e.task;
    TaskState t = index < tasks.size() ? tasks.get(index) : null;
    if (t != null) {
      return t; // started when its TaskState was made
    }
    started.set(index);
    unsynchronised.index = index;
    return unsynchronised;
  }

  // ---- accesses -------------------------------------------------------------------------------

  private void onAccess(EventCursor e, TaskState t) {
    TaskClocks k = t.clocks;
    AccessKind kind = AccessKind.of(e);
    boolean marked = kind.marked();
    Markings.before(e, k);
    if (e.op == Op.RMW && t.graceBeforeAtomic != null) {
      rcu.beforeRmw(t);
    }
    StoreHistory history = reads.history(e.addr, marked, e.isWrite());
    final boolean markedRead = marked && e.isRead();
    if (markedRead) {
      reads.resolve(e, history);
      if (reads.writer() == t.index) {
        // rfi is not in hb: the task's own store orders nothing before its read (a relaxed or
        // acquire load of its own release bounds no plain access); an RMW still continues the
        // store's release sequence (reads.clock(), Markings.publish)
        ownStoreRead = true;
      } else {
        ownStoreRead = false;
        receiveRoundTrips(e, t);
      }
    } else {
      reads.clear();
      ownStoreRead = false;
    }
    Dependency bound = Dependencies.bounding(e, t,
        ownStoreRead || reads.dependency() == Dependency.NONE ? null : reads.dependency());
    rfiAddrDep = EventCursor.NO_REF;
    rfiDataDep = EventCursor.NO_REF;
    if (ownStoreRead && t.ownStores().readOwn(e.addr, reads.writerEpoch())) {
      // dep ; [Marked] ; rfi is to-r: the loads the store's address and value came from precede
      // the read, as the load its own address came from would
      rfiAddrDep = t.ownStores().addrDep();
      rfiDataDep = t.ownStores().dataDep();
      bound = Dependencies.afterDependency(bound, t, rfiAddrDep);
      bound = Dependencies.afterDependency(bound, t, rfiDataDep);
    }
    if (markedRead) {
      bound = Dependencies.afterReadFence(bound, k);
    }
    Dependency writeBound = Dependencies.boundingWrite(e, kind, t, bound, k);
    if (marked && e.isWrite()) {
      // co & int is ppo: what bounded the task's earlier marked store to the location bounds this
      writeBound = Dependencies.afterOwnStore(writeBound, t.ownStores().bound(e.addr));
    }
    if (e.mo != MemOrder.DATA_RACE) {
      accesses.check(e, kind, t, bound, writeBound);
    }
    if (marked) {
      if (e.isRead()) {
        receive(e, t);
      }
      if (e.isWrite()) {
        publish(e, t, history, writeBound);
      } else {
        // no other marked access shares the read's epoch, so a dependent store can name it alone
        // (Plane.D; the plain accesses that may share it are never covered by D or M)
        k.tick();
      }
    } else {
      if (e.isRead()) {
        carried.onPlainLoad(e, t, t != unsynchronised);
      }
      if (e.isWrite() && history != null) {
        reads.plainStore(e, history, t.index, k.epoch());
      }
      if (e.isWrite() && e.dep != EventCursor.NO_REF && t.load(e.dep) != null) {
        // addr ; [Plain] ; wmb is in to-w: a later smp_wmb() orders the load before marked writes
        t.addrPlainStore(e.dep);
      }
    }
    if (e.isWrite()) {
      carried.onStore(e, t, t != unsynchronised);
    }
    Markings.after(e, k);
    if (e.op == Op.RMW && t.graceReadLast != null) {
      rcu.afterRmw(t);
    }
    if (e.hasValue || e.hasOldValue) {
      pointers.follow(e, heap, slabs);
    }
  }

  /** Whether the current marked read reads a store of its own task (rfi). */
  private boolean ownStoreRead;
  /**
   * The dep and data references of the task's own marked store that the current marked read reads,
   * if OwnStores still knows it (NO_REF otherwise): the read is ordered after those loads.
   */
  private long rfiAddrDep = EventCursor.NO_REF;
  private long rfiDataDep = EventCursor.NO_REF;

  /**
   * A marked read {@code e} of task {@code t} read another task's store: what comes back to the task
   * through other tasks comes with what the read received. That is what the task's own stores that
   * its clock orders carried, named themselves (OwnStores.withCarried) or through their reads by
   * other tasks (TaskState.withStoresReturned), and what the task's own marked reads that it orders
   * received (TaskState.withReadsReturned). The writer remembers the read (TaskState.storeReturned).
   */
  private void receiveRoundTrips(EventCursor e, TaskState t) {
    VectorClock received = reads.dependency().clock();
    if (received == null) {
      return;
    }
    int writer = reads.writer();
    if (writer >= 0) {
      TaskState w = existingTask(writer);
      if (w != null) {
        OwnStores ws = w.ownStoresIfAny();
        w.storeReturned(t, t.clocks.epoch(), Markings.acquires(e), e.addr, reads.writerEpoch(),
            received, ws == null ? null : ws.boundOf(e.addr, reads.writerEpoch()));
      }
    }
    VectorClock back = received;
    if (t.hasStoresReturned()) {
      back = orSame(t.withStoresReturned(back, writer, reads.writerEpoch()), back);
    }
    OwnStores own = t.ownStoresIfAny();
    if (own != null) {
      back = orSame(own.withCarried(back, t.index, e.addr, t.appliedFloor()), back);
    }
    back = orSame(t.withReadsReturned(back), back);
    if (back != received) {
      reads.receivedWithRoundTrips(back);
    }
  }

  /** Returns {@code joined}, or {@code clock} if joined is null (nothing came back). */
  private static VectorClock orSame(VectorClock joined, VectorClock clock) {
    return joined != null ? joined : clock;
  }

  private void receive(EventCursor e, TaskState t) {
    Dependency received = ownStoreRead ? Dependency.NONE : reads.dependency();
    // addr ; [R] is ppo: the load its address came from, and what that load received, precede it,
    // and so do an smp_rmb()'s earlier reads and accesses (rmb is ppo, and r-post-bounds them);
    // an acquire applies that to everything after it, a relaxed read left it pending already
    Dependency chained = t.clocks.afterRmb() == null ? received
        : Dependencies.combine(received, new Dependency(t.clocks.afterRmb(), -1, 0));
    if (e.dep != EventCursor.NO_REF) {
      chained = Dependencies.chain(chained, t, e.dep, t.index);
    }
    if (rfiAddrDep != EventCursor.NO_REF) {
      chained = Dependencies.chain(chained, t, rfiAddrDep, t.index);
    }
    if (rfiDataDep != EventCursor.NO_REF) {
      chained = Dependencies.chain(chained, t, rfiDataDep, t.index);
    }
    boolean acquire = Markings.acquires(e);
    Dependency applied = acquire ? chained : received;
    // a failed cmpxchg is a relaxed marked read; an acquire RMW's read is an acquire load (acq-po
    // orders it before the task's later marked stores); a relaxed or release RMW's read is ordered
    // before nothing later but its own write: a relaxed load, which moves no frontier and keeps a
    // later acquire's from moving over it (seed 3,454,432 of the oracle sweep)
    t.clocks.markedLoad(acquire);
    if (applied.clock() != null || applied.writer() >= 0) {
      Markings.receive(e, t.clocks, applied.clock(), applied.writer(), applied.writerEpoch());
      if (acquire && applied.clock() != null) {
        t.ownReadsReturned(applied.clock());
      }
      if (acquire && t.clocks.afterRmb() != null) {
        t.clocks.afterRmbApplied(); // chained held it, and the acquire applied chained
      }
    }
    VectorClock grace = reads.grace();
    if (grace != null || t.graceReadLast != null) {
      grace = rcu.read(t, grace, acquire, e.dep, rfiAddrDep, rfiDataDep);
    }
    t.rememberLoad(e.id, chained, t.clocks.epoch(), e.addr, e.size, grace);
  }

  private void publish(EventCursor e, TaskState t, StoreHistory history, Dependency writeBound) {
    TaskClocks k = t.clocks;
    Dependency bound = Dependencies.kept(writeBound, k);
    VectorClock clock = t.ownStores().publish(e.addr,
        Markings.publish(e, k, t, reads.clock(), reads.writer(), reads.writerEpoch()),
        bound, k.epoch(), e.dep, e.data);
    k.markedWriteBound(bound);
    dependsOn(e.dep, t);
    dependsOn(e.data, t);
    dependsOn(e.ctrl, t);
    k.markedWrite(clock, Markings.releases(e));
    accesses.dependedOn(e, t);
    if (Markings.fullyOrdered(e)) {
      rcu.relayPending(t); // its strong fence before the write
    }
    reads.markedStore(e, history, clock, t.index, k.epoch(),
        rcu.storeGrace(t, e, Markings.releases(e)));
    k.tick();
  }

  /** A marked write of task {@code t} depends on load {@code ref}, if remembered (TaskClocks.markedWriteDependsOn). */
  private static void dependsOn(long ref, TaskState t) {
    if (ref != EventCursor.NO_REF && t.load(ref) != null) {
      t.clocks.markedWriteDependsOn(t.loadEpoch(ref));
    }
  }

  // ---- fences ------------------------------------------------------------------------------------

  private void onFence(EventCursor e, TaskState t) {
    if (e.fence == FenceKind.WMB && t.addrPlainCount() > 0) {
      wmbAfterAddrPlain(t);
    }
    Fences.apply(e.fence, t.clocks);
    if (t.graceReadLast != null) {
      rcu.onFence(t, e.fence);
    }
  }

  /**
   * An smp_wmb() of task {@code t} after plain stores whose addresses came from its marked loads
   * (addr ; [Plain] ; wmb is in to-w): those still remembered are ordered before its later marked
   * writes, each alone (D plane), so their cells no longer stand for older reads
   * (AccessChecker.dependedOn). Marked here, not at the store: a load that has stayed in the ring
   * since the store never stood for another, and polling loads that address plain stores keep no
   * extra cells unless a wmb follows.
   */
  private void wmbAfterAddrPlain(TaskState t) {
    for (int i = 0; i < t.addrPlainCount(); i++) {
      long id = t.addrPlainLoad(i);
      Dependency d = t.load(id);
      if (d != null) {
        t.clocks.addrPlainBeforeWmb(d, t.loadEpoch(id));
        accesses.dependedOn(t, id);
      }
    }
    t.addrPlainTaken();
  }

  /** How messages name a lock, signal object or callback key. */
  static String keyName(EventSource source, EventCursor e) {
    return e.keyIsName ? source.symbols().name((int) e.key) : "0x" + Long.toHexString(e.key);
  }

  // ---- delivery -------------------------------------------------------------------------------

  /** Delivers a race now, or keeps it until the task's RCU read-side section ends. */
  void deliver(Finding finding, TaskState t, DeferredRace deferred) {
    if (sharded && finding.kind() == FindingKind.USE_AFTER_FREE) {
      useAfterFreeGranules.put(finding.second().id(), accesses.useAfterFreeGranule());
    }
    if (deferred != null && t.rcuDepth > 0) {
      t.deferred.add(deferred);
    } else {
      sink.accept(finding);
    }
  }

  /** Records an inconsistency of the current event. */
  void warn(WarningCode code, Object... args) {
    warnings.add(currentEvent, code, args);
  }

  /** The callback through which checkers deliver findings. */
  @FunctionalInterface
  interface Delivery {
    void deliver(Finding finding, TaskState t, DeferredRace deferred);
  }

  /** The callback through which checkers report inconsistencies. */
  @FunctionalInterface
  interface Warner {
    void warn(WarningCode code, Object... args);
  }
}
