package dev.slabrace.trace.simbin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.FenceKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.RegionClass;
import dev.slabrace.trace.StackTable;
import dev.slabrace.trace.SymbolTable;
import dev.slabrace.trace.TaskTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded random event sequence over every op and every field, with tables that grow while it is
 * generated, and the field-by-field comparison that a lossless round trip must pass.
 */
final class RandomTrace {
  /** Values that break naive encodings. */
  static final long[] EDGE_VALUES = {0, 1, -1, 0xffffffffffffffffL, Long.MIN_VALUE, Long.MAX_VALUE,
      0x7f, 0x80, 0x3fff, 0x4000, 0xffff888100a3c028L, Integer.MIN_VALUE, 1L << 63 >>> 1};

  final SymbolTable symbols = new SymbolTable();
  final TaskTable tasks = new TaskTable();
  final StackTable stacks = new StackTable();
  final List<EventCursor> events = new ArrayList<>();
  final Map<String, String> header = Map.of("format", "slabrace-simbin", "source", "simulator \u00e9",
      "", "empty key");
  private final SplittableRandom rnd;
  private long nextId;

  /** Generates {@code count} events from {@code seed}, the first a header. */
  RandomTrace(long seed, int count) {
    rnd = new SplittableRandom(seed);
    symbols.intern("");
    for (int i = 0; i < count; i++) {
      events.add(event(i == 0 ? Op.HEADER : Op.values()[rnd.nextInt(Op.values().length)]));
    }
  }

  private EventCursor event(Op op) {
    EventCursor c = new EventCursor();
    c.op = op;
    c.id = rnd.nextInt(20) == 0 ? value() : nextId;
    nextId = c.id + 1;
    c.task = rnd.nextInt(6) == 0 ? EventCursor.NONE : task();
    if (rnd.nextInt(3) == 0) {
      c.cpu = rnd.nextInt(10) == 0 ? rnd.nextInt() : rnd.nextInt(-1, 8);
    }
    if (rnd.nextInt(3) == 0) {
      c.ts = rnd.nextInt(10) == 0 ? value() : 1_000_000 + rnd.nextInt(1 << 20);
    }
    c.ip = rnd.nextInt(4) == 0 ? EventCursor.NONE : symbol();
    c.stack = rnd.nextInt(3) == 0 ? stack() : EventCursor.NONE;
    c.addr = rnd.nextInt(4) == 0 ? 0
        : rnd.nextInt(3) == 0 ? value() : 0xffff888100000000L + rnd.nextInt(1 << 16);
    c.size = rnd.nextInt(10) == 0 ? value() : rnd.nextInt(3) == 0 ? 8 : rnd.nextInt(4097);
    c.hasValue = rnd.nextBoolean();
    c.value = c.hasValue ? value() : 0;
    c.hasOldValue = rnd.nextInt(4) == 0;
    c.oldValue = c.hasOldValue ? value() : 0;
    c.mo = MemOrder.values()[rnd.nextInt(MemOrder.values().length)];
    c.ok = rnd.nextInt(5) != 0;
    c.dep = rnd.nextInt(5) == 0 ? c.id - rnd.nextInt(1, 50)
        : rnd.nextInt(50) == 0 ? value() : EventCursor.NO_REF;
    c.ctrl = rnd.nextInt(6) == 0 ? c.id - rnd.nextInt(1, 50) : EventCursor.NO_REF;
    c.rf = rnd.nextInt(6) == 0 ? value() : EventCursor.NO_REF;
    c.data = rnd.nextInt(6) == 0 ? c.id - rnd.nextInt(1, 50) : EventCursor.NO_REF;
    c.cacheFlags = rnd.nextInt(5) == 0 ? EventCursor.TYPESAFE_BY_RCU : 0;
    c.fence = rnd.nextInt(4) == 0 ? FenceKind.values()[rnd.nextInt(FenceKind.values().length)] : null;
    c.keyIsName = rnd.nextInt(3) == 0;
    c.key = c.keyIsName ? symbol() : rnd.nextBoolean() ? value() : 0;
    c.shared = rnd.nextInt(4) == 0;
    c.cache = rnd.nextInt(4) == 0 ? symbol() : EventCursor.NONE;
    c.child = rnd.nextInt(4) == 0 ? task() : EventCursor.NONE;
    c.name = rnd.nextInt(4) == 0 ? symbol() : EventCursor.NONE;
    c.regionClass = rnd.nextInt(4) == 0
        ? RegionClass.values()[rnd.nextInt(RegionClass.values().length)] : null;
    return c;
  }

