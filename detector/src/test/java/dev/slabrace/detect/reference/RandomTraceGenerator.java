package dev.slabrace.detect.reference;

import dev.slabrace.trace.FenceKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Deterministic random traces for differential testing: the same seed gives the same trace on every
 * JVM ({@link Random} is specified).
 *
 * <p>A trace has 2-4 tasks (some started by a fork of another and joined when quiescent) and 5-40
 * events, plus, in most traces, the few events that close what is still open (callbacks, locks,
 * sections, grace periods). Memory is 1-3 data locations in a window holding two slab objects and 1-3
 * flag locations in a small window, each of 1, 2, 4 or 8 bytes, sometimes unaligned and crossing a
 * granule. Besides single random events, tasks run short idioms, so that the orderings the engine
 * models actually occur: publish (data writes, a fence, a marked flag store), consume (a marked flag
 * load, a fence, dependent data accesses), relaxed hops (flag load, fence, ctrl- or dep-dependent flag
 * store), RCU readers and updaters (synchronize_rcu, call_rcu, gp_begin), and callback bodies. Each
 * trace enables a random subset of the mechanisms. Every event is checked against {@link TraceRules}
 * before it is appended, so traces are well-formed; double frees and frees of objects never seen
 * allocated are generated on purpose.
 */
public final class RandomTraceGenerator {
  /** The two slab object slots: fixed pointers, their size chosen per trace; never adjacent. */
  static final long OBJ0 = 0x1000;
  static final long OBJ1 = 0x1018;
  private static final long DATA = 0x1000;
  private static final int DATA_BYTES = 0x30;
  private static final long FLAGS = 0x2000;
  private static final int FLAG_BYTES = 0x10;
  private static final int MAX_EVENTS = 40;
  /** Object sizes other than the trace's own: neither slot then reaches the other or past DATA. */
  private static final long[] ODD_SIZES = {4, 12, 20};
  private static final String[] LOCKS = {"L0", "L1"};
  private static final String[] SIGNALS = {"S0", "S1"};
  private static final String[] CALLBACKS = {"cb0", "cb1", "cb2"};

  private enum Action {
    ACCESS(16), PUBLISH(7), CONSUME(7), HOP(5), FENCE(4), LOCK(5), UNLOCK(6), RCU_LOCK(2),
    RCU_UNLOCK(3), RCU_READER(4), UPDATER(3), SYNC_RCU(1), GP_BEGIN(1), GP_END(3), CALL_RCU(2),
    CB_BEGIN(4), CB_END(3), RCU_BARRIER(1), ALLOC(3), FREE(3), FORK(5), JOIN(3), SIGNAL(2), WAIT(2);

    final int weight;

    Action(int weight) {
      this.weight = weight;
    }
  }

  private record Location(long addr, int size) {}

  private final Random rnd;
  /**
   * Decides the data dependencies on its own stream, so that adding them left every other choice of
   * a seed's trace as it was (the seeds' traces stay comparable across versions).
   */
  private final Random dataRnd;
  private final List<Ev> events = new ArrayList<>();
  private final List<String> tasks = new ArrayList<>();
  private final Set<String> forked = new LinkedHashSet<>();
  private final TraceRules rules;
  private final List<Location> data = new ArrayList<>();
  private final List<Location> flags = new ArrayList<>();
  private final long[] objSize = new long[2];
  /**
   * A large object's slot (over 4 KiB: a freed range, not freed marks) over the flags, starting inside
   * a granule; some traces allocate there, now and then only its first 16 bytes.
   */
  static final long LARGE = FLAGS - 12;
  private static final long LARGE_SIZE = 4124;
  private boolean large;
  /** The second slot's pointer: OBJ1, or in some traces four bytes on, inside a granule. */
  private long obj1 = OBJ1;
  private final boolean locks;
  private final boolean rcu;
  private final boolean callbacks;
  private final boolean heap;
  private final boolean signals;
  private final boolean fences;
  private final boolean deps;
  private final int target;
  private long nextId;

