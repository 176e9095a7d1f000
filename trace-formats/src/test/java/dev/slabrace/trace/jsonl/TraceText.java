package dev.slabrace.trace.jsonl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.TraceFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Test fixtures: traces given as text, read into lists of cursors, and cursors rendered with names. */
final class TraceText {
  /** The file name every fixture trace has. */
  static final String FILE = "t.jsonl";

  private TraceText() {}

  /** Returns a strict source over {@code text}. */
  static JsonlEventSource source(String text) throws IOException {
    return source(text, false);
  }

  /** Returns a source over {@code text}. */
  static JsonlEventSource source(String text, boolean lenient) throws IOException {
    return new JsonlEventSource(new ByteArrayInputStream(text.getBytes(UTF_8)), FILE, lenient);
  }

  /** Reads every event of {@code source}, each in its own cursor. */
  static List<EventCursor> readAll(EventSource source) throws IOException {
    List<EventCursor> events = new ArrayList<>();
    EventCursor c = new EventCursor();
    while (source.next(c)) {
      EventCursor copy = new EventCursor();
      copy.copyFrom(c);
      events.add(copy);
    }
    return events;
  }

  /** Reads the only event of a one-line trace. */
  static EventCursor one(String line) throws IOException {
    List<EventCursor> events = readAll(source(line));
    assertEquals(1, events.size());
    return events.get(0);
  }

  /** Asserts that reading {@code text} fails with exactly {@code message}. */
  static void assertFails(String text, String message) {
    TraceFormatException e =
        assertThrows(TraceFormatException.class, () -> readAll(source(text)));
    assertEquals(message, e.getMessage());
  }

  /** Renders every field of {@code c} with names, tasks and stacks resolved, position excluded. */
  static String render(EventCursor c, EventSource s) {
    return "id=" + c.id + " op=" + c.op
        + " task=" + (c.task == EventCursor.NONE ? "-" : s.tasks().name(c.task))
        + " cpu=" + c.cpu + " ts=" + c.ts + " ip=" + symbol(c.ip, s)
        + " stack=" + (c.stack == EventCursor.NONE ? "-" : Arrays.stream(s.stacks().frames(c.stack))
            .mapToObj(f -> s.symbols().name(f)).collect(Collectors.joining("|")))
        + " addr=" + Long.toHexString(c.addr) + " size=" + c.size
        + " value=" + (c.hasValue ? Long.toHexString(c.value) : "-")
        + " old=" + (c.hasOldValue ? Long.toHexString(c.oldValue) : "-")
        + " mo=" + c.mo + " ok=" + c.ok + " dep=" + c.dep + " data=" + c.data + " ctrl=" + c.ctrl + " rf=" + c.rf
        + " fence=" + c.fence
        + " key=" + (c.keyIsName ? "name:" + s.symbols().name((int) c.key) : Long.toHexString(c.key))
        + " shared=" + c.shared + " cache=" + symbol(c.cache, s)
        + " child=" + (c.child == EventCursor.NONE ? "-" : s.tasks().name(c.child))
        + " name=" + symbol(c.name, s) + " class=" + c.regionClass + " flags=" + c.cacheFlags;
  }

  private static String symbol(int id, EventSource s) {
    return id == EventCursor.NONE ? "-" : s.symbols().name(id);
  }
}