  private long value() {
    return rnd.nextBoolean() ? EDGE_VALUES[rnd.nextInt(EDGE_VALUES.length)] : rnd.nextLong();
  }

  /** An existing task, or now and then a new one. */
  private int task() {
    if (tasks.size() == 0 || rnd.nextInt(20) == 0) {
      int k = tasks.size();
      return tasks.intern(rnd.nextBoolean() ? Integer.toString(k) : "kworker/" + k);
    }
    return rnd.nextInt(tasks.size());
  }

  /** An existing symbol, or now and then a new one, some long or not ASCII. */
  private int symbol() {
    if (rnd.nextInt(10) == 0) {
      int k = symbols.size();
      String name = switch (rnd.nextInt(4)) {
        case 0 -> "func" + k + "+0x" + Integer.toHexString(rnd.nextInt(1 << 12)) + "/0x160";
        case 1 -> "mm/slub.c:" + k;
        case 2 -> "\u00fcber_" + k + "_\u6f22\u5b57_\ud83d\ude00";
        default -> "long_" + k + "_" + "x".repeat(rnd.nextInt(300));
      };
      return symbols.intern(name);
    }
    return rnd.nextInt(symbols.size());
  }

  /** An existing stack, or now and then a new one of 1..20 frames. */
  private int stack() {
    if (stacks.size() == 0 || rnd.nextInt(8) == 0) {
      int[] frames = new int[rnd.nextInt(1, 21)];
      for (int i = 0; i < frames.length; i++) {
        frames[i] = symbol();
      }
      return stacks.intern(frames);
    }
    return rnd.nextInt(stacks.size());
  }

  /** Asserts that {@code actual} has every field of {@code expected} but the position. */
  static void assertSameEvent(EventCursor expected, EventCursor actual, String where) {
    assertEquals(expected.id, actual.id, () -> where + " id");
    assertEquals(expected.op, actual.op, () -> where + " op");
    assertEquals(expected.task, actual.task, () -> where + " task");
    assertEquals(expected.cpu, actual.cpu, () -> where + " cpu");
    assertEquals(expected.ts, actual.ts, () -> where + " ts");
    assertEquals(expected.ip, actual.ip, () -> where + " ip");
    assertEquals(expected.stack, actual.stack, () -> where + " stack");
    assertEquals(expected.addr, actual.addr, () -> where + " addr");
    assertEquals(expected.size, actual.size, () -> where + " size");
    assertEquals(expected.hasValue, actual.hasValue, () -> where + " hasValue");
    assertEquals(expected.value, actual.value, () -> where + " value");
    assertEquals(expected.hasOldValue, actual.hasOldValue, () -> where + " hasOldValue");
    assertEquals(expected.oldValue, actual.oldValue, () -> where + " oldValue");
    assertEquals(expected.mo, actual.mo, () -> where + " mo");
    assertEquals(expected.ok, actual.ok, () -> where + " ok");
    assertEquals(expected.dep, actual.dep, () -> where + " dep");
    assertEquals(expected.ctrl, actual.ctrl, () -> where + " ctrl");
    assertEquals(expected.rf, actual.rf, () -> where + " rf");
    assertEquals(expected.data, actual.data, () -> where + " data");
    assertEquals(expected.cacheFlags, actual.cacheFlags, () -> where + " cacheFlags");
    assertEquals(expected.fence, actual.fence, () -> where + " fence");
    assertEquals(expected.key, actual.key, () -> where + " key");
    assertEquals(expected.keyIsName, actual.keyIsName, () -> where + " keyIsName");
    assertEquals(expected.shared, actual.shared, () -> where + " shared");
    assertEquals(expected.cache, actual.cache, () -> where + " cache");
    assertEquals(expected.child, actual.child, () -> where + " child");
    assertEquals(expected.name, actual.name, () -> where + " name");
    assertEquals(expected.regionClass, actual.regionClass, () -> where + " regionClass");
  }

  /** Asserts that the tables {@code actual} read hold {@code expected}'s names under the same ids. */
  static void assertSameTables(RandomTrace expected, EventSource actual) {
    for (int i = 0; i < actual.symbols().size(); i++) {
      assertEquals(expected.symbols.name(i), actual.symbols().name(i), "symbol " + i);
    }
    for (int i = 0; i < actual.tasks().size(); i++) {
      assertEquals(expected.tasks.name(i), actual.tasks().name(i), "task " + i);
    }
    for (int i = 0; i < actual.stacks().size(); i++) {
      assertArrayEquals(expected.stacks.frames(i), actual.stacks().frames(i), "stack " + i);
    }
  }
}