  private RandomTraceGenerator(long seed) {
    rnd = new Random(seed);
    dataRnd = new Random(~seed);
    int n = new int[] {2, 2, 3, 3, 3, 4, 4, 4}[rnd.nextInt(8)];
    for (int i = 0; i < n; i++) {
      tasks.add(Integer.toString(i));
      if (i > 0 && percent(35)) {
        forked.add(tasks.get(i));
      }
    }
    rules = new TraceRules(forked);
    locks = percent(50);
    rcu = percent(50);
    callbacks = rcu && percent(60);
    heap = percent(55);
    signals = percent(35);
    fences = percent(70);
    deps = percent(60);
    objSize[0] = rnd.nextBoolean() ? 8 : 16;
    objSize[1] = rnd.nextBoolean() ? 8 : 16;
    obj1 = percent(25) ? OBJ1 + 4 : OBJ1;
    large = percent(25);
    int nData = 1 + rnd.nextInt(3);
    int nFlags = 1 + rnd.nextInt(3);
    for (int i = 0; i < nData; i++) {
      data.add(location(percent(90) ? DATA : FLAGS, percent(90) ? DATA_BYTES : FLAG_BYTES));
    }
    for (int i = 0; i < nFlags; i++) {
      flags.add(percent(90) ? location(FLAGS, FLAG_BYTES) : location(DATA, DATA_BYTES));
    }
    target = 5 + rnd.nextInt(MAX_EVENTS - 4);
  }

  /** Returns the trace of {@code seed}. */
  public static List<Ev> generate(long seed) {
    RandomTraceGenerator g = new RandomTraceGenerator(seed);
    g.run();
    return List.copyOf(g.events);
  }

  private boolean percent(int p) {
    return rnd.nextInt(100) < p;
  }

  private Location location(long base, int window) {
    int size = new int[] {1, 2, 4, 8, 8, 4}[rnd.nextInt(6)];
    int off = percent(75) ? rnd.nextInt(window / size) * size : rnd.nextInt(window - size + 1);
    return new Location(base + off, size);
  }

  /** One step of a scripted scenario: an idiom that one task runs. */
  private record Step(String task, Consumer<String> idiom) {}

  private void run() {
    ArrayDeque<Step> script = percent(60) ? script() : new ArrayDeque<>();
    int stuck = 0;
    while (events.size() < target && stuck < 200) {
      int before = events.size();
      Step step = script.peek();
      if (step != null && rules.canRun(step.task()) && percent(60)) {
        script.pop();
        step.idiom().accept(step.task());
      } else {
        List<String> runnable = tasks.stream().filter(rules::canRun).toList();
        if (runnable.isEmpty()) {
          break;
        }
        act(pick(), runnable.get(rnd.nextInt(runnable.size())));
      }
      stuck = events.size() == before ? stuck + 1 : 0;
    }
    if (percent(85)) {
      close();
    }
  }

  /** Appends {@code e} if the rules allow it now and there is room; returns whether it did. */
  private boolean emit(Ev e) {
    if (e == null || events.size() >= MAX_EVENTS || !rules.allows(e)) {
      return false;
    }
    rules.apply(e);
    events.add(e);
    nextId = e.id() + 1;
    return true;
  }

  /** The next event id: usually consecutive, sometimes skipping, as explicit ids may. */
  private long id() {
    return nextId + (percent(4) ? 1 + rnd.nextInt(3) : 0);
  }

  private Action pick() {
    int total = 0;
    for (Action a : Action.values()) {
      total += enabled(a) ? a.weight : 0;
    }
    int r = rnd.nextInt(total);
    for (Action a : Action.values()) {
      if (enabled(a)) {
        r -= a.weight;
        if (r < 0) {
          return a;
        }
      }
    }
    throw new AssertionError();
  }

