package dev.slabrace.trace.jsonl;

import static dev.slabrace.trace.jsonl.TraceText.readAll;
import static dev.slabrace.trace.jsonl.TraceText.render;
import static dev.slabrace.trace.jsonl.TraceText.source;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.slabrace.trace.EventCursor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

final class JsonlEventWriterTest {
  /** A trace with every op and every optional field, in no canonical form. */
  private static final String EVERYTHING = String.join("\n",
      "# written by hand",
      "{\"op\":\"header\",\"format\":\"slabrace-jsonl\",\"version\":1,\"cpus\":4,\"smp\":true,"
          + "\"source\":\"kunit\",\"nested\":{\"a\":[1,2]},\"neg\":\"-0\",\"big\":12345678901234567890}",
      "{\"op\":\"stack\",\"sid\":\"s\",\"frames\":[\"kfree+0x5a/0x160\",\"do_it+0x1/0x2\"]}",
      "{\"op\":\"region\",\"addr\":\"0xffffea0004028c08\",\"size\":4,\"name\":\"slab->stride\","
          + "\"class\":\"slab-meta\"}",
      "{\"op\":\"region\",\"addr\":4096,\"size\":1099511627776,\"name\":\"all\"}",
      "{\"op\":\"cache\",\"name\":\"sighand_cache\",\"flags\":[\"hwcache_align\","
          + "\"typesafe_by_rcu\"],\"tid\":5}",
      "{\"op\":\"cache\",\"flags\":\"panic\",\"name\":\"kmalloc-256\"}",
      "",
      "{\"tid\":1,\"op\":\"alloc\",\"ptr\":18446744073709551360,\"size\":256,\"cache\":\"kmalloc-256\","
          + "\"cpu\":0,\"ts\":1000,\"ip\":\"kmalloc+0x10/0x20\",\"stack\":[\"a\",\"b\"]}",
      "{\"op\":\"store\",\"tid\":\"1\",\"addr\":\"0xFFFFFFFFFFFFFF00\",\"size\":8,\"val\":\"0x0\","
          + "\"mo\":\"release\",\"sid\":\"s\"}",
      "{\"op\":\"store\",\"tid\":1,\"addr\":\"0xffffffffffffff08\",\"size\":8,\"dep\":5,\"ctrl\":4,"
          + "\"data\":3}",
      "{\"op\":\"load\",\"tid\":\"kworker/0:1\",\"addr\":\"0xffffffffffffff00\",\"size\":8,"
          + "\"val\":18446744073709551615,\"mo\":\"acquire\",\"rf\":5,\"dep\":5,\"ctrl\":5}",
      "{\"op\":\"load\",\"tid\":-3,\"addr\":0,\"size\":1,\"mo\":\"plain\"}",
      "{\"op\":\"load\",\"tid\":\"007\",\"addr\":0,\"size\":1}",
      "{\"op\":\"load\",\"tid\":99999999999999999999,\"addr\":0,\"size\":1}",
      "{\"op\":\"rmw\",\"tid\":2,\"addr\":16,\"size\":4,\"old\":1,\"new\":2}",
      "{\"op\":\"rmw\",\"tid\":2,\"addr\":16,\"size\":4,\"old\":1,\"mo\":\"once\",\"ok\":false,"
          + "\"rf\":11,\"dep\":3,\"ctrl\":3}",
      "{\"op\":\"rmw\",\"tid\":2,\"addr\":16,\"size\":4,\"mo\":\"full\",\"ok\":true}",
      "{\"op\":\"fence\",\"tid\":2,\"kind\":\"before_atomic\"}",
      "{\"op\":\"lock\",\"tid\":2,\"lock\":\"slab_mutex\"}",
      "{\"op\":\"unlock\",\"tid\":2,\"lock\":\"slab_mutex\",\"mode\":\"excl\"}",
      "{\"op\":\"lock\",\"tid\":2,\"lock\":4096,\"mode\":\"shared\"}",
      "{\"op\":\"unlock\",\"tid\":2,\"lock\":\"0x1000\",\"mode\":\"shared\"}",
      "{\"op\":\"fork\",\"tid\":1,\"child\":\"kworker/0:1\"}",
      "{\"op\":\"join\",\"tid\":1,\"child\":2}",
      "{\"op\":\"signal\",\"tid\":1,\"obj\":\"done\"}",
      "{\"op\":\"wait\",\"tid\":2,\"obj\":\"0xabc\"}",
      "{\"op\":\"rcu_read_lock\",\"tid\":2}",
      "{\"op\":\"rcu_read_unlock\",\"tid\":2}",
      "{\"op\":\"gp_begin\",\"tid\":1}",
      "{\"op\":\"gp_end\",\"tid\":1}",
      "{\"op\":\"synchronize_rcu\",\"tid\":1}",
      "{\"op\":\"call_rcu\",\"tid\":1,\"cb\":\"free_rcu\"}",
      "{\"op\":\"cb_begin\",\"tid\":3,\"cb\":\"free_rcu\"}",
      "{\"op\":\"cb_end\",\"tid\":3,\"cb\":\"free_rcu\"}",
      "{\"op\":\"call_rcu\",\"tid\":1,\"cb\":7}",
      "{\"op\":\"rcu_barrier\",\"tid\":1}",
      "{\"id\":1000,\"op\":\"free\",\"tid\":1,\"ptr\":\"0xffffffffffffff00\",\"cache\":\"kmalloc-256\","
          + "\"sid\":\"s\"}",
      "{\"op\":\"free\",\"tid\":1,\"ptr\":\"0xffffffffffffff00\",\"size\":256,\"id\":1001}");

