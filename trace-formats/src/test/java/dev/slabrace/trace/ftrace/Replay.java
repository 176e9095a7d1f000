package dev.slabrace.trace.ftrace;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.TraceFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a reader delivers for one input: every field of every event, the error it failed with,
 * the skip count, notes, header and the symbol and task tables in id order. Two readers that agree on
 * it are indistinguishable to their callers.
 */
record Replay(List<String> events, String error, long skipped, List<String> notes,
    Map<String, String> header, boolean sawAccesses, List<String> symbols, List<String> tasks) {
  private static final Field[] FIELDS = EventCursor.class.getFields();

  /** Reads {@code input} to its end (or its first error) with or without the fast path. */
  static Replay of(byte[] input, boolean lenient, boolean fast) throws IOException {
    List<String> events = new ArrayList<>();
    String error = null;
    try (FtraceEventSource s =
        new FtraceEventSource(new ByteArrayInputStream(input), "t.txt", lenient, fast)) {
      EventCursor e = new EventCursor();
      try {
        while (s.next(e)) {
          events.add(render(e));
        }
      } catch (TraceFormatException x) {
        error = x.getMessage();
      }
      List<String> symbols = new ArrayList<>();
      for (int i = 0; i < s.symbols().size(); i++) {
        symbols.add(s.symbols().name(i));
      }
      List<String> tasks = new ArrayList<>();
      for (int i = 0; i < s.tasks().size(); i++) {
        tasks.add(s.tasks().name(i));
      }
      return new Replay(events, error, s.skipped(), List.copyOf(s.notes()), Map.copyOf(s.header()),
          s.sawAccessEvents(), symbols, tasks);
    }
  }

  private static String render(EventCursor e) {
    StringBuilder b = new StringBuilder();
    for (Field f : FIELDS) {
      if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
        try {
          b.append(f.getName()).append('=').append(f.get(e)).append(' ');
        } catch (IllegalAccessException x) {
          throw new AssertionError(x);
        }
      }
    }
    return b.toString();
  }
}