  private boolean enabled(Action a) {
    return switch (a) {
      case ACCESS, PUBLISH, CONSUME, HOP -> true;
      case FENCE -> fences;
      case LOCK, UNLOCK -> locks;
      case RCU_LOCK, RCU_UNLOCK, RCU_READER, UPDATER, SYNC_RCU, GP_BEGIN, GP_END -> rcu;
      case CALL_RCU, CB_BEGIN, CB_END, RCU_BARRIER -> callbacks;
      case ALLOC, FREE -> heap;
      case FORK, JOIN -> !forked.isEmpty();
      case SIGNAL, WAIT -> signals;
    };
  }

  private void act(Action a, String t) {
    switch (a) {
      case ACCESS -> emit(percent(50) ? dataAccess(t, percent(45), -1) : flagAccess(t));
      case PUBLISH -> publish(t);
      case CONSUME -> consume(t);
      case HOP -> hop(t);
      case FENCE -> emit(Ev.fence(id(), t, anyFence()));
      case LOCK -> emit(Ev.keyed(id(), Op.LOCK, t, LOCKS[rnd.nextInt(LOCKS.length)], percent(30)));
      case UNLOCK -> {
        Map<String, Boolean> held = rules.locksHeldBy(t);
        if (!held.isEmpty()) {
          String key = new ArrayList<>(held.keySet()).get(rnd.nextInt(held.size()));
          emit(Ev.keyed(id(), Op.UNLOCK, t, key, held.get(key)));
        }
      }
      case RCU_LOCK -> {
        if (rules.depth(t) < 2) {
          emit(Ev.bare(id(), Op.RCU_READ_LOCK, t));
        }
      }
      case RCU_UNLOCK -> emit(Ev.bare(id(), Op.RCU_READ_UNLOCK, t));
      case RCU_READER -> rcuReader(t);
      case UPDATER -> updater(t);
      case SYNC_RCU -> emit(Ev.bare(id(), Op.SYNCHRONIZE_RCU, t));
      case GP_BEGIN -> emit(Ev.bare(id(), Op.GP_BEGIN, t));
      case GP_END -> emit(Ev.bare(id(), Op.GP_END, t));
      case CALL_RCU -> emit(Ev.keyed(id(), Op.CALL_RCU, t, CALLBACKS[rnd.nextInt(CALLBACKS.length)], false));
      case CB_BEGIN -> {
        List<String> queued = rules.queuedCallbacks();
        if (!queued.isEmpty()
            && emit(Ev.keyed(id(), Op.CB_BEGIN, t, queued.get(rnd.nextInt(queued.size())), false))) {
          callbackBody(t);
        }
      }
      case CB_END -> {
        String cb = rules.runningCallback(t);
        if (cb != null) {
          emit(Ev.keyed(id(), Op.CB_END, t, cb, false));
        }
      }
      case RCU_BARRIER -> emit(Ev.bare(id(), Op.RCU_BARRIER, t));
      case ALLOC -> {
        if (large && percent(50)) {
          emit(Ev.heap(id(), Op.ALLOC, t, LARGE, percent(70) ? LARGE_SIZE : 16));
          break;
        }
        int slot = rnd.nextInt(2);
        // now and then another size: a larger object reuses bytes that an older free released, a
        // smaller one leaves some freed, and an odd one ends inside a granule
        long size = percent(30) ? ODD_SIZES[rnd.nextInt(ODD_SIZES.length)] : objSize[slot];
        emit(Ev.heap(id(), Op.ALLOC, t, slot == 0 ? OBJ0 : obj1, size));
      }
      case FREE -> free(t, percent(20));
      case FORK -> {
        List<String> unstarted = forked.stream().filter(c -> !rules.isStarted(c)).toList();
        if (!unstarted.isEmpty()) {
          emit(Ev.child(id(), Op.FORK, t, unstarted.get(rnd.nextInt(unstarted.size()))));
        }
      }
      case JOIN -> {
        List<String> children = forked.stream()
            .filter(c -> t.equals(rules.parentOf(c)) && rules.quiescent(c)).toList();
        // joining ends a task: not too eagerly
        if (!children.isEmpty() && percent(60)) {
          emit(Ev.child(id(), Op.JOIN, t, children.get(rnd.nextInt(children.size()))));
        }
      }
      case SIGNAL -> emit(Ev.keyed(id(), Op.SIGNAL, t, SIGNALS[rnd.nextInt(SIGNALS.length)], false));
      case WAIT -> emit(Ev.keyed(id(), Op.WAIT, t, SIGNALS[rnd.nextInt(SIGNALS.length)], false));
      default -> throw new AssertionError(a);
    }
  }

