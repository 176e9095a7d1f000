package dev.slabrace.detect.reference;

import dev.slabrace.trace.Op;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Greedy shrinking of a failing trace: removes whole tasks, then events one at a time from the end
 * (together with their partners: a lock with its unlock, a section with its end, a grace period's
 * begin with its end, a call_rcu with its callback, a fork with its join), then dependency and
 * reads-from fields, for as long as the trace stays well-formed ({@link TraceRules}) and still fails;
 * repeats until nothing more can go.
 */
final class Shrinker {
  private Shrinker() {}

  static List<Ev> shrink(List<Ev> trace, Predicate<List<Ev>> failing) {
    List<Ev> current = trace;
    boolean progress = true;
    while (progress) {
      progress = false;
      for (String t : tasks(current)) {
        List<Ev> candidate = withoutTask(current, t);
        if (accept(candidate, current, failing)) {
          current = candidate;
          progress = true;
        }
      }
      for (int i = current.size() - 1; i >= 0; i--) {
        if (i >= current.size()) {
          continue;
        }
        Set<Long> group = group(current, i);
        if (group.size() > 1) {
          List<Ev> candidate = without(current, group);
          if (accept(candidate, current, failing)) {
            current = candidate;
            progress = true;
            continue;
          }
        }
        List<Ev> candidate = without(current, Set.of(current.get(i).id()));
        if (accept(candidate, current, failing)) {
          current = candidate;
          progress = true;
        }
      }
      for (int i = 0; i < current.size(); i++) {
        for (int field = 0; field < 4; field++) {
          Ev e = current.get(i);
          Ev simpler = switch (field) {
            case 0 -> e.withRefs(-1, e.ctrl(), e.rf());
            case 1 -> e.withRefs(e.dep(), -1, e.rf());
            case 2 -> e.withRefs(e.dep(), e.ctrl(), -1);
            default -> e.withData(-1);
          };
          List<Ev> candidate = new ArrayList<>(current);
          candidate.set(i, simpler);
          if (accept(candidate, current, failing)) {
            current = candidate;
            progress = true;
          }
        }
      }
    }
    return current;
  }

  private static boolean accept(List<Ev> candidate, List<Ev> current, Predicate<List<Ev>> failing) {
    return !candidate.equals(current) && TraceRules.valid(candidate) && failing.test(candidate);
  }

  private static Set<String> tasks(List<Ev> trace) {
    Set<String> out = new LinkedHashSet<>();
    trace.forEach(e -> out.add(e.tid()));
    return out;
  }

  private static List<Ev> withoutTask(List<Ev> trace, String t) {
    Set<Long> ids = new HashSet<>();
    for (Ev e : trace) {
      if (e.tid().equals(t) || t.equals(e.child())) {
        ids.add(e.id());
      }
    }
    return without(trace, ids);
  }

  /** The trace without {@code ids}; references to removed events are dropped. */
  static List<Ev> without(List<Ev> trace, Set<Long> ids) {
    List<Ev> out = new ArrayList<>();
    for (Ev e : trace) {
      if (!ids.contains(e.id())) {
        out.add(e.withRefs(ids.contains(e.dep()) ? -1 : e.dep(), ids.contains(e.ctrl()) ? -1 : e.ctrl(),
            ids.contains(e.rf()) ? -1 : e.rf()).withData(ids.contains(e.data()) ? -1 : e.data()));
      }
    }
    return out;
  }

  /** Event {@code i} and the events that only make sense with it. */
  private static Set<Long> group(List<Ev> trace, int i) {
    Ev e = trace.get(i);
    Set<Long> group = new LinkedHashSet<>();
    group.add(e.id());
    switch (e.op()) {
      case LOCK -> {
        for (int j = i + 1; j < trace.size(); j++) {
          Ev f = trace.get(j);
          if (f.op() == Op.UNLOCK && f.tid().equals(e.tid()) && f.key().equals(e.key())) {
            group.add(f.id());
            break;
          }
        }
      }
      case RCU_READ_LOCK -> {
        int depth = 0;
        for (int j = i + 1; j < trace.size(); j++) {
          Ev f = trace.get(j);
          if (f.tid().equals(e.tid()) && f.op() == Op.RCU_READ_LOCK) {
            depth++;
          } else if (f.tid().equals(e.tid()) && f.op() == Op.RCU_READ_UNLOCK && depth-- == 0) {
            group.add(f.id());
            break;
          }
        }
      }
      case GP_BEGIN -> {
        for (int j = i + 1; j < trace.size(); j++) {
          Ev f = trace.get(j);
          if (f.op() == Op.GP_END && f.tid().equals(e.tid())) {
            group.add(f.id());
            break;
          }
        }
      }
      case CALL_RCU -> {
        for (int j = i + 1; j < trace.size(); j++) {
          Ev f = trace.get(j);
          if (e.key().equals(f.key()) && (f.op() == Op.CB_BEGIN || f.op() == Op.CB_END)) {
            group.add(f.id());
          } else if (e.key().equals(f.key()) && f.op() == Op.CALL_RCU) {
            break;
          }
        }
      }
      case CB_BEGIN -> {
        for (int j = i + 1; j < trace.size(); j++) {
          Ev f = trace.get(j);
          if (f.op() == Op.CB_END && e.key().equals(f.key())) {
            group.add(f.id());
            break;
          }
        }
      }
      case FORK -> {
        for (Ev f : trace) {
          if (f.op() == Op.JOIN && e.child().equals(f.child())) {
            group.add(f.id());
          }
        }
      }
      default -> { }
    }
    return group;
  }
}
