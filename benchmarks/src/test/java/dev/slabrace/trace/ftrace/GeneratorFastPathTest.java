package dev.slabrace.trace.ftrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.bench.FtraceGenerator;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.io.LineReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/**
 * The ftrace reader's fast path against its general reader on the benchmark's generated trace (it
 * lives here, in the reader's package, because the generator does): every field of every event, the
 * notes and the symbol and task tables must be the same.
 */
final class GeneratorFastPathTest {
  private static final Field[] FIELDS = EventCursor.class.getFields();

  @Test
  void generatedTraceReadsTheSame() throws IOException {
    for (long seed = 1; seed <= 3; seed++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new FtraceGenerator(100_000, 32, 4, seed).write(out);
      byte[] trace = out.toByteArray();
      try (FtraceEventSource general = source(trace, false);
          FtraceEventSource fast = source(trace, true)) {
        EventCursor a = new EventCursor();
        EventCursor b = new EventCursor();
        long events = 0;
        while (general.next(a)) {
          assertTrue(fast.next(b), "the fast reader ends early, at event " + events);
          assertEquals(render(a), render(b), "event " + events + " of seed " + seed);
          events++;
        }
        assertFalse(fast.next(b));
        assertTrue(events > 90_000, "events: " + events);
        assertEquals(general.notes(), fast.notes());
        assertEquals(general.skipped(), fast.skipped());
        assertEquals(general.header(), fast.header());
        assertEquals(general.symbols().size(), fast.symbols().size());
        for (int i = 0; i < general.symbols().size(); i++) {
          assertEquals(general.symbols().name(i), fast.symbols().name(i));
        }
        assertEquals(general.tasks().size(), fast.tasks().size());
        for (int i = 0; i < general.tasks().size(); i++) {
          assertEquals(general.tasks().name(i), fast.tasks().name(i));
        }
      }
    }
  }

  @Test
  void generatedLinesTakeTheFastPath() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new FtraceGenerator(10_000, 32, 4, 1).write(out);
    // the lines as the reader splits them: only printable ones may take the fast path
    LineReader lines = new LineReader(new ByteArrayInputStream(out.toByteArray()), "gen.txt",
        FtraceEventSource.LINES, false);
    EventMapper mapper = new EventMapper(new FtraceTasks(new dev.slabrace.trace.TaskTable()),
        new dev.slabrace.trace.SymbolTable(), new Evidence());
    int fast = 0;
    int events = 0;
    while (lines.next()) {
      byte[] b = lines.buffer();
      if (lines.start() < lines.end() && b[lines.start()] != '#') {
        events++;
        if (lines.printable() && !lines.overlong()
            && mapper.fastPath().accepts(b, lines.start(), lines.end())) {
          fast++;
          mapper.fastPath().commit(new EventBuffer(), events);
        }
      }
    }
    assertEquals(events, fast, "generated event lines the fast path takes");
  }

  private static FtraceEventSource source(byte[] trace, boolean fast) {
    return new FtraceEventSource(new ByteArrayInputStream(trace), "gen.txt", false, fast);
  }

  private static String render(EventCursor e) throws IOException {
    StringBuilder b = new StringBuilder();
    for (Field f : FIELDS) {
      if (!Modifier.isStatic(f.getModifiers())) {
        try {
          b.append(f.getName()).append('=').append(f.get(e)).append(' ');
        } catch (IllegalAccessException x) {
          throw new IOException(x);
        }
      }
    }
    return b.toString();
  }
}