  // ---- scripted scenarios ------------------------------------------------------------------------

  /**
   * A scenario whose steps, in order, are interleaved with random events: a message-passing chain
   * through every task, an RCU reader against an updater, a callback and rcu_barrier, or lock
   * hand-offs. Its steps use the same few locations so that they meet.
   */
  private ArrayDeque<Step> script() {
    List<String> order = new ArrayList<>(tasks);
    Collections.shuffle(order, rnd);
    ArrayDeque<Step> steps = new ArrayDeque<>();
    Location d = data.get(0);
    int r = rnd.nextInt(100);
    if (r < 40 || (r < 65 && !rcu) || (r >= 65 && r < 80 && !locks)) {
      // publish -> hop -> ... -> consume along the tasks, each hop reading the previous flag;
      // the writer sometimes publishes twice around a strong fence, hops are mostly relaxed with
      // strong or release fences and control dependencies (strong-fence cumulativity, ctrl)
      int[] first = {0}; // the flag the chain starts from: 1 if the writer published twice
      steps.add(new Step(order.get(0), t -> {
        publish(t, d, flag(0));
        if (percent(30) && emit(Ev.fence(id(), t, pickFence(FenceKind.MB, FenceKind.AFTER_ATOMIC)))
            && emit(flagWrite(t, flag(1), -1, -1))) {
          first[0] = 1;
        }
      }));
      for (int i = 1; i < order.size() - 1; i++) {
        int hop = i;
        steps.add(new Step(order.get(i),
            t -> chainHop(t, flag(first[0] + hop - 1), flag(first[0] + hop))));
      }
      int last = order.size() - 2;
      steps.add(new Step(order.get(order.size() - 1), t -> consume(t, flag(first[0] + last), d)));
    } else if (r < 50 && rcu) {
      // a reader inside its section while the updater starts waiting, then reclaims
      String reader = order.get(0);
      String updater = order.get(1);
      steps.add(new Step(reader, t -> rcuReader(t, false)));
      if (callbacks && percent(50)) {
        String cb = CALLBACKS[rnd.nextInt(CALLBACKS.length)];
        steps.add(new Step(updater, t -> {
          emit(dataAccess(t, true, -1));
          emit(Ev.keyed(id(), Op.CALL_RCU, t, cb, false));
        }));
        steps.add(new Step(reader, t -> emit(Ev.bare(id(), Op.RCU_READ_UNLOCK, t))));
        steps.add(new Step(order.get(order.size() - 1), t -> {
          if (emit(Ev.keyed(id(), Op.CB_BEGIN, t, cb, false))) {
            callbackBody(t);
            if (percent(60)) {
              emit(Ev.keyed(id(), Op.CB_END, t, cb, false));
            }
          }
        }));
        steps.add(new Step(updater, t -> {
          if (emit(Ev.bare(id(), Op.RCU_BARRIER, t)) && !free(t, false)) {
            emit(dataAccess(t, true, -1));
          }
        }));
      } else {
        steps.add(new Step(updater, t -> {
          emit(dataAccess(t, true, -1));
          emit(Ev.bare(id(), Op.GP_BEGIN, t));
        }));
        steps.add(new Step(reader, t -> emit(Ev.bare(id(), Op.RCU_READ_UNLOCK, t))));
        steps.add(new Step(updater, t -> {
          if (emit(Ev.bare(id(), Op.GP_END, t)) && !free(t, false)) {
            emit(dataAccess(t, true, -1));
          }
        }));
      }
    } else if (r < 65 && rcu) {
      // the updater writes, waits, publishes; a later reader that observes the post-GP store is
      // ordered after the grace period (LKMM rb), one that does not is not
      Location f = flag(0);
      steps.add(new Step(order.get(0), t -> {
        emit(dataAccess(t, true, -1));
        if (percent(70)) {
          emit(Ev.bare(id(), Op.SYNCHRONIZE_RCU, t));
        } else if (emit(Ev.bare(id(), Op.GP_BEGIN, t))) {
          emit(Ev.bare(id(), Op.GP_END, t));
        }
        emit(flagWrite(t, f, -1, -1));
      }));
      steps.add(new Step(order.get(1), t -> {
        if (rules.depth(t) < 2 && emit(Ev.bare(id(), Op.RCU_READ_LOCK, t))) {
          if (percent(50)) {
            emit(dataAccess(t, percent(30), -1));
          }
          Ev load = flagRead(t, f);
          if (emit(load)) {
            emit(dataAccess(t, percent(30), percent(30) ? load.id() : -1));
          }
          emit(Ev.bare(id(), Op.RCU_READ_UNLOCK, t));
        }
      }));
    } else if (r >= 80) {
      Location obj = new Location(rnd.nextBoolean() ? OBJ0 : obj1, 8);
      if (r < 90) {
        // a hand-off by signal/wait (or none) between two tasks writing the same data
        String key = SIGNALS[rnd.nextInt(SIGNALS.length)];
        steps.add(new Step(order.get(0), t -> {
          emit(dataAccess(t, d, true, -1));
          if (percent(80)) {
            emit(Ev.keyed(id(), Op.SIGNAL, t, key, false));
          }
        }));
        steps.add(new Step(order.get(1), t -> {
          if (percent(80)) {
            emit(Ev.keyed(id(), Op.WAIT, t, key, false));
          }
          emit(dataAccess(t, d, percent(60), -1));
        }));
      } else {
        // an object used, freed, allocated again and used by another task
        long ptr = obj.addr();
        long size = objSize[ptr == OBJ0 ? 0 : 1];
        steps.add(new Step(order.get(0), t -> {
          emit(Ev.heap(id(), Op.ALLOC, t, ptr, size));
          emit(dataAccess(t, obj, true, -1));
          emit(Ev.heap(id(), Op.FREE, t, ptr, 0));
        }));
        steps.add(new Step(order.get(1), t -> {
          emit(Ev.heap(id(), Op.ALLOC, t, ptr, size));
          emit(dataAccess(t, obj, percent(50), -1));
          if (percent(50)) {
            emit(Ev.heap(id(), Op.FREE, t, ptr, 0));
          }
        }));
      }
    } else {
      // critical sections of one lock on different tasks, shared or exclusive
      String lock = LOCKS[rnd.nextInt(LOCKS.length)];
      for (int i = 0; i < 2 + rnd.nextInt(2); i++) {
        boolean shared = percent(45);
        steps.add(new Step(order.get(i % order.size()), t -> criticalSection(t, lock, shared)));
      }
    }
    return steps;
  }

