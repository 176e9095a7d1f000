package dev.slabrace.trace;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class EventReferencesTest {
  /** Events 0..4: a load and a store of task 1, an alloc, a fence, an rmw of task 2. */
  private static final String PREFIX = """
      {"op":"load","tid":1,"addr":"0x1000","size":8,"mo":"once"}
      {"op":"store","tid":1,"addr":"0x1008","size":8}
      {"op":"alloc","tid":1,"ptr":"0x2000","size":64}
      {"op":"fence","tid":1,"kind":"mb"}
      {"op":"rmw","tid":2,"addr":"0x1000","size":4}
      """;

  private static List<EventCursor> read(String text, boolean lenient) throws IOException {
    List<EventCursor> events = new ArrayList<>();
    try (EventSource s = Traces.open(new ByteArrayInputStream(text.getBytes(UTF_8)), "t.jsonl",
        lenient)) {
      EventCursor c = new EventCursor();
      while (s.next(c)) {
        EventCursor copy = new EventCursor();
        copy.copyFrom(c);
        events.add(copy);
      }
    }
    return events;
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', textBlock = """
      {"op":"store","tid":1,"addr":"0x3000","size":8,"dep":1};  dep 1 does not name a load (it is a store)
      {"op":"store","tid":1,"addr":"0x3000","size":8,"data":3}; data 3 does not name a load
      {"op":"store","tid":1,"addr":"0x3000","size":8,"data":4}; data 4 names a load of another task
      {"op":"store","tid":1,"addr":"0x3000","size":8,"ctrl":9}; ctrl 9 does not name an earlier event
      {"op":"rmw","tid":1,"addr":"0x3000","size":8,"ok":false,"data":0}; data on a failed rmw: a data dependency goes into a store
      {"op":"load","tid":2,"addr":"0x1000","size":8,"rf":0};    rf 0 does not name a store (it is a load)
      {"op":"load","tid":2,"addr":"0x1000","size":8,"rf":1};    rf 1 names a store of 0x1008 (size 8), not of 0x1000
      {"op":"load","tid":2,"addr":"0x1000","size":8,"rf":3};    rf 3 does not name a store
      {"op":"load","tid":2,"addr":"0x3000","size":8,"rf":2};    rf 2 names an alloc of 0x2000 (size 64), not of 0x3000
      """)
  void badReference_isMalformedAtItsLine(String line, String problem) {
    TraceFormatException e = assertThrows(TraceFormatException.class,
        () -> read(PREFIX + line + "\n", false));
    assertEquals("t.jsonl:6: " + problem, e.getMessage());
  }

  @Test
  void goodReferences_areAccepted() throws IOException {
    List<EventCursor> events = read(PREFIX + """
        {"op":"store","tid":1,"addr":"0x3000","size":8,"mo":"once","data":0,"dep":0,"ctrl":0}
        {"op":"load","tid":2,"addr":"0x100c","size":4,"rf":1}
        {"op":"load","tid":2,"addr":"0x1000","size":8,"rf":4}
        {"op":"load","tid":2,"addr":"0x2008","size":8,"rf":2}
        {"op":"store","tid":2,"addr":"0x3000","size":8,"data":4}
        """, false);
    assertEquals(10, events.size());
    assertEquals(0, events.get(5).data);
  }

  @Test
  void lenient_skipsAndCountsBadReferences() throws IOException {
    String text = PREFIX + "{\"op\":\"store\",\"tid\":1,\"addr\":\"0x3000\",\"size\":8,\"dep\":1}\n";
    try (EventSource s = Traces.open(new ByteArrayInputStream(text.getBytes(UTF_8)), "t.jsonl",
        true)) {
      EventCursor c = new EventCursor();
      int n = 0;
      while (s.next(c)) {
        n++;
      }
      assertEquals(5, n);
      assertEquals(1, s.skipped());
    }
  }

  @Test
  void referencesOlderThanTheWindow_areTakenAsGiven() {
    EventReferences refs = new EventReferences(2);
    EventCursor c = new EventCursor();
    c.op = Op.STORE;
    c.task = 0;
    c.size = 8;
    for (int i = 0; i < 3; i++) {
      c.id = i;
      c.addr = 0x1000 + 8 * i;
      refs.accept(c);
    }
    c.op = Op.LOAD;
    c.id = 3;
    c.addr = 0x9000;
    c.rf = 0;
    assertEquals(null, refs.problem(c));
    c.rf = 1;
    assertEquals("rf 1 names a store of 0x1008 (size 8), not of 0x9000", refs.problem(c));
  }
}
