package dev.slabrace.trace;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a trace holds, counted in one pass over any {@link EventSource}: events per kind, tasks, CPUs,
 * the time span its timestamps cover, objects allocated and freed, and the reader's notes on lost
 * events and missing evidence.
 */
public final class TraceStats {
  /* Implementation notes
   *
   * Live objects are tracked by base address only, to tell a free of an object the trace allocated
   * from one whose allocation came before the capture began; memory is bounded by live objects.
   */

  private final String trace;
  private final long[] perOp = new long[Op.values().length];
  private final SortedSet<Integer> cpus = new TreeSet<>();
  private final LongOpenHashSet live = new LongOpenHashSet();
  private long events;
  private long firstTs = Long.MAX_VALUE;
  private long lastTs = Long.MIN_VALUE;
  private long allocated;
  private long allocatedBytes;
  private long freed;
  private long freedUnseen;
  private List<String> tasks = List.of();
  private List<String> notes = List.of();
  private long skipped;

  private TraceStats(String trace) {
    this.trace = trace;
  }

  /**
   * Reads {@code source} to its end and counts what it holds.
   *
   * @throws TraceFormatException if the trace is malformed
   */
  public static TraceStats of(EventSource source) throws IOException {
    TraceStats s = new TraceStats(source.name());
    EventCursor e = new EventCursor();
    while (source.next(e)) {
      s.add(e);
    }
    List<String> names = new ArrayList<>(source.tasks().size());
    for (int i = 0; i < source.tasks().size(); i++) {
      names.add(source.tasks().name(i));
    }
    s.tasks = List.copyOf(names);
    s.notes = List.copyOf(source.notes());
    s.skipped = source.skipped();
    return s;
  }

  private void add(EventCursor e) {
    events++;
    perOp[e.op.ordinal()]++;
    if (e.cpu != EventCursor.NONE) {
      cpus.add(e.cpu);
    }
    if (e.ts != EventCursor.NO_REF) {
      firstTs = Math.min(firstTs, e.ts);
      lastTs = Math.max(lastTs, e.ts);
    }
    if (e.op == Op.ALLOC) {
      allocated++;
      allocatedBytes += e.size;
      live.add(e.addr);
    } else if (e.op == Op.FREE) {
      freed++;
      if (!live.remove(e.addr)) {
        freedUnseen++;
      }
    }
  }

  /** Returns the trace's name. */
  public String trace() {
    return trace;
  }

  /** Returns how many events the trace holds. */
  public long events() {
    return events;
  }

  /** Returns the nonzero event counts, in {@link Op} order. */
  public Map<Op, Long> perOp() {
    Map<Op, Long> counts = new EnumMap<>(Op.class);
    for (Op op : Op.values()) {
      if (perOp[op.ordinal()] > 0) {
        counts.put(op, perOp[op.ordinal()]);
      }
    }
    return counts;
  }

  /** Returns the tasks as the trace wrote them, in order of first appearance. */
  public List<String> tasks() {
    return tasks;
  }

  /** Returns the CPUs events ran on, ascending. */
  public SortedSet<Integer> cpus() {
    return cpus;
  }

  /** Whether any event carried a timestamp. */
  public boolean hasTimestamps() {
    return firstTs <= lastTs;
  }

  /** Returns the earliest timestamp in ns; valid when {@link #hasTimestamps()}. */
  public long firstTimestamp() {
    return firstTs;
  }

  /** Returns the latest timestamp in ns; valid when {@link #hasTimestamps()}. */
  public long lastTimestamp() {
    return lastTs;
  }

  /** Returns how many objects were allocated. */
  public long allocated() {
    return allocated;
  }

  /** Returns how many bytes the allocations asked for. */
  public long allocatedBytes() {
    return allocatedBytes;
  }

  /** Returns how many frees there were. */
  public long freed() {
    return freed;
  }

  /** Returns how many frees were of objects the trace never showed allocated (or freed twice). */
  public long freedUnseen() {
    return freedUnseen;
  }

  /** Returns how many objects the trace allocated and did not free. */
  public long liveAtEnd() {
    return live.size();
  }

  /** Returns the reader's notes: lost events and missing evidence, each naming where it was seen. */
  public List<String> notes() {
    return notes;
  }

  /** Returns how many malformed lines were skipped in lenient mode. */
  public long skipped() {
    return skipped;
  }
}