  private Location flag(int i) {
    return flags.get(i % flags.size());
  }

  private void criticalSection(String t, String lock, boolean shared) {
    if (!emit(Ev.keyed(id(), Op.LOCK, t, lock, shared))) {
      return;
    }
    int n = 1 + rnd.nextInt(2);
    for (int i = 0; i < n; i++) {
      if (!emit(dataAccess(t, shared ? percent(25) : percent(60), -1))) {
        return;
      }
    }
    emit(Ev.keyed(id(), Op.UNLOCK, t, lock, shared));
  }

  // ---- idioms ------------------------------------------------------------------------------------

  private void publish(String t) {
    publish(t, data.get(rnd.nextInt(data.size())), flags.get(rnd.nextInt(flags.size())));
  }

  /** Data writes, maybe a fence, a marked flag store: message passing's writer side. */
  private void publish(String t, Location d, Location f) {
    int n = 1 + rnd.nextInt(2);
    for (int i = 0; i < n; i++) {
      if (!emit(dataAccess(t, d, percent(75), -1))) {
        return;
      }
    }
    if (percent(60) && !emit(Ev.fence(id(), t, percent(50) ? anyFence()
        : pickFence(FenceKind.WMB, FenceKind.RELEASE, FenceKind.MB, FenceKind.BEFORE_ATOMIC)))) {
      return;
    }
    emit(flagWrite(t, f, -1, -1));
  }

