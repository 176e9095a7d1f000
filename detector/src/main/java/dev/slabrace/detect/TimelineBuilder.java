package dev.slabrace.detect;

import dev.slabrace.finding.Access;
import dev.slabrace.finding.AccessType;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingKind;
import dev.slabrace.finding.Handoff;
import dev.slabrace.finding.Timeline.Edge;
import dev.slabrace.finding.Timeline.Event;
import dev.slabrace.finding.Timeline.Lane;
import dev.slabrace.finding.Timeline.Role;
import dev.slabrace.finding.Timeline;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Builds one finding's {@link Timeline} from the rings of the tasks involved: the slow path of
 * {@link TimelineRecorder}, run once per finding.
 *
 * <pre>
 * Implementation notes
 *
 * The tasks involved are, in lane order, the earlier access's, the handoff's allocating and
 * publishing tasks, and the later access's (which read the pointer), so that the handoff runs from
 * lane to lane and the missing edge spans the picture. A lane holds its task's kept events from
 * CONTEXT events before the earliest highlighted event up to the latest one; a lane with more than
 * MAX_LANE_EVENTS keeps its highlighted events and the ones nearest to them. A highlighted event
 * that the ring no longer holds is rebuilt from the finding's Access, with only its marking known.
 * An edge is drawn when both of its events are in the timeline. Only a race has a missing
 * happens-before edge: a use-after-free or double free is ordered after the free that it follows.
 * </pre>
 */
final class TimelineBuilder {
  /** How many events before the earliest highlighted one each lane shows. */
  static final int CONTEXT = 3;
  /** The most events one lane shows. */
  static final int MAX_LANE_EVENTS = 16;

  private final EventSource source;
  private final List<TimelineRing> rings;
  private final LongFunction<String> regions;

  TimelineBuilder(EventSource source, List<TimelineRing> rings, LongFunction<String> regions) {
    this.source = source;
    this.rings = rings;
    this.regions = regions;
  }

  Timeline build(Finding f) {
    Map<Long, Role> roles = new LinkedHashMap<>();
    Map<Long, Access> accesses = new LinkedHashMap<>();
    Set<String> tasks = new LinkedHashSet<>();
    highlight(f.first(), Role.ACCESS, roles, accesses, tasks);
    f.handoff().ifPresent(h -> {
      highlight(h.allocation(), Role.HANDOFF, roles, accesses, tasks);
      h.store().ifPresent(a -> highlight(a, Role.HANDOFF, roles, accesses, tasks));
    });
    highlight(f.second(), Role.ACCESS, roles, accesses, tasks);
    f.handoff().flatMap(Handoff::load)
        .ifPresent(a -> highlight(a, Role.HANDOFF, roles, accesses, tasks));
    long lo = roles.keySet().stream().mapToLong(Long::longValue).min().orElse(0);
    long hi = roles.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    List<Lane> lanes = new ArrayList<>();
    Map<Long, Long> syncs = new LinkedHashMap<>();
    Map<Long, String> kinds = new LinkedHashMap<>();
    Set<Long> shown = new LinkedHashSet<>();
    for (String task : tasks) {
      List<Event> events = lane(task, lo, hi, roles, accesses, syncs, kinds);
      events.forEach(e -> shown.add(e.id()));
      lanes.add(new Lane(task, events));
    }
    List<Edge> edges = new ArrayList<>();
    syncs.forEach((to, from) -> {
      if (shown.contains(from) && shown.contains(to)) {
        edges.add(new Edge(from, to, kinds.get(to)));
      }
    });
    edges.sort(Comparator.comparingLong(Edge::to));
    List<Edge> missing = new ArrayList<>();
    if (f.kind() == FindingKind.DATA_RACE || f.kind() == FindingKind.ASSERT_RACE) {
      missing.add(new Edge(f.first().id(), f.second().id(), "hb"));
    }
    f.handoff().flatMap(TimelineBuilder::handoffEdge).ifPresent(missing::add);
    return new Timeline(List.copyOf(lanes), List.copyOf(edges), List.copyOf(missing));
  }

  private static Optional<Edge> handoffEdge(Handoff h) {
    if (h.store().isEmpty() || h.load().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Edge(h.store().get().id(), h.load().get().id(), "handoff"));
  }

  private static void highlight(Access a, Role role, Map<Long, Role> roles,
      Map<Long, Access> accesses, Set<String> tasks) {
    roles.putIfAbsent(a.id(), role);
    accesses.putIfAbsent(a.id(), a);
    tasks.add(a.task());
  }

