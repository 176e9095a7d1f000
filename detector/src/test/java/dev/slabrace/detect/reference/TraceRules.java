package dev.slabrace.detect.reference;

import dev.slabrace.trace.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a well-formed trace is, as a replayable state machine: the generator only appends events it
 * allows, and the shrinker only keeps candidates that replay without a refused event. The rules are
 * those of a real run: a task runs after its fork and not after its join; locks are released by their
 * holder and not taken while held incompatibly; a grace period ends only after the sections running
 * at its start; a callback begins only after its call_rcu and those sections, and ends on its runner;
 * rcu_barrier only when every queued callback has ended; dep and ctrl name an earlier load of the
 * same task; rf names an earlier store to the same address. Frees are free-form on purpose (double
 * frees and frees of never-seen objects are part of the contract). Locks, sections and grace periods
 * still open at the end of a trace are allowed: a capture can stop anywhere.
 */
final class TraceRules {
  /** Tasks that some fork in the trace starts: they must not run before it. */
  private final Set<String> forkedSomewhere;
  private final Set<String> started = new HashSet<>();
  private final Set<String> joined = new HashSet<>();
  private final Map<String, String> parent = new HashMap<>();
  /** Lock name to holder to shared mode. */
  private final Map<String, Map<String, Boolean>> holders = new HashMap<>();
  private final Map<String, Integer> depth = new HashMap<>();
  private final Map<String, Set<String>> gracePeriods = new HashMap<>();
  private final Map<String, CallbackState> callbacks = new LinkedHashMap<>();
  private final Map<String, String> runningCallback = new HashMap<>();
  private final Set<Long> live = new HashSet<>();
  private final Map<String, List<Long>> loads = new HashMap<>();
  private final Map<Long, List<Long>> storesAt = new HashMap<>();
  private long lastId = -1;

  private static final class CallbackState {
    final Set<String> waitingFor;
    String runner;

    CallbackState(Set<String> waitingFor) {
      this.waitingFor = waitingFor;
    }
  }

  TraceRules(Set<String> forkedSomewhere) {
    this.forkedSomewhere = forkedSomewhere;
  }

  /** Whether every event of {@code trace} is allowed in its place. */
  static boolean valid(List<Ev> trace) {
    Set<String> forked = new HashSet<>();
    for (Ev e : trace) {
      if (e.op() == Op.FORK) {
        forked.add(e.child());
      }
    }
    TraceRules rules = new TraceRules(forked);
    for (Ev e : trace) {
      if (!rules.allows(e)) {
        return false;
      }
      rules.apply(e);
    }
    return true;
  }

  boolean allows(Ev e) {
    String t = e.tid();
    if (e.id() <= lastId || joined.contains(t) || (forkedSomewhere.contains(t) && !started.contains(t))) {
      return false;
    }
    int d = depth.getOrDefault(t, 0);
    return switch (e.op()) {
      case LOAD, STORE, RMW -> e.size() > 0
          && (e.dep() < 0 || loads(t).contains(e.dep()))
          && (e.ctrl() < 0 || loads(t).contains(e.ctrl()))
          && (e.data() < 0 || (e.writes() && loads(t).contains(e.data())))
          && (e.rf() < 0 || (e.reads() && storesAt.getOrDefault(e.addr(), List.of()).contains(e.rf())));
      case LOCK -> {
        Map<String, Boolean> h = holders.getOrDefault(e.key(), Map.of());
        yield !h.containsKey(t) && (e.shared() ? !h.containsValue(false) : h.isEmpty());
      }
      case UNLOCK -> {
        Boolean mode = holders.getOrDefault(e.key(), Map.of()).get(t);
        yield mode != null && mode == e.shared();
      }
      case ALLOC -> !live.contains(e.addr()) && e.size() > 0;
      case FORK -> !started.contains(e.child()) && !e.child().equals(t)
          && forkedSomewhere.contains(e.child());
      case JOIN -> t.equals(parent.get(e.child())) && !joined.contains(e.child()) && quiescent(e.child());
      case RCU_READ_UNLOCK -> d > 0;
      case GP_BEGIN -> d == 0 && !gracePeriods.containsKey(t);
      case GP_END -> gracePeriods.containsKey(t) && gracePeriods.get(t).isEmpty();
      case SYNCHRONIZE_RCU -> !gracePeriods.containsKey(t) && runningSections().isEmpty();
      case CALL_RCU -> !callbacks.containsKey(e.key());
      case CB_BEGIN -> {
        CallbackState cb = callbacks.get(e.key());
        yield cb != null && cb.runner == null && cb.waitingFor.isEmpty() && !runningCallback.containsKey(t);
      }
      case CB_END -> e.key().equals(runningCallback.get(t));
      case RCU_BARRIER -> callbacks.isEmpty() && d == 0;
      default -> true;
    };
  }