  private void consume(String t) {
    consume(t, flags.get(rnd.nextInt(flags.size())), data.get(rnd.nextInt(data.size())));
  }

  /** A marked flag load, maybe a fence, data accesses maybe dependent on it: the reader side. */
  private void consume(String t, Location f, Location d) {
    Ev load = flagRead(t, f);
    if (!emit(load)) {
      return;
    }
    if (deps && load.mo().isMarked() && dataRnd.nextInt(100) < 25 && !carry(t, load, d)) {
      return;
    }
    if (percent(55) && !emit(Ev.fence(id(), t, percent(50) ? anyFence()
        : pickFence(FenceKind.RMB, FenceKind.ACQUIRE, FenceKind.MB, FenceKind.AFTER_ATOMIC)))) {
      return;
    }
    int n = 1 + rnd.nextInt(2);
    for (int i = 0; i < n; i++) {
      if (!emit(dataAccess(t, d, percent(35), deps && percent(30) ? load.id() : -1))) {
        return;
      }
    }
  }

  /**
   * carry-dep, drawn from the data stream only (ids without gaps) so that the other choices of the
   * trace stay as they were: the flag load's value stored plainly to a data location, read back
   * plainly, and a plain access to {@code d} whose address depends on that plain load.
   */
  private boolean carry(String t, Ev load, Location d) {
    Location tmp = data.get(dataRnd.nextInt(data.size()));
    Ev store = Ev.access(nextId, Op.STORE, t, tmp.addr(), tmp.size(), MemOrder.PLAIN, true, -1, -1,
        -1).withData(load.id());
    if (!emit(store)) {
      return false;
    }
    Ev back = Ev.access(nextId, Op.LOAD, t, tmp.addr(), tmp.size(), MemOrder.PLAIN, true, -1, -1, -1);
    if (!emit(back)) {
      return false;
    }
    return emit(Ev.access(nextId, dataRnd.nextBoolean() ? Op.STORE : Op.LOAD, t, d.addr(), d.size(),
        MemOrder.PLAIN, true, back.id(), -1, -1));
  }

  private void hop(String t) {
    hop(t, flags.get(rnd.nextInt(flags.size())), flags.get(rnd.nextInt(flags.size())));
  }

  /** A flag load, maybe a fence, a flag store maybe ctrl- or dep-dependent: a relaxed hop. */
  private void hop(String t, Location in, Location out) {
    Ev load = flagRead(t, in);
    if (!emit(load)) {
      return;
    }
    if (percent(55) && !emit(Ev.fence(id(), t, anyFence()))) {
      return;
    }
    emit(flagWrite(t, out, deps && percent(40) ? load.id() : -1, deps && percent(15) ? load.id() : -1));
  }

  /** A hop in a scripted chain: relaxed loads, strong or release fences, control dependencies. */
  private void chainHop(String t, Location in, Location out) {
    Ev load = percent(70)
        ? access(t, Op.LOAD, in, rnd.nextBoolean() ? MemOrder.ONCE : MemOrder.RELAXED, -1, -1)
        : flagRead(t, in);
    if (!emit(load)) {
      return;
    }
    int r = rnd.nextInt(100);
    FenceKind fence = r < 35 ? FenceKind.MB : r < 50 ? FenceKind.RELEASE : r < 60 ? anyFence() : null;
    if (fence != null && !emit(Ev.fence(id(), t, fence))) {
      return;
    }
    emit(flagWrite(t, out, percent(55) ? load.id() : -1, percent(15) ? load.id() : -1));
  }

