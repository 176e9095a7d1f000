package dev.slabrace.trace.jsonl;

import static dev.slabrace.trace.jsonl.TraceText.one;
import static dev.slabrace.trace.jsonl.TraceText.readAll;
import static dev.slabrace.trace.jsonl.TraceText.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.FenceKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.RegionClass;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

final class JsonlEventSourceTest {

  @Test
  void next_load() throws IOException {
    JsonlEventSource s = source("{\"id\":10,\"op\":\"load\",\"tid\":1,\"cpu\":2,\"ts\":12345,"
        + "\"ip\":\"kfree+0x5a/0x160\",\"addr\":\"0xffff888100a3c028\",\"size\":8,\"val\":\"0x2a\","
        + "\"mo\":\"acquire\",\"dep\":3,\"ctrl\":4,\"rf\":5}");
    EventCursor c = readAll(s).get(0);
    assertEquals(Op.LOAD, c.op);
    assertEquals(10, c.id);
    assertEquals(1, c.position);
    assertEquals("1", s.tasks().name(c.task));
    assertEquals(2, c.cpu);
    assertEquals(12345, c.ts);
    assertEquals("kfree+0x5a/0x160", s.symbols().name(c.ip));
    assertEquals(0xffff888100a3c028L, c.addr);
    assertEquals(8, c.size);
    assertTrue(c.hasValue);
    assertEquals(0x2a, c.value);
    assertEquals(MemOrder.ACQUIRE, c.mo);
    assertEquals(3, c.dep);
    assertEquals(4, c.ctrl);
    assertEquals(5, c.rf);
    assertTrue(c.isRead());
    assertFalse(c.isWrite());
  }

  @Test
  void next_loadDefaults() throws IOException {
    EventCursor c = one("{\"op\":\"load\",\"tid\":1,\"addr\":16,\"size\":4}");
    assertEquals(16, c.addr);
    assertEquals(MemOrder.PLAIN, c.mo);
    assertFalse(c.hasValue);
    assertEquals(EventCursor.NONE, c.cpu);
    assertEquals(EventCursor.NO_REF, c.ts);
    assertEquals(EventCursor.NONE, c.ip);
    assertEquals(EventCursor.NONE, c.stack);
    assertEquals(EventCursor.NO_REF, c.dep);
    assertEquals(EventCursor.NO_REF, c.ctrl);
    assertEquals(EventCursor.NO_REF, c.rf);
  }

  @Test
  void next_store() throws IOException {
    EventCursor c = one("{\"op\":\"store\",\"tid\":2,\"addr\":\"0x1000\",\"size\":4096,"
        + "\"val\":7,\"mo\":\"data_race\"}");
    assertEquals(Op.STORE, c.op);
    assertEquals(0x1000, c.addr);
    assertEquals(4096, c.size);
    assertEquals(7, c.value);
    assertTrue(c.hasValue);
    assertEquals(MemOrder.DATA_RACE, c.mo);
    assertTrue(c.isWrite());
  }

  @Test
  void next_rmw() throws IOException {
    EventCursor c = one("{\"op\":\"rmw\",\"tid\":1,\"addr\":\"0x20\",\"size\":4,\"old\":\"0x1\","
        + "\"new\":\"0x2\",\"mo\":\"relaxed\",\"ok\":true}");
    assertEquals(Op.RMW, c.op);
    assertTrue(c.hasOldValue);
    assertEquals(1, c.oldValue);
    assertTrue(c.hasValue);
    assertEquals(2, c.value);
    assertEquals(MemOrder.RELAXED, c.mo);
    assertTrue(c.ok);
  }

  @Test
  void next_rmwDefaultsToFullAndOk() throws IOException {
    EventCursor c = one("{\"op\":\"rmw\",\"tid\":1,\"addr\":\"0x20\",\"size\":8}");
    assertEquals(MemOrder.FULL, c.mo);
    assertTrue(c.ok);
    assertFalse(c.hasValue);
    assertFalse(c.hasOldValue);
  }

  @Test
  void next_failedCmpxchgIsALoadOnly() throws IOException {
    EventCursor c = one("{\"op\":\"rmw\",\"tid\":1,\"addr\":\"0x20\",\"size\":8,\"ok\":false}");
    assertFalse(c.ok);
    assertTrue(c.isRead());
    assertFalse(c.isWrite());
  }