  /** The events of one task's lane, by increasing id; fills in the sync edges of those it shows. */
  private List<Event> lane(String task, long lo, long hi, Map<Long, Role> roles,
      Map<Long, Access> accesses, Map<Long, Long> syncs, Map<Long, String> kinds) {
    TimelineRing ring = ringOf(task);
    List<Integer> slots = new ArrayList<>();
    int before = 0;
    if (ring != null) {
      for (int n = ring.size() - 1; n >= 0; n--) {
        int slot = ring.slot(n);
        long id = ring.id(slot);
        if (id > hi) {
          continue;
        }
        if (id < lo && ++before > CONTEXT) {
          break;
        }
        slots.add(slot);
      }
    }
    if (slots.size() > MAX_LANE_EVENTS) {
      slots = nearest(ring, slots, roles.keySet());
    }
    List<Event> events = new ArrayList<>();
    Set<Long> present = new LinkedHashSet<>();
    for (int slot : slots) {
      long id = ring.id(slot);
      present.add(id);
      events.add(event(ring, slot, roles.getOrDefault(id, Role.CONTEXT)));
      if (ring.syncWith(slot) != TimelineRing.NO_SYNC) {
        syncs.put(id, ring.syncWith(slot));
        kinds.put(id, ring.syncKind(slot).wireName());
      }
    }
    accesses.forEach((id, a) -> {
      if (a.task().equals(task) && !present.contains(id)) {
        events.add(rebuilt(a, roles.get(id)));
      }
    });
    events.sort(Comparator.comparingLong(Event::id));
    return events;
  }

  /** Keeps the highlighted slots and those nearest to them, at most MAX_LANE_EVENTS in all. */
  private static List<Integer> nearest(TimelineRing ring, List<Integer> slots, Set<Long> highlighted) {
    Comparator<Integer> byDistance = Comparator.comparingLong(slot -> {
      long id = ring.id(slot);
      return highlighted.stream().mapToLong(h -> Math.abs(h - id)).min().orElse(0);
    });
    List<Integer> sorted = new ArrayList<>(slots);
    sorted.sort(byDistance.thenComparingLong(ring::id));
    return sorted.subList(0, MAX_LANE_EVENTS);
  }

  private TimelineRing ringOf(String task) {
    for (int i = 0; i < source.tasks().size() && i < rings.size(); i++) {
      if (rings.get(i) != null && source.tasks().name(i).equals(task)) {
        return rings.get(i);
      }
    }
    return null;
  }

  private Event event(TimelineRing ring, int slot, Role role) {
    Op op = ring.op(slot);
    boolean access = op.isAccess();
    boolean addressed = access || op == Op.ALLOC || op == Op.FREE;
    long addr = addressed ? ring.addr(slot) : 0;
    return new Event(ring.id(slot), op.wireName(), access ? ring.mo(slot).wireName() : "",
        detail(ring, slot, op), addr, addressed ? ring.size(slot) : 0,
        access ? regions.apply(addr) : "", access && ring.hasValue(slot), ring.value(slot),
        ring.cpu(slot),
        ring.ip(slot) == EventCursor.NONE ? "" : source.symbols().name(ring.ip(slot)), role);
  }

  private String detail(TimelineRing ring, int slot, Op op) {
    return switch (op) {
      case FENCE -> ring.fence(slot) == null ? "" : ring.fence(slot).wireName();
      case LOCK, UNLOCK, SIGNAL, WAIT, CALL_RCU, CB_BEGIN, CB_END -> key(ring, slot)
          + (ring.shared(slot) ? " shared" : "");
      case ALLOC, FREE -> ring.cache(slot) == EventCursor.NONE ? ""
          : source.symbols().name(ring.cache(slot));
      case RMW -> ring.failed(slot) ? "failed" : "";
      case FORK, JOIN -> ring.child(slot) == EventCursor.NONE ? ""
          : "task " + source.tasks().name(ring.child(slot));
      default -> "";
    };
  }

  private String key(TimelineRing ring, int slot) {
    return ring.keyIsName(slot) ? source.symbols().name((int) ring.key(slot))
        : "0x" + Long.toHexString(ring.key(slot));
  }

  /** An event the ring no longer holds, rebuilt from what the finding says about it. */
  private Event rebuilt(Access a, Role role) {
    String op = switch (a.type()) {
      case READ -> "load";
      case WRITE -> "store";
      case READ_WRITE -> "rmw";
      case FREE -> "free";
      case ALLOC -> "alloc";
    };
    boolean access = a.type() != AccessType.FREE
        && a.type() != AccessType.ALLOC;
    return new Event(a.id(), op, access ? (a.marked() ? "marked" : "plain") : "", "", a.addr(),
        a.size(), access ? regions.apply(a.addr()) : "", access && a.hasValue(), a.value(), a.cpu(),
        a.topFrame().equals("?") ? "" : a.topFrame(), role);
  }
}