  @Test
  void write_roundTripKeepsEveryEvent() throws IOException {
    JsonlEventSource original = source(EVERYTHING);
    List<EventCursor> events = readAll(original);
    String written = write(original, events);
    JsonlEventSource reread = source(written);
    List<EventCursor> again = readAll(reread);
    assertEquals(events.size(), again.size());
    for (int i = 0; i < events.size(); i++) {
      assertEquals(render(events.get(i), original), render(again.get(i), reread));
    }
    assertEquals(original.header(), reread.header());
    assertEquals(original.tasks().size(), reread.tasks().size());
  }

  @Test
  void write_isCanonical() throws IOException {
    JsonlEventSource first = source(EVERYTHING);
    String once = write(first, readAll(first));
    JsonlEventSource second = source(once);
    assertEquals(once, write(second, readAll(second)));
  }

  @Test
  void write_canonicalForm() throws IOException {
    JsonlEventSource s = source("{\"op\":\"stack\",\"sid\":\"x\",\"frames\":[\"f\"]}\n"
        + "{\"tid\":\"7\",\"op\":\"load\",\"addr\":18446744073709551615,\"size\":1,\"sid\":\"x\","
        + "\"mo\":\"plain\",\"ts\":5}\n"
        + "{\"op\":\"rmw\",\"tid\":\"k\",\"addr\":255,\"size\":4,\"new\":10,\"stack\":[\"g\"]}\n"
        + "{\"op\":\"lock\",\"tid\":7,\"lock\":\"m\",\"mode\":\"shared\"}\n"
        + "{\"op\":\"free\",\"tid\":7,\"ptr\":4096}");
    String expected = "{\"id\":0,\"op\":\"stack\",\"sid\":0,\"frames\":[\"f\"]}\n"
        + "{\"id\":1,\"op\":\"load\",\"tid\":7,\"ts\":5,\"sid\":0,\"addr\":\"0xffffffffffffffff\","
        + "\"size\":1}\n"
        + "{\"id\":2,\"op\":\"rmw\",\"tid\":\"k\",\"stack\":[\"g\"],\"addr\":\"0xff\",\"size\":4,"
        + "\"new\":\"0xa\"}\n"
        + "{\"id\":3,\"op\":\"lock\",\"tid\":7,\"lock\":\"m\",\"mode\":\"shared\"}\n"
        + "{\"id\":4,\"op\":\"free\",\"tid\":7,\"ptr\":\"0x1000\"}\n";
    assertEquals(expected, write(s, readAll(s)));
  }

  @Test
  void write_headerValuesReadBackAsThemselves() throws IOException {
    JsonlEventSource s = source("{\"op\":\"header\",\"version\":1,\"cpus\":\"4\",\"smp\":true,"
        + "\"pi\":3.14,\"tag\":\"x\"}");
    String out = write(s, readAll(s));
    assertEquals("{\"id\":0,\"op\":\"header\",\"version\":1,\"cpus\":4,\"smp\":true,\"pi\":\"3.14\","
        + "\"tag\":\"x\"}\n", out);
  }

  @Test
  void write_rejectsEmptyCursor() throws IOException {
    JsonlEventWriter w = new JsonlEventWriter(new ByteArrayOutputStream(), source(""));
    assertThrows(IllegalArgumentException.class, () -> w.write(new EventCursor()));
  }

  private static String write(JsonlEventSource tables, List<EventCursor> events)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonlEventWriter w = new JsonlEventWriter(bytes, tables)) {
      for (EventCursor e : events) {
        w.write(e);
      }
    }
    return bytes.toString(UTF_8);
  }
}