  @ParameterizedTest
  @EnumSource(FenceKind.class)
  void next_fence(FenceKind kind) throws IOException {
    EventCursor c = one("{\"op\":\"fence\",\"tid\":1,\"kind\":\"" + kind.wireName() + "\"}");
    assertEquals(Op.FENCE, c.op);
    assertEquals(kind, c.fence);
  }

  @ParameterizedTest
  @EnumSource(MemOrder.class)
  void next_everyMemOrder(MemOrder mo) throws IOException {
    EventCursor c = one("{\"op\":\"store\",\"tid\":1,\"addr\":1,\"size\":1,\"mo\":\""
        + mo.wireName() + "\"}");
    assertEquals(mo, c.mo);
  }

  @Test
  void next_lockByName() throws IOException {
    JsonlEventSource s = source("{\"op\":\"lock\",\"tid\":1,\"lock\":\"slab_mutex\"}\n"
        + "{\"op\":\"unlock\",\"tid\":1,\"lock\":\"slab_mutex\",\"mode\":\"excl\"}");
    List<EventCursor> events = readAll(s);
    assertEquals(Op.LOCK, events.get(0).op);
    assertEquals(Op.UNLOCK, events.get(1).op);
    for (EventCursor c : events) {
      assertTrue(c.keyIsName);
      assertEquals("slab_mutex", s.symbols().name((int) c.key));
      assertFalse(c.shared);
    }
  }

  @Test
  void next_lockByAddressHexOrNumber() throws IOException {
    List<EventCursor> events = readAll(source("{\"op\":\"lock\",\"tid\":1,\"lock\":\"0xFF10\","
        + "\"mode\":\"shared\"}\n{\"op\":\"unlock\",\"tid\":1,\"lock\":65296,\"mode\":\"shared\"}"));
    for (EventCursor c : events) {
      assertFalse(c.keyIsName);
      assertEquals(0xff10, c.key);
      assertTrue(c.shared);
    }
  }

  @Test
  void next_keyThatIsNotHexIsAName() throws IOException {
    JsonlEventSource s = source("{\"op\":\"signal\",\"tid\":1,\"obj\":\"0xzz\"}\n"
        + "{\"op\":\"wait\",\"tid\":2,\"obj\":\"1234\"}");
    List<EventCursor> events = readAll(s);
    assertEquals(Op.SIGNAL, events.get(0).op);
    assertEquals("0xzz", s.symbols().name((int) events.get(0).key));
    assertEquals(Op.WAIT, events.get(1).op);
    assertTrue(events.get(1).keyIsName);
    assertEquals("1234", s.symbols().name((int) events.get(1).key));
  }

