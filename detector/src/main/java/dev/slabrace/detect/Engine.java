package dev.slabrace.detect;

import dev.slabrace.detect.clock.VectorClock;
import dev.slabrace.detect.heap.Regions;
import dev.slabrace.detect.heap.SlabMetadata;
import dev.slabrace.detect.heap.TypesafeCaches;
import dev.slabrace.detect.shadow.ShadowMemory;
import dev.slabrace.detect.sync.StoreHistory;
import dev.slabrace.detect.sync.StoreLog;
import dev.slabrace.detect.sync.StoreSlots;
import dev.slabrace.detect.sync.TaskClocks;
import dev.slabrace.finding.EngineNote;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingSink;
import dev.slabrace.finding.NoteCode;
import dev.slabrace.finding.TraceWarning;
import dev.slabrace.finding.WarningCode;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.RegionClass;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
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
 * Ordering edges (see Plane and TaskClocks for how each is carried):
 *   program order       per task, implicit (same-task accesses never race)
 *   release/acquire     a store's clock travels to the load that reads from it (rf, however old:
 *                       the location's StoreHistory, else the StoreLog; or the latest store to
 *                       the address in line order); RMWs continue release sequences; a marked
 *                       read is checked with that clock applied to it alone (vis ends in
 *                       rfe ; [Marked]), before its task applies it to later accesses
 *   fully ordered RMW   strong fence, acquire, release, strong fence
 *   fences              mb / wmb / rmb / acquire / release; before_atomic and after_atomic as mb
 *   dep, data, ctrl     dep applies its load's clock to the dependent access, data and ctrl
 *                       to a dependent marked store; all three forward the xbstar planes into
 *                       a dependent marked store (ppo into writes)
 *   locks               unlock releases, lock acquires; shared holders do not order each other
 *   fork/join/signal/wait, alloc after free: full happens-before edges
 *   RCU                 section ends before the gp_end / cb_begin of every grace period or
 *                       call_rcu that began after the section began, running or ended at that
 *                       point; a section that reads (marked) a store made after a
 *                       grace period is ordered after that grace period's start (LKMM rb); its
 *                       races are therefore decided at rcu_read_unlock; call_rcu to cb_begin;
 *                       cb_end to every later rcu_barrier, which orders nothing else.
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
  static final int MAX_WARNINGS = 1000;

  /** A race found inside an RCU read-side section, kept until the section ends. */
  record DeferredRace(Finding finding, int task, int epoch, boolean aWrite, boolean aMarked,
      boolean bRead, boolean bWrite, boolean bMarked) {}

  private final EventSource source;
  private final FindingSink sink;
  private final FindingOrder order;
  private final TimelineRecorder timelines;
  /** Each task's state by index, null for a task that has only made plain accesses so far. */
  private final List<TaskState> tasks = new ArrayList<>();
  /** The tasks any event was seen of. */
  private final java.util.BitSet started = new java.util.BitSet();
  /** The state plain accesses of tasks without one of their own are checked with (TaskState). */
  private final TaskState unsynchronised = new TaskState(-1);
  private final ShadowMemory shadow = new ShadowMemory();
  private final Regions regions = new Regions();
  private final SlabMetadata slabs = new SlabMetadata();
  private final PointerTracker pointers = new PointerTracker();
  private final FindingFactory factory;
  private final AccessChecker accesses;
  private final HeapTracker heap;
  private final Long2ObjectOpenHashMap<StoreHistory> stores = new Long2ObjectOpenHashMap<>();
  private final StoreLog storeLog = new StoreLog();
  /** Marked reads whose rf named a store older than the store log. */
  private long forgottenReads;
  private final SyncTracker sync;
  private final RcuTracker rcu;
  private final List<TraceWarning> warnings = new ArrayList<>();
  private long warningCount;
  private long events;
  private boolean sawAccess;

  /** Creates an engine for {@code source}'s events, delivering to {@code sink}. */
  public Engine(EventSource source, FindingSink sink) {
    this(source, sink, null);
  }

  /** Creates an engine that also records timelines with {@code timelines}, when it is not null. */
  public Engine(EventSource source, FindingSink sink, TimelineRecorder timelines) {
    this(source, sink, timelines, Shard.ALL);
  }

  /** Creates an engine that checks only the shadow granules {@code shard} owns. */
  Engine(EventSource source, FindingSink sink, TimelineRecorder timelines, Shard shard) {
    this(source, sink, timelines, shard, Set.of());
  }

  /**
   * Creates an engine that checks only the shadow granules {@code shard} owns and treats the caches
   * named {@code typesafeCaches} as SLAB_TYPESAFE_BY_RCU (besides those the trace declares so).
   */
  Engine(EventSource source, FindingSink sink, TimelineRecorder timelines, Shard shard,
      Set<String> typesafeCaches) {
    this.source = source;
    this.order = new FindingOrder(sink);
    this.timelines = timelines;
    this.factory = new FindingFactory(source, shadow);
    this.accesses = new AccessChecker(shadow, factory, this::deliver);
    this.heap = new HeapTracker(shadow, factory, this::deliver, this::warn);
    accesses.heap(heap);
    factory.heap(heap);
    accesses.shard(shard);
    heap.shard(shard);
    heap.allocationRaces(!source.accessesOptional());
    heap.pointers(pointers);
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
    return warnings;
  }


  /** Reports every racing pair instead of AccessChecker's bounded selection (tests only). */
  void everyPair(boolean on) {
    accesses.everyPair(on);
  }

  /** Returns how many racing pairs AccessChecker folded, counted per granule. */
  long foldedRaces() {
    return accesses.foldedRaces();
  }

  /** Returns what the engine could not decide for want of evidence, as notes for the user. */
  public List<EngineNote> notes() {
    return notes(foldedRaces());
  }

  /** The notes, with {@code folded} racing pairs folded (the sum over the shards of a trace). */
  List<EngineNote> notes(long folded) {
    List<EngineNote> notes = new ArrayList<>(2);
    if (folded > 0) {
      notes.add(new EngineNote(NoteCode.FOLDED_RACES, folded));
    }
    long n = heap.unreportedAllocationRaces();
    if (n > 0) {
      notes.add(new EngineNote(NoteCode.UNREPORTED_ALLOCATION_RACES, n));
    }
    if (forgottenReads > 0) {
      notes.add(new EngineNote(NoteCode.FORGOTTEN_READS, forgottenReads, StoreLog.CAPACITY));
    }
    if (warningCount > warnings.size()) {
      notes.add(new EngineNote(NoteCode.WARNINGS_NOT_KEPT, warningCount - warnings.size(),
          warnings.size()));
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

  /** Analyses one event. */
  public void onEvent(EventCursor e) {
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
      case LOCK -> sync.onLock(e, task(e));
      case UNLOCK -> sync.onUnlock(e, task(e));
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
    }
    started.set(index);
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
    started.set(index);
    if (t != null) {
      return t;
    }
    unsynchronised.index = index;
    return unsynchronised;
  }

  // ---- accesses -------------------------------------------------------------------------------

  private void onAccess(EventCursor e, TaskState t) {
    TaskClocks k = t.clocks;
    MemOrder mo = e.mo;
    boolean marked = mo.isMarked();
    boolean rmwWrite = e.op == Op.RMW && e.ok;
    boolean fullRmw = rmwWrite && mo == MemOrder.FULL;
    if (fullRmw) {
      k.strongFence();
    }
    StoreHistory history = marked || !stores.isEmpty() ? stores.get(e.addr) : null;
    if (marked && e.isRead()) {
      resolveStoreRead(e, history);
    } else {
      readClock = null;
      readWriter = -1;
    }
    if (mo != MemOrder.DATA_RACE) {
      accesses.check(e, t, checkDependency(e, t, marked));
    }
    if (marked) {
      if (e.isRead()) {
        receive(e, t);
      }
      if (e.isWrite()) {
        publish(e, t, history);
      }
    } else if (e.isWrite() && history != null) {
      history.push(e.id, null, t.index, k.epoch(), null);
      storeLog.push(e.id, null, t.index, k.epoch(), null);
    }
    if (fullRmw) {
      k.strongFence();
    }
    if (e.hasValue || e.hasOldValue) {
      trackValues(e);
    }
  }

  /**
   * Returns what orders earlier accesses before this access alone, beyond its task's clocks: the
   * clock received by the load its address depends on ({@code dep}: addr pre-bounds any access);
   * for a marked store, the clocks received by the load whose value it writes and by the load a
   * branch before it tested ({@code data}, {@code ctrl}: rwdep ; [W] is ppo into a marked write;
   * neither bounds a plain access); for a marked read, the clock of the store it reads itself (vis ends in
   * "rfe ; [Marked]": the read is ordered after what the store it reads from is ordered after, before
   * the task applies that clock to later accesses). Null if none.
   */
  private Ordering.Dependency checkDependency(EventCursor e, TaskState t, boolean marked) {
    Ordering.Dependency dep = e.dep == EventCursor.NO_REF ? null : t.load(e.dep);
    Ordering.Dependency data = marked && e.op == Op.STORE && e.data != EventCursor.NO_REF
        ? t.load(e.data) : null;
    Ordering.Dependency ctrl = marked && e.op == Op.STORE && e.ctrl != EventCursor.NO_REF
        ? t.load(e.ctrl) : null;
    Ordering.Dependency read = readClock == null && readWriter < 0 ? null : readDependency;
    return combine(combine(combine(dep, data), ctrl), read);
  }

  /** Returns a dependency that orders what either orders; the first one's store for the S plane. */
  private static Ordering.Dependency combine(Ordering.Dependency a, Ordering.Dependency b) {
    if (b == null || b.clock() == null) {
      return a == null ? b : a;
    }
    if (a == null) {
      return b;
    }
    VectorClock c = a.clock() == null ? b.clock().copy() : a.clock().copy();
    c.join(b.clock());
    return new Ordering.Dependency(c, a.writer(), a.writerEpoch());
  }

  /** Follows object addresses through memory, and slab fields, for naming and handoff triage. */
  private void trackValues(EventCursor e) {
    if (e.op == Op.LOAD && e.hasValue) {
      pointers.onLoad(e, e.value, heap.liveAt(e.value));
    } else if (e.op == Op.RMW && e.hasOldValue) {
      pointers.onLoad(e, e.oldValue, heap.liveAt(e.oldValue));
    }
    if (e.isWrite() && e.hasValue) {
      pointers.onStore(e, heap.liveAt(e.value));
      if (!slabs.isEmpty()) {
        slabs.onStore(e.addr, e.value);
      }
    }
  }

  /** The store the current marked read reads from: its clock, writer, epoch and grace clock. */
  private VectorClock readClock;
  private int readWriter;
  private int readWriterEpoch;
  private VectorClock readGrace;
  /** What the read received, as its dep/data/ctrl dependants and its own check see it. */
  private Ordering.Dependency readDependency;

  /**
   * Finds the store a marked read reads from: the one rf names, however old (its location's history,
   * else the store log), or the latest store to its address.
   */
  private void resolveStoreRead(EventCursor e, StoreHistory history) {
    readStore(e, history);
    readDependency = readClock == null && readWriter < 0 ? Ordering.Dependency.NONE
        : new Ordering.Dependency(readClock, readWriter, readWriterEpoch);
  }

  private void readStore(EventCursor e, StoreHistory history) {
    readClock = null;
    readWriter = -1;
    readWriterEpoch = 0;
    readGrace = null;
    if (e.rf == EventCursor.NO_REF) {
      if (history != null) {
        readSlot(history, history.newest());
      }
      return;
    }
    if (history != null && readSlot(history, history.find(e.rf))) {
      return;
    }
    if (!readSlot(storeLog, storeLog.find(e.rf)) && storeLog.forgotten(e.rf)) {
      forgottenReads++;
    }
  }

  /** Takes what the store in {@code slot} of {@code stores} carries; false if the slot is -1. */
  private boolean readSlot(StoreSlots stores, int slot) {
    if (slot < 0) {
      return false;
    }
    readClock = stores.clock(slot);
    readWriter = stores.writer(slot);
    readWriterEpoch = stores.epoch(slot);
    readGrace = stores.graceClock(slot);
    return true;
  }

  private void receive(EventCursor e, TaskState t) {
    VectorClock clock = readClock;
    int writer = readWriter;
    int writerEpoch = readWriterEpoch;
    boolean acquire = e.ok && (e.mo == MemOrder.ACQUIRE || e.mo == MemOrder.FULL);
    if (clock != null || writer >= 0) {
      if (acquire) {
        t.clocks.receiveAcquire(clock == null ? new VectorClock() : clock, writer, writerEpoch);
      } else {
        t.clocks.receiveRelaxed(clock == null ? new VectorClock() : clock, writer, writerEpoch);
      }
    }
    if (readGrace != null && t.rcuDepth > 0) {
      if (t.graceObserved == null) {
        t.graceObserved = new VectorClock();
      }
      t.graceObserved.join(readGrace);
    }
    t.rememberLoad(e.id, readDependency);
  }

  private void publish(EventCursor e, TaskState t, StoreHistory history) {
    TaskClocks k = t.clocks;
    boolean release = e.mo == MemOrder.RELEASE || e.mo == MemOrder.FULL;
    VectorClock clock = release ? k.publishRelease() : k.publishRelaxed();
    VectorClock forwarded = null;
    if (e.ctrl != EventCursor.NO_REF) {
      forwarded = forwardFrom(t, e.ctrl, forwarded, clock);
    }
    if (e.dep != EventCursor.NO_REF) {
      forwarded = forwardFrom(t, e.dep, forwarded, clock);
    }
    if (e.data != EventCursor.NO_REF) {
      forwarded = forwardFrom(t, e.data, forwarded, clock);
    }
    if (e.isRead() && readClock != null) {
      // an RMW continues the release sequence of the store it read
      if (forwarded == null) {
        forwarded = clock.copy();
      }
      forwarded.join(readClock);
    }
    if (forwarded != null) {
      clock = forwarded;
    }
    if (history == null) {
      history = new StoreHistory();
      stores.put(e.addr, history);
    }
    history.push(e.id, clock, t.index, k.epoch(), t.lastGraceStart);
    storeLog.push(e.id, clock, t.index, k.epoch(), t.lastGraceStart);
    k.tick();
  }

  /** Joins the xbstar planes of what load {@code loadId} received into a store's clock (ppo). */
  private VectorClock forwardFrom(TaskState t, long loadId, VectorClock forwarded,
      VectorClock base) {
    Ordering.Dependency d = t.load(loadId);
    if (d == null || d.clock() == null) {
      return forwarded;
    }
    VectorClock c = forwarded == null ? base.copy() : forwarded;
    c.joinPlanes(d.clock(), TaskClocks.xbPlanes());
    return c;
  }

  // ---- fences ------------------------------------------------------------------------------------

  private void onFence(EventCursor e, TaskState t) {
    TaskClocks k = t.clocks;
    switch (e.fence) {
      case MB, BEFORE_ATOMIC, AFTER_ATOMIC -> k.strongFence();
      case WMB -> k.writeFence();
      case RMB -> k.readFence();
      case ACQUIRE -> k.acquireFence();
      case RELEASE -> k.releaseFence();
      default -> throw new IllegalStateException("unhandled fence " + e.fence);
    }
  }

  /** How messages name a lock, signal object or callback key. */
  static String keyName(EventSource source, EventCursor e) {
    return e.keyIsName ? source.symbols().name((int) e.key) : "0x" + Long.toHexString(e.key);
  }

  // ---- delivery -------------------------------------------------------------------------------

  /** Delivers a race now, or keeps it until the task's RCU read-side section ends. */
  void deliver(Finding finding, TaskState t, DeferredRace deferred) {
    if (deferred != null && t.rcuDepth > 0) {
      t.deferred.add(deferred);
    } else {
      sink.accept(finding);
    }
  }

  /** Records an inconsistency of the current event. */
  void warn(WarningCode code, Object... args) {
    warningCount++;
    if (warnings.size() < MAX_WARNINGS) {
      warnings.add(new TraceWarning(currentEvent.id, currentEvent.position,
          source.positionsAreOffsets(), code, List.of(args)));
    }
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
