package dev.slabrace.trace.simbin;

import static dev.slabrace.trace.simbin.RandomTrace.assertSameEvent;
import static dev.slabrace.trace.simbin.RandomTrace.assertSameTables;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.StackTable;
import dev.slabrace.trace.SymbolTable;
import dev.slabrace.trace.TaskTable;
import dev.slabrace.trace.std.StdEventSource;
import dev.slabrace.trace.std.StdGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class SimbinEventWriterTest {

  @Test
  void roundTrip_randomEventsOverEveryOpAndField() throws IOException {
    RandomTrace trace = new RandomTrace(20240611, 20_000);
    byte[] file = write(trace);
    try (SimbinEventSource src = read(file)) {
      EventCursor c = new EventCursor();
      EnumSet<Op> ops = EnumSet.noneOf(Op.class);
      int i = 0;
      while (src.next(c)) {
        assertSameEvent(trace.events.get(i), c, "event " + i);
        ops.add(c.op);
        i++;
      }
      assertEquals(trace.events.size(), i);
      assertEquals(EnumSet.allOf(Op.class), ops);
      assertSameTables(trace, src);
      assertEquals(trace.header, src.header());
      assertEquals(List.of(), src.notes());
      assertEquals(0, src.skipped());
      assertFalse(src.next(c), "the end stays the end");
    }
  }

  @Test
  void roundTrip_emptyTrace() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new SimbinEventWriter(out, new SymbolTable(), new TaskTable(), new StackTable()).close();
    assertEquals("895352420d0a1a0a0200ff00" + crcOf(out.toByteArray()),
        HexFormat.of().formatHex(out.toByteArray()));
    try (SimbinEventSource src = read(out.toByteArray())) {
      assertFalse(src.next(new EventCursor()));
      assertEquals(0, src.symbols().size());
      assertEquals(Map.of(), src.header());
    }
  }

  @Test
  void roundTrip_extremeValues() throws IOException {
    SymbolTable symbols = new SymbolTable();
    TaskTable tasks = new TaskTable();
    tasks.intern("0");
    tasks.intern("1");
    long[] v = {0xffffffffffffffffL, Long.MIN_VALUE, Long.MAX_VALUE, 0, 1, Long.MIN_VALUE + 1};
    List<EventCursor> events = new java.util.ArrayList<>();
    for (int i = 0; i < v.length; i++) {
      for (int task = 0; task < 2; task++) {
        EventCursor c = new EventCursor();
        c.op = Op.RMW;
        c.id = v[(i + 1) % v.length];
        c.task = task;
        c.addr = v[i];
        c.size = v[(i + 2) % v.length];
        c.value = v[(i + 3) % v.length];
        c.hasValue = true;
        c.oldValue = v[(i + 4) % v.length];
        c.hasOldValue = true;
        c.ts = v[(i + 5) % v.length];
        c.dep = v[i];
        c.ctrl = v[(i + 1) % v.length];
        c.rf = v[(i + 2) % v.length];
        c.data = v[(i + 4) % v.length];
        c.key = v[(i + 3) % v.length];
        c.cpu = i % 2 == 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        c.mo = MemOrder.FULL;
        events.add(c);
      }
    }
    byte[] file = write(symbols, tasks, new StackTable(), events);
    try (SimbinEventSource src = read(file)) {
      EventCursor c = new EventCursor();
      for (int i = 0; i < events.size(); i++) {
        assertTrue(src.next(c));
        assertSameEvent(events.get(i), c, "event " + i);
      }
      assertFalse(src.next(c));
    }
  }

  @Test
  void write_specExample() throws IOException {
    SymbolTable symbols = new SymbolTable();
    TaskTable tasks = new TaskTable();
    EventCursor load = new EventCursor();
    load.op = Op.LOAD;
    load.id = 0;
    load.task = tasks.intern("t1");
    load.addr = 0x1000;
    load.size = 4;
    load.ip = symbols.intern("f+0x10");
    EventCursor store = new EventCursor();
    store.copyFrom(load);
    store.op = Op.STORE;
    store.id = 1;
    store.addr = 0x1008;
    store.value = 7;
    store.hasValue = true;
    byte[] file = write(symbols, tasks, new StackTable(), List.of(load, store));
    assertEquals("89535242 0d0a1a0a 0200 41027431 4006662b30783130 020f0180400401 031e1004010e "
        + "ff029889e515", spaced(file, 4, 8, 10, 14, 22, 29, 35));
  }

  @Test
  void write_isDeterministic() throws IOException {
    assertArrayEquals(write(new RandomTrace(7, 2_000)), write(new RandomTrace(7, 2_000)));
  }

  @Test
  void write_tablesMayGrowWhileWriting() throws IOException {
    SymbolTable symbols = new SymbolTable();
    TaskTable tasks = new TaskTable();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SimbinEventWriter w = new SimbinEventWriter(out, symbols, tasks, new StackTable());
    EventCursor c = new EventCursor();
    c.op = Op.LOCK;
    c.keyIsName = true;
    for (int i = 0; i < 100; i++) {
      c.id = i;
      c.task = tasks.intern("T" + (i % 7));
      c.key = symbols.intern("lock" + (i % 13));
      w.write(c);
    }
    w.close();
    try (SimbinEventSource src = read(out.toByteArray())) {
      for (int i = 0; i < 100; i++) {
        assertTrue(src.next(c));
        assertEquals("T" + (i % 7), src.tasks().name(c.task));
        assertEquals("lock" + (i % 13), src.symbols().name((int) c.key));
      }
      assertFalse(src.next(c));
    }
  }

  @Test
  void write_typicalAccessesTakeAFewBytes() throws IOException {
    SymbolTable symbols = new SymbolTable();
    TaskTable tasks = new TaskTable();
    List<EventCursor> events = new java.util.ArrayList<>();
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
    for (int i = 0; i < 10_000; i++) {
      EventCursor c = new EventCursor();
      c.op = rnd.nextBoolean() ? Op.LOAD : Op.STORE;
      c.id = i;
      c.task = tasks.intern("task" + rnd.nextInt(8));
      c.cpu = c.task;
      c.addr = 0xffff888100000000L + 8L * rnd.nextInt(1 << 12);
      c.size = 8;
      c.ip = symbols.intern("f" + rnd.nextInt(100));
      events.add(c);
    }
    byte[] file = write(symbols, tasks, new StackTable(), events);
    assertTrue(file.length < 10_000 * 8, file.length + " bytes for 10000 events");
  }

  @Test
  void write_headerMetadataFromTheSource() throws IOException {
    RandomTrace trace = new RandomTrace(3, 50);
    byte[] first = write(trace);
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    try (SimbinEventSource src = read(first);
        SimbinEventWriter w = new SimbinEventWriter(copy, src)) {
      EventCursor c = new EventCursor();
      while (src.next(c)) {
        w.write(c);
      }
    }
    assertArrayEquals(first, copy.toByteArray(), "a copy through a source's tables is identical");
  }

  @Test
  void write_rejectsWhatTheFormatCannotHold() throws IOException {
    SymbolTable symbols = new SymbolTable();
    TaskTable tasks = new TaskTable();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SimbinEventWriter w = new SimbinEventWriter(out, symbols, tasks, new StackTable());
    EventCursor c = new EventCursor();
    assertThrows(IllegalArgumentException.class, () -> w.write(c), "no op");
    c.op = Op.LOAD;
    c.task = 0;
    assertThrows(IllegalArgumentException.class, () -> w.write(c), "task not in the table");
    tasks.intern("t");
    c.stack = 0;
    assertThrows(IllegalArgumentException.class, () -> w.write(c), "stack not in the table");
    c.stack = EventCursor.NONE;
    c.task = EventCursor.NONE;
    c.ip = symbols.intern("x".repeat(Simbin.MAX_STRING + 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.write(c));
    assertTrue(e.getMessage().startsWith("string of 65537 bytes (at most 65536)"), e.getMessage());
    c.ip = EventCursor.NONE;
    c.keyIsName = true;
    c.key = 5;
    assertThrows(IllegalArgumentException.class, () -> w.write(c), "key names no symbol");
    c.key = -1;
    assertThrows(IllegalArgumentException.class, () -> w.write(c), "key names no symbol");
    c.op = Op.HEADER;
    c.keyIsName = false;
    w.writeHeader(c, Map.of("k", "v"));
    assertThrows(IllegalArgumentException.class,
        () -> w.writeHeader(c, Map.of("k", "v".repeat(Simbin.MAX_STRING + 1))));
    w.close();
    w.close();
    assertThrows(IOException.class, () -> w.write(c));
    try (SimbinEventSource src = read(out.toByteArray())) {
      assertTrue(src.next(c));
      assertEquals(Op.HEADER, c.op);
      assertEquals(Map.of("k", "v"), src.header());
      assertFalse(src.next(c), "nothing of the rejected events was written");
      assertEquals(0, src.tasks().size());
      assertEquals(0, src.symbols().size());
    }
  }

  @Test
  void write_symbolsUpToTheOneUsedAreDefined() throws IOException {
    SymbolTable symbols = new SymbolTable();
    symbols.intern("a");
    symbols.intern("b");
    symbols.intern("c");
    EventCursor c = new EventCursor();
    c.op = Op.FENCE;
    c.fence = dev.slabrace.trace.FenceKind.MB;
    c.ip = 2;
    try (SimbinEventSource src = read(write(symbols, new TaskTable(), new StackTable(), List.of(c)))) {
      assertTrue(src.next(c));
      assertEquals(3, src.symbols().size());
      assertEquals("c", src.symbols().name(c.ip));
    }
  }

  @Test
  void roundTrip_stdTraceThroughSimbin() throws IOException {
    ByteArrayOutputStream std = new ByteArrayOutputStream();
    new StdGenerator(20_000, 6, 2_000, 8, 0.05, 17).write(std);
    ByteArrayOutputStream bin = new ByteArrayOutputStream();
    try (StdEventSource src = std(std.toByteArray());
        SimbinEventWriter w = new SimbinEventWriter(bin, src)) {
      EventCursor c = new EventCursor();
      while (src.next(c)) {
        w.write(c);
      }
    }
    try (StdEventSource expected = std(std.toByteArray());
        SimbinEventSource actual = read(bin.toByteArray())) {
      EventCursor e = new EventCursor();
      EventCursor a = new EventCursor();
      int n = 0;
      while (expected.next(e)) {
        assertTrue(actual.next(a));
        assertSameEvent(e, a, "event " + n++);
        assertEquals(expected.tasks().name(e.task), actual.tasks().name(a.task));
        assertEquals(expected.symbols().name(e.ip), actual.symbols().name(a.ip));
      }
      assertFalse(actual.next(a));
      assertEquals(20_000, n);
    }
    assertTrue(bin.size() < std.size() / 2, bin.size() + " bytes of simbin, " + std.size() + " of STD");
  }

  private static StdEventSource std(byte[] bytes) {
    return new StdEventSource(new ByteArrayInputStream(bytes), "g.std", false);
  }

  static byte[] write(RandomTrace trace) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (SimbinEventWriter w = new SimbinEventWriter(out, trace.symbols, trace.tasks, trace.stacks)) {
      for (EventCursor e : trace.events) {
        if (e.op == Op.HEADER) {
          w.writeHeader(e, trace.header);
        } else {
          w.write(e);
        }
      }
      assertEquals(trace.events.size(), w.events());
    }
    return out.toByteArray();
  }

  static byte[] write(SymbolTable symbols, TaskTable tasks, StackTable stacks, List<EventCursor> events)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (SimbinEventWriter w = new SimbinEventWriter(out, symbols, tasks, stacks)) {
      for (EventCursor e : events) {
        w.write(e);
      }
    }
    return out.toByteArray();
  }

  static SimbinEventSource read(byte[] file) {
    return new SimbinEventSource(new ByteArrayInputStream(file), "t.simbin", false);
  }

  private static String crcOf(byte[] file) {
    return HexFormat.of().formatHex(file, file.length - 4, file.length);
  }

  /** Hex of {@code b} with a space before each of the offsets {@code cuts}. */
  private static String spaced(byte[] b, int... cuts) {
    StringBuilder sb = new StringBuilder();
    int from = 0;
    for (int cut : cuts) {
      sb.append(HexFormat.of().formatHex(b, from, cut)).append(' ');
      from = cut;
    }
    return sb.append(HexFormat.of().formatHex(b, from, b.length)).toString();
  }
}