  @Test
  void next_rcuCallbacks() throws IOException {
    JsonlEventSource s = source("{\"op\":\"call_rcu\",\"tid\":1,\"cb\":\"free_obj\"}\n"
        + "{\"op\":\"cb_begin\",\"tid\":9,\"cb\":\"free_obj\"}\n"
        + "{\"op\":\"cb_end\",\"tid\":9,\"cb\":\"free_obj\"}\n"
        + "{\"op\":\"call_rcu\",\"tid\":1,\"cb\":18446744073709551615}");
    List<EventCursor> events = readAll(s);
    assertEquals(List.of(Op.CALL_RCU, Op.CB_BEGIN, Op.CB_END, Op.CALL_RCU),
        events.stream().map(c -> c.op).toList());
    assertEquals(events.get(0).key, events.get(2).key);
    assertTrue(events.get(2).keyIsName);
    assertFalse(events.get(3).keyIsName);
    assertEquals(-1L, events.get(3).key);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rcu_read_lock", "rcu_read_unlock", "gp_begin", "gp_end",
      "synchronize_rcu", "rcu_barrier"})
  void next_opsWithoutFields(String op) throws IOException {
    EventCursor c = one("{\"op\":\"" + op + "\",\"tid\":3}");
    assertEquals(Op.fromWireName(op), c.op);
    assertEquals(0, c.task);
  }

  @Test
  void next_allocAndFree() throws IOException {
    JsonlEventSource s = source("{\"op\":\"alloc\",\"tid\":1,\"ptr\":\"0xffff888100a3c000\","
        + "\"size\":192,\"cache\":\"kmalloc-192\"}\n"
        + "{\"op\":\"free\",\"tid\":1,\"ptr\":\"0xffff888100a3c000\"}\n"
        + "{\"op\":\"free\",\"tid\":1,\"ptr\":\"0xffff888100a3c000\",\"size\":192,\"cache\":\"c\"}");
    List<EventCursor> events = readAll(s);
    EventCursor alloc = events.get(0);
    assertEquals(Op.ALLOC, alloc.op);
    assertEquals(0xffff888100a3c000L, alloc.addr);
    assertEquals(192, alloc.size);
    assertEquals("kmalloc-192", s.symbols().name(alloc.cache));
    EventCursor free = events.get(1);
    assertEquals(Op.FREE, free.op);
    assertEquals(0xffff888100a3c000L, free.addr);
    assertEquals(0, free.size);
    assertEquals(EventCursor.NONE, free.cache);
    assertEquals(192, events.get(2).size);
  }

  @Test
  void next_allocUpToOneTebibyte() throws IOException {
    assertEquals(1L << 40, one("{\"op\":\"alloc\",\"tid\":1,\"ptr\":0,\"size\":1099511627776}").size);
  }

  @Test
  void next_forkAndJoinTakeNumberOrStringTasks() throws IOException {
    JsonlEventSource s = source("{\"op\":\"fork\",\"tid\":1,\"child\":7}\n"
        + "{\"op\":\"store\",\"tid\":\"7\",\"addr\":1,\"size\":1}\n"
        + "{\"op\":\"fork\",\"tid\":1,\"child\":\"kworker/0:1\"}\n"
        + "{\"op\":\"join\",\"tid\":1,\"child\":\"7\"}");
    List<EventCursor> events = readAll(s);
    assertEquals(Op.FORK, events.get(0).op);
    assertEquals(events.get(0).child, events.get(1).task);
    assertEquals(events.get(0).child, events.get(3).child);
    assertEquals(Op.JOIN, events.get(3).op);
    assertEquals("kworker/0:1", s.tasks().name(events.get(2).child));
    assertEquals(3, s.tasks().size());
  }

  @Test
  void next_region() throws IOException {
    JsonlEventSource s = source("{\"op\":\"region\",\"addr\":\"0xffffea0004028c08\",\"size\":4,"
        + "\"name\":\"slab->stride\",\"class\":\"slab-meta\"}\n"
        + "{\"op\":\"region\",\"addr\":4096,\"size\":16,\"name\":\"x\"}");
    List<EventCursor> events = readAll(s);
    EventCursor c = events.get(0);
    assertEquals(Op.REGION, c.op);
    assertEquals(0xffffea0004028c08L, c.addr);
    assertEquals(4, c.size);
    assertEquals("slab->stride", s.symbols().name(c.name));
    assertEquals(RegionClass.SLAB_META, c.regionClass);
    assertEquals(EventCursor.NONE, c.task);
    assertNull(events.get(1).regionClass);
  }

  @ParameterizedTest
  @EnumSource(RegionClass.class)
  void next_everyRegionClass(RegionClass rc) throws IOException {
    EventCursor c = one("{\"op\":\"region\",\"addr\":0,\"size\":1,\"name\":\"r\",\"class\":\""
        + rc.wireName() + "\"}");
    assertEquals(rc, c.regionClass);
  }

  @Test
  void next_metadataEventsIgnoreTid() throws IOException {
    EventCursor c = one("{\"op\":\"region\",\"tid\":5,\"addr\":0,\"size\":1,\"name\":\"r\"}");
    assertEquals(EventCursor.NONE, c.task);
  }

  @Test
  void next_maxUnsignedHexAndDecimalAreMinusOne() throws IOException {
    assertEquals(-1L, one("{\"op\":\"load\",\"tid\":1,\"addr\":\"0xffffffffffffffff\",\"size\":1}").addr);
    assertEquals(-1L, one("{\"op\":\"load\",\"tid\":1,\"addr\":18446744073709551615,\"size\":1}").addr);
    assertEquals(-1L, one("{\"op\":\"store\",\"tid\":1,\"addr\":0,\"size\":1,"
        + "\"val\":\"0xFFFFFFFFFFFFFFFF\"}").value);
    assertEquals(Long.MIN_VALUE, one("{\"op\":\"store\",\"tid\":1,\"addr\":0,\"size\":1,"
        + "\"val\":9223372036854775808}").value);
  }

  @Test
  void next_hexIsCaseInsensitive() throws IOException {
    assertEquals(0xabcdefL, one("{\"op\":\"load\",\"tid\":1,\"addr\":\"0XaBcDeF\",\"size\":1}").addr);
    assertEquals(0, one("{\"op\":\"load\",\"tid\":1,\"addr\":\"0x0\",\"size\":1}").addr);
  }

  @Test
  void next_accessEndingAtTopOfAddressSpace() throws IOException {
    EventCursor c = one("{\"op\":\"load\",\"tid\":1,\"addr\":\"0xfffffffffffffff8\",\"size\":8}");
    assertEquals(-8L, c.addr);
  }

  @Test
  void next_implicitIdsCountEveryEvent() throws IOException {
    List<EventCursor> events = readAll(source(
        "{\"op\":\"header\",\"format\":\"slabrace-jsonl\",\"version\":1}\n"
            + "# a comment\n"
            + "\n"
            + "{\"op\":\"stack\",\"sid\":1,\"frames\":[\"f\"]}\n"
            + "   \t\n"
            + "  # indented comment\n"
            + "{\"op\":\"region\",\"addr\":0,\"size\":8,\"name\":\"r\"}\n"
            + "{\"op\":\"load\",\"tid\":1,\"addr\":0,\"size\":8}\r\n"
            + "{\"op\":\"store\",\"tid\":1,\"addr\":0,\"size\":8}"));
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L), events.stream().map(c -> c.id).toList());
    assertEquals(List.of(1L, 4L, 7L, 8L, 9L), events.stream().map(c -> c.position).toList());
    assertEquals(List.of(Op.HEADER, Op.STACK, Op.REGION, Op.LOAD, Op.STORE),
        events.stream().map(c -> c.op).toList());
  }

  @Test
  void next_explicitIds() throws IOException {
    List<EventCursor> events = readAll(source("{\"id\":100,\"op\":\"gp_begin\",\"tid\":1}\n"
        + "{\"op\":\"gp_end\",\"tid\":1,\"id\":205}\n"
        + "{\"id\":9223372036854775807,\"op\":\"gp_end\",\"tid\":1}"));
    assertEquals(List.of(100L, 205L, Long.MAX_VALUE), events.stream().map(c -> c.id).toList());
  }

  @Test
  void next_implicitIdsMayFollowSmallerExplicitOnes() throws IOException {
    List<EventCursor> events = readAll(source("{\"op\":\"gp_begin\",\"tid\":1}\n"
        + "{\"id\":1,\"op\":\"gp_end\",\"tid\":1}\n"
        + "{\"op\":\"gp_begin\",\"tid\":1}"));
    assertEquals(List.of(0L, 1L, 2L), events.stream().map(c -> c.id).toList());
  }

  @Test
  void next_depCtrlRfNameEarlierEvents() throws IOException {
    List<EventCursor> events = readAll(source("{\"op\":\"store\",\"tid\":1,\"addr\":8,\"size\":8}\n"
        + "{\"op\":\"load\",\"tid\":2,\"addr\":8,\"size\":8,\"rf\":0}\n"
        + "{\"op\":\"load\",\"tid\":2,\"addr\":16,\"size\":8,\"dep\":1,\"ctrl\":1}"));
    assertEquals(0, events.get(1).rf);
    assertEquals(1, events.get(2).dep);
    assertEquals(1, events.get(2).ctrl);
  }

  @Test
  void next_header() throws IOException {
    JsonlEventSource s = source("{\"op\":\"header\",\"format\":\"slabrace-jsonl\",\"version\":1,"
        + "\"source\":\"kunit\",\"cpus\":4,\"smp\":true,\"nothing\":null,"
        + "\"extra\":{\"a\":[1, \"x\"]}}\n{\"op\":\"gp_begin\",\"tid\":1}");
    EventCursor c = new EventCursor();
    assertTrue(s.header().isEmpty());
    assertTrue(s.next(c));
    assertEquals(Op.HEADER, c.op);
    assertEquals(0, c.id);
    assertEquals(EventCursor.NONE, c.task);
    Map<String, String> expected = new java.util.LinkedHashMap<>();
    expected.put("format", "slabrace-jsonl");
    expected.put("version", "1");
    expected.put("source", "kunit");
    expected.put("cpus", "4");
    expected.put("smp", "true");
    expected.put("nothing", "null");
    expected.put("extra", "{\"a\":[1,\"x\"]}");
    assertEquals(expected, s.header());
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(s.header().keySet()));
    assertTrue(s.next(c));
    assertEquals(1, c.id);
  }

  @Test
  void next_headerWithoutFormatOrVersion() throws IOException {
    JsonlEventSource s = source("{\"source\":\"hand\",\"op\":\"header\",\"id\":3}");
    EventCursor c = readAll(s).get(0);
    assertEquals(3, c.id);
    assertEquals(Map.of("source", "hand"), s.header());
  }

  @Test
  void next_stacksBySidAndInline() throws IOException {
    JsonlEventSource s = source("{\"op\":\"stack\",\"sid\":3,\"frames\":[\"kfree+0x5a/0x160\","
        + "\"slab_free+0x10/0x20\"]}\n"
        + "{\"op\":\"stack\",\"sid\":\"alloc-path\",\"frames\":[\"kmalloc+0x1/0x2\"]}\n"
        + "{\"op\":\"free\",\"tid\":1,\"ptr\":16,\"sid\":3}\n"
        + "{\"op\":\"free\",\"tid\":1,\"ptr\":16,\"sid\":\"3\"}\n"
        + "{\"op\":\"free\",\"tid\":1,\"ptr\":16,\"stack\":[\"kfree+0x5a/0x160\","
        + "\"slab_free+0x10/0x20\"]}\n"
        + "{\"op\":\"alloc\",\"tid\":1,\"ptr\":16,\"size\":8,\"sid\":\"alloc-path\"}\n"
        + "{\"op\":\"alloc\",\"tid\":1,\"ptr\":16,\"size\":8,\"stack\":[]}");
    List<EventCursor> events = readAll(s);
    EventCursor declared = events.get(0);
    assertEquals(Op.STACK, declared.op);
    assertEquals(List.of("kfree+0x5a/0x160", "slab_free+0x10/0x20"), frames(s, declared.stack));
    assertEquals(declared.stack, events.get(2).stack);
    assertEquals(declared.stack, events.get(3).stack);
    assertEquals(declared.stack, events.get(4).stack);
    assertEquals(events.get(1).stack, events.get(5).stack);
    assertEquals(List.of("kmalloc+0x1/0x2"), frames(s, events.get(5).stack));
    assertEquals(List.of(), frames(s, events.get(6).stack));
  }

  @Test
  void next_stackMayBeDeclaredAgainWithTheSameFrames() throws IOException {
    List<EventCursor> events = readAll(source("{\"op\":\"stack\",\"sid\":1,\"frames\":[\"f\"]}\n"
        + "{\"op\":\"stack\",\"sid\":1,\"frames\":[\"f\"]}"));
    assertEquals(events.get(0).stack, events.get(1).stack);
  }

  @Test
  void next_opNeedNotComeFirst() throws IOException {
    EventCursor c = one("{\"tid\":1,\"x\":[1,{\"y\":2}],\"addr\":\"0x10\",\"size\":4,\"op\":\"load\","
        + "\"val\":5}");
    assertEquals(Op.LOAD, c.op);
    assertEquals(0x10, c.addr);
    assertEquals(4, c.size);
    assertEquals(5, c.value);
  }

  @Test
  void next_unknownFieldsAndFieldsTheOpDoesNotTakeAreIgnored() throws IOException {
    EventCursor c = one("{\"op\":\"fence\",\"tid\":1,\"kind\":\"mb\",\"size\":\"big\",\"addr\":-1,"
        + "\"future\":{\"a\":[true,null,1.5e3,\"s\"]},\"val\":{}}");
    assertEquals(Op.FENCE, c.op);
    assertEquals(0, c.size);
    assertEquals(0, c.addr);
    assertFalse(c.hasValue);
  }

  @Test
  void next_blankAndCommentLinesOnly() throws IOException {
    JsonlEventSource s = source("\n# nothing here\n   \n\t# still nothing\n\r\n");
    assertFalse(s.next(new EventCursor()));
    assertEquals(0, s.skipped());
  }

  @Test
  void next_emptyInput() throws IOException {
    JsonlEventSource s = source("");
    assertFalse(s.next(new EventCursor()));
    assertFalse(s.next(new EventCursor()));
    assertTrue(s.header().isEmpty());
    assertEquals(TraceText.FILE, s.name());
  }

  @Test
  void next_reusesTheCursorWithoutLeftovers() throws IOException {
    JsonlEventSource s = source("{\"op\":\"store\",\"tid\":1,\"addr\":1,\"size\":1,\"val\":3,"
        + "\"mo\":\"once\",\"cpu\":1}\n{\"op\":\"load\",\"tid\":1,\"addr\":1,\"size\":1}");
    EventCursor c = new EventCursor();
    assertTrue(s.next(c));
    assertTrue(s.next(c));
    assertFalse(c.hasValue);
    assertEquals(MemOrder.PLAIN, c.mo);
    assertEquals(EventCursor.NONE, c.cpu);
  }

  @Test
  void next_utf8Names() throws IOException {
    JsonlEventSource s = source("{\"op\":\"region\",\"addr\":0,\"size\":1,\"name\":\"r\u00e9gion\u2192\"}");
    assertEquals("r\u00e9gion\u2192", s.symbols().name(readAll(s).get(0).name));
  }

  @Test
  void next_twoMillionLinesStreamedFromAGenerator() throws IOException {
    int lines = 2_000_000;
    JsonlEventSource s = new JsonlEventSource(new GeneratedTrace(lines), "gen.jsonl", false);
    EventCursor c = new EventCursor();
    long count = 0;
    long addrSum = 0;
    long expectedSum = 0;
    while (s.next(c)) {
      assertEquals(count, c.id);
      assertEquals(GeneratedTrace.OPS[(int) (count % GeneratedTrace.OPS.length)], c.op);
      addrSum += c.addr;
      expectedSum += GeneratedTrace.addr(count);
      count++;
    }
    assertEquals(lines, count);
    assertEquals(expectedSum, addrSum);
    assertEquals(GeneratedTrace.TASKS, s.tasks().size());
    assertEquals(2, s.symbols().size()); // one ip and one lock name: tables do not grow with length
    assertEquals(1, s.stacks().size());
  }

  /** A trace produced line by line as it is read: nothing of it is ever held in memory whole. */
  private static final class GeneratedTrace extends java.io.InputStream {
    static final Op[] OPS = {Op.LOCK, Op.STORE, Op.LOAD, Op.UNLOCK};
    static final int TASKS = 8;
    private final long lines;
    private long line;
    private byte[] current = new byte[0];
    private int pos;

    GeneratedTrace(long lines) {
      this.lines = lines;
    }

    static long addr(long i) {
      int op = (int) (i % OPS.length);
      return op == 1 || op == 2 ? 0xffff888100000000L + (i % 4096) * 8 : 0;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos == current.length) {
        if (line == lines) {
          return -1;
        }
        current = text(line++).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        pos = 0;
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }

    private static String text(long i) {
      long tid = i / OPS.length % TASKS;
      return switch ((int) (i % OPS.length)) {
        case 0 -> "{\"op\":\"lock\",\"tid\":" + tid + ",\"lock\":\"big_lock\"}\n";
        case 1 -> "{\"op\":\"store\",\"tid\":" + tid + ",\"addr\":\"0x"
            + Long.toHexString(addr(i)) + "\",\"size\":8,\"val\":" + i
            + ",\"ip\":\"f+0x1/0x2\",\"stack\":[\"f+0x1/0x2\"]}\n";
        case 2 -> "{\"op\":\"load\",\"tid\":\"" + tid + "\",\"addr\":" + Long.toUnsignedString(addr(i))
            + ",\"size\":8,\"mo\":\"once\"}\n";
        default -> "{\"op\":\"unlock\",\"tid\":" + tid + ",\"lock\":\"big_lock\"}\n";
      };
    }
  }

  private static List<String> frames(JsonlEventSource s, int stack) {
    return Arrays.stream(s.stacks().frames(stack)).mapToObj(f -> s.symbols().name(f)).toList();
  }
}