  private void rcuReader(String t) {
    rcuReader(t, percent(60));
  }

  /** An RCU read-side section reading a flag and, maybe through it, data; maybe left open. */
  private void rcuReader(String t, boolean close) {
    if (rules.depth(t) >= 2 || !emit(Ev.bare(id(), Op.RCU_READ_LOCK, t))) {
      return;
    }
    Ev load = flagRead(t);
    if (!emit(load)) {
      return;
    }
    if (!emit(dataAccess(t, percent(20), percent(50) ? load.id() : -1))) {
      return;
    }
    if (close) {
      emit(Ev.bare(id(), Op.RCU_READ_UNLOCK, t));
    }
  }

  /** Publish, wait for readers (synchronize_rcu, call_rcu or gp_begin), then reclaim. */
  private void updater(String t) {
    publish(t);
    int r = rnd.nextInt(100);
    boolean readers = tasks.stream().anyMatch(u -> rules.depth(u) > 0);
    boolean waited = r < (readers ? 10 : 50) ? emit(Ev.bare(id(), Op.SYNCHRONIZE_RCU, t))
        : r < 80 ? emit(Ev.keyed(id(), Op.CALL_RCU, t, CALLBACKS[rnd.nextInt(CALLBACKS.length)], false))
        : emit(Ev.bare(id(), Op.GP_BEGIN, t));
    if (waited && percent(50)) {
      if (!free(t, false)) {
        emit(dataAccess(t, true, -1));
      }
    }
  }