  void apply(Ev e) {
    String t = e.tid();
    lastId = e.id();
    started.add(t);
    switch (e.op()) {
      case LOAD, STORE, RMW -> {
        if (e.reads()) {
          loads(t).add(e.id());
        }
        if (e.writes()) {
          storesAt.computeIfAbsent(e.addr(), a -> new ArrayList<>()).add(e.id());
        }
      }
      case LOCK -> holders.computeIfAbsent(e.key(), k -> new HashMap<>()).put(t, e.shared());
      case UNLOCK -> holders.get(e.key()).remove(t);
      case ALLOC -> live.add(e.addr());
      case FREE -> live.remove(e.addr());
      case FORK -> {
        started.add(e.child());
        parent.put(e.child(), t);
      }
      case JOIN -> joined.add(e.child());
      case RCU_READ_LOCK -> depth.merge(t, 1, Integer::sum);
      case RCU_READ_UNLOCK -> {
        if (depth.merge(t, -1, Integer::sum) == 0) {
          for (Set<String> w : gracePeriods.values()) {
            w.remove(t);
          }
          for (CallbackState cb : callbacks.values()) {
            cb.waitingFor.remove(t);
          }
        }
      }
      case GP_BEGIN -> gracePeriods.put(t, runningSections());
      case GP_END -> gracePeriods.remove(t);
      case CALL_RCU -> callbacks.put(e.key(), new CallbackState(runningSections()));
      case CB_BEGIN -> {
        callbacks.get(e.key()).runner = t;
        runningCallback.put(t, e.key());
      }
      case CB_END -> {
        callbacks.remove(e.key());
        runningCallback.remove(t);
      }
      default -> { }
    }
  }

  // ---- queries for the generator -----------------------------------------------------------------

  private List<Long> loads(String t) {
    return loads.computeIfAbsent(t, k -> new ArrayList<>());
  }

  /** The ids of the loads (and RMWs) of task {@code t} so far, oldest first. */
  List<Long> loadsOf(String t) {
    return loads(t);
  }

  /** The ids of the stores to exactly {@code addr} so far, oldest first. */
  List<Long> storesAt(long addr) {
    return storesAt.getOrDefault(addr, List.of());
  }

  boolean canRun(String t) {
    return !joined.contains(t) && (!forkedSomewhere.contains(t) || started.contains(t));
  }

  boolean isStarted(String t) {
    return started.contains(t);
  }

  String parentOf(String t) {
    return parent.get(t);
  }

  int depth(String t) {
    return depth.getOrDefault(t, 0);
  }

  Map<String, Boolean> locksHeldBy(String t) {
    Map<String, Boolean> held = new LinkedHashMap<>();
    holders.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(en -> {
      Boolean mode = en.getValue().get(t);
      if (mode != null) {
        held.put(en.getKey(), mode);
      }
    });
    return held;
  }

  String runningCallback(String t) {
    return runningCallback.get(t);
  }

  boolean waitsForGracePeriod(String t) {
    return gracePeriods.containsKey(t);
  }

  /** Callbacks queued and not yet begun, in queuing order. */
  List<String> queuedCallbacks() {
    List<String> out = new ArrayList<>();
    callbacks.forEach((k, v) -> {
      if (v.runner == null) {
        out.add(k);
      }
    });
    return out;
  }

  boolean isLive(long ptr) {
    return live.contains(ptr);
  }

  boolean quiescent(String t) {
    return started.contains(t) && depth(t) == 0 && locksHeldBy(t).isEmpty()
        && !runningCallback.containsKey(t) && !gracePeriods.containsKey(t);
  }

  private Set<String> runningSections() {
    Set<String> running = new LinkedHashSet<>();
    depth.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(en -> {
      if (en.getValue() > 0) {
        running.add(en.getKey());
      }
    });
    return running;
  }
}
