package dev.slabrace.trace.ftrace;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.RegionClass;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A whole ftrace trace read into immutable events with names resolved, for assertions. */
record Decoded(List<Ev> events, List<String> notes, long skipped, Map<String, String> header,
    boolean sawAccesses) {

  /** One event with its symbols and tasks resolved; absent fields are null. */
  record Ev(long id, long line, Op op, String tid, int cpu, long ts, long addr, long size,
      String cache, String ip, String key, long numericKey, boolean shared, String child,
      MemOrder mo, Long value, Long old, boolean ok, String region, RegionClass regionClass) {

    /** The call site's function, without +off/size and module: the same in every export variant. */
    String function() {
      if (ip == null) {
        return null;
      }
      int plus = ip.indexOf('+');
      return plus < 0 ? ip : ip.substring(0, plus);
    }
  }

  /** Reads {@code text} (named t.txt in messages). */
  static Decoded of(String text) throws IOException {
    return read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.txt", false);
  }

  /** Reads {@code text} leniently. */
  static Decoded lenient(String text) throws IOException {
    return read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.txt", true);
  }

  /** Reads a stream to its end. */
  static Decoded read(InputStream in, String name, boolean lenient) throws IOException {
    List<Ev> events = new ArrayList<>();
    try (FtraceEventSource s = new FtraceEventSource(in, name, lenient)) {
      EventCursor e = new EventCursor();
      while (s.next(e)) {
        events.add(new Ev(e.id, e.position, e.op,
            e.task == EventCursor.NONE ? null : s.tasks().name(e.task), e.cpu, e.ts, e.addr, e.size,
            e.cache == EventCursor.NONE ? null : s.symbols().name(e.cache),
            e.ip == EventCursor.NONE ? null : s.symbols().name(e.ip),
            e.keyIsName ? s.symbols().name((int) e.key) : null, e.keyIsName ? 0 : e.key, e.shared,
            e.child == EventCursor.NONE ? null : s.tasks().name(e.child), e.mo,
            e.hasValue ? e.value : null, e.hasOldValue ? e.oldValue : null, e.ok,
            e.name == EventCursor.NONE ? null : s.symbols().name(e.name), e.regionClass));
      }
      return new Decoded(events, List.copyOf(s.notes()), s.skipped(), Map.copyOf(s.header()),
          s.sawAccessEvents());
    }
  }

  /** Returns the events of {@code op}. */
  List<Ev> of(Op op) {
    return events.stream().filter(e -> e.op() == op).toList();
  }

  /** Returns the only event, failing if there is not exactly one. */
  Ev only() {
    if (events.size() != 1) {
      throw new AssertionError("expected one event, got " + events);
    }
    return events.get(0);
  }
}