  /** What a callback does: reclaims an object or touches data. */
  private void callbackBody(String t) {
    if (percent(40) && free(t, false)) {
      return;
    }
    int n = rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      if (!emit(dataAccess(t, percent(60), -1))) {
        return;
      }
    }
  }

  /** Frees a live object, or with {@code anyway} also a freed or never-seen one. */
  private boolean free(String t, boolean anyway) {
    int slot = large && percent(50) ? 2 : rnd.nextInt(2);
    long ptr = slot == 0 ? OBJ0 : slot == 1 ? obj1 : LARGE;
    return (rules.isLive(ptr) || anyway) && emit(Ev.heap(id(), Op.FREE, t, ptr, 0));
  }

  // ---- accesses ----------------------------------------------------------------------------------

  /** An access to a data location: mostly plain. */
  private Ev dataAccess(String t, boolean write, long dep) {
    return dataAccess(t, data.get(rnd.nextInt(data.size())), write, dep);
  }

  private Ev dataAccess(String t, Location loc, boolean write, long dep) {
    int r = rnd.nextInt(100);
    Op op = r < 6 ? Op.RMW : write ? Op.STORE : Op.LOAD;
    MemOrder mo = switch (op) {
      case LOAD -> pick(MemOrder.PLAIN, 78, MemOrder.ONCE, 8, MemOrder.DATA_RACE, 5, MemOrder.ACQUIRE, 5,
          MemOrder.RELAXED, 4);
      case STORE -> pick(MemOrder.PLAIN, 80, MemOrder.ONCE, 8, MemOrder.DATA_RACE, 5, MemOrder.RELEASE, 4,
          MemOrder.RELAXED, 3);
      default -> rmwOrder();
    };
    return access(t, op, loc, mo, dep, -1);
  }

  /** A marked-ish access to a flag, read or write. */
  private Ev flagAccess(String t) {
    return percent(50) ? flagRead(t) : flagWrite(t, flags.get(rnd.nextInt(flags.size())), -1, -1);
  }

  private Ev flagRead(String t) {
    return flagRead(t, flags.get(rnd.nextInt(flags.size())));
  }

  private Ev flagRead(String t, Location loc) {
    if (percent(20)) {
      return access(t, Op.RMW, loc, rmwOrder(), -1, -1);
    }
    return access(t, Op.LOAD, loc, pick(MemOrder.ONCE, 35, MemOrder.ACQUIRE, 35, MemOrder.RELAXED, 18,
        MemOrder.PLAIN, 10, MemOrder.DATA_RACE, 2), -1, -1);
  }

  private Ev flagWrite(String t, Location loc, long ctrl, long dep) {
    if (percent(20)) {
      return access(t, Op.RMW, loc, rmwOrder(), dep, ctrl);
    }
    return access(t, Op.STORE, loc, pick(MemOrder.ONCE, 35, MemOrder.RELEASE, 35, MemOrder.RELAXED, 20,
        MemOrder.PLAIN, 10), dep, ctrl);
  }

  private MemOrder rmwOrder() {
    return pick(MemOrder.FULL, 40, MemOrder.RELAXED, 25, MemOrder.ACQUIRE, 18, MemOrder.RELEASE, 17);
  }

  private Ev access(String t, Op op, Location loc, MemOrder mo, long dep, long ctrl) {
    boolean ok = op != Op.RMW || !percent(25);
    List<Long> loads = rules.loadsOf(t);
    if (deps && dep < 0 && !loads.isEmpty() && percent(12)) {
      dep = recent(loads, 3);
    }
    if (deps && ctrl < 0 && !loads.isEmpty() && percent(op == Op.LOAD ? 4 : 12)) {
      ctrl = recent(loads, 3);
    }
    long rf = -1;
    List<Long> stores = rules.storesAt(loc.addr());
    if (op != Op.STORE && mo.isMarked() && !stores.isEmpty() && percent(15)) {
      rf = recent(stores, 4);
    }
    long data = -1;
    if (deps && op == Op.STORE && mo.isMarked() && !loads.isEmpty() && dataRnd.nextInt(100) < 15) {
      data = loads.get(loads.size() - 1 - dataRnd.nextInt(Math.min(3, loads.size())));
    }
    return Ev.access(id(), op, t, loc.addr(), loc.size(), mo, ok, dep, ctrl, rf).withData(data);
  }

  private long recent(List<Long> ids, int window) {
    return ids.get(ids.size() - 1 - rnd.nextInt(Math.min(window, ids.size())));
  }

  /** Picks among (order, weight) pairs. */
  private MemOrder pick(Object... pairs) {
    int total = 0;
    for (int i = 1; i < pairs.length; i += 2) {
      total += (Integer) pairs[i];
    }
    int r = rnd.nextInt(total);
    for (int i = 0; i < pairs.length; i += 2) {
      r -= (Integer) pairs[i + 1];
      if (r < 0) {
        return (MemOrder) pairs[i];
      }
    }
    throw new AssertionError();
  }

  private FenceKind anyFence() {
    return FenceKind.values()[rnd.nextInt(FenceKind.values().length)];
  }

  private FenceKind pickFence(FenceKind... kinds) {
    return kinds[rnd.nextInt(kinds.length)];
  }

  /** Ends what is still open: callbacks, locks, sections, then grace periods. */
  private void close() {
    for (String t : tasks) {
      if (!rules.canRun(t) || !rules.isStarted(t)) {
        continue;
      }
      String cb = rules.runningCallback(t);
      if (cb != null) {
        closing(Ev.keyed(nextId, Op.CB_END, t, cb, false));
      }
      for (Map.Entry<String, Boolean> held : rules.locksHeldBy(t).entrySet()) {
        closing(Ev.keyed(nextId, Op.UNLOCK, t, held.getKey(), held.getValue()));
      }
      while (rules.depth(t) > 0) {
        closing(Ev.bare(nextId, Op.RCU_READ_UNLOCK, t));
      }
    }
    for (String t : tasks) {
      if (rules.canRun(t) && rules.waitsForGracePeriod(t)) {
        closing(Ev.bare(nextId, Op.GP_END, t));
      }
    }
  }

  private void closing(Ev e) {
    if (!rules.allows(e)) {
      throw new IllegalStateException("cannot close with " + e.toJson());
    }
    rules.apply(e);
    events.add(e);
    nextId = e.id() + 1;
  }
}
