package dev.slabrace.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.FenceKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.RegionClass;
import dev.slabrace.trace.StackTable;
import dev.slabrace.trace.SymbolTable;
import dev.slabrace.trace.TaskTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

final class JsonlOutTest {
  private final SymbolTable symbols = new SymbolTable();
  private final TaskTable tasks = new TaskTable();
  private final StackTable stacks = new StackTable();
  private final Map<String, String> header = new LinkedHashMap<>();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final JsonlOut out = new JsonlOut(bytes, symbols, tasks, stacks, header);
  private long id;

  private String write(Op op, Consumer<EventCursor> fields) throws IOException {
    EventCursor e = new EventCursor();
    e.id = id++;
    e.op = op;
    if (!op.isMetadata()) {
      e.task = tasks.intern("1001");
      e.cpu = 1;
    }
    fields.accept(e);
    bytes.reset();
    out.write(e);
    out.flush();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void header_numbersAndBooleansBare_restQuoted() throws IOException {
    header.put("format", "slabrace-jsonl");
    header.put("version", "1");
    header.put("seed", "0012");
    header.put("fixed", "true");
    assertEquals("{\"id\":0,\"op\":\"header\",\"format\":\"slabrace-jsonl\",\"version\":1,"
        + "\"seed\":\"0012\",\"fixed\":true}\n", write(Op.HEADER, e -> { }));
  }

  @Test
  void access_hexAddressesAndValues_defaultMarkingOmitted() throws IOException {
    assertEquals("{\"id\":0,\"op\":\"load\",\"tid\":1001,\"cpu\":1,\"ip\":\"f+0x1/0x10\","
        + "\"addr\":\"0xffffea0004100030\",\"size\":4,\"val\":\"0x10\"}\n", write(Op.LOAD, e -> {
          e.addr = 0xffffea0004100030L;
          e.size = 4;
          e.value = 16;
          e.hasValue = true;
          e.ip = symbols.intern("f+0x1/0x10");
        }));
    assertEquals("{\"id\":1,\"op\":\"rmw\",\"tid\":1001,\"cpu\":1,\"addr\":\"0x38\",\"size\":8,"
        + "\"old\":\"0x0\",\"new\":\"0xffff888104003000\"}\n", write(Op.RMW, e -> {
          e.addr = 0x38;
          e.size = 8;
          e.mo = MemOrder.FULL;
          e.oldValue = 0;
          e.hasOldValue = true;
          e.value = 0xffff888104003000L;
          e.hasValue = true;
        }));
    assertEquals("{\"id\":2,\"op\":\"store\",\"tid\":1001,\"cpu\":1,\"addr\":\"0x8\",\"size\":8,"
        + "\"mo\":\"release\",\"dep\":1}\n", write(Op.STORE, e -> {
          e.addr = 8;
          e.size = 8;
          e.mo = MemOrder.RELEASE;
          e.dep = 1;
        }));
  }

  @Test
  void stack_declaredOnce_thenReferencedBySid() throws IOException {
    int sid = stacks.intern(new int[] {symbols.intern("kfree+0xe2/0x3a0"),
        symbols.intern("tty_buffer_free+0x4c/0x90")});
    assertEquals("{\"id\":0,\"op\":\"fence\",\"tid\":1001,\"cpu\":1,"
        + "\"stack\":[\"kfree+0xe2/0x3a0\",\"tty_buffer_free+0x4c/0x90\"],\"kind\":\"rmb\"}\n",
        write(Op.FENCE, e -> {
          e.stack = sid;
          e.fence = FenceKind.RMB;
        }));
    assertEquals("{\"id\":1,\"op\":\"stack\",\"sid\":0,"
        + "\"frames\":[\"kfree+0xe2/0x3a0\",\"tty_buffer_free+0x4c/0x90\"]}\n",
        write(Op.STACK, e -> e.stack = sid));
    assertEquals("{\"id\":2,\"op\":\"free\",\"tid\":1001,\"cpu\":1,\"sid\":0,"
        + "\"ptr\":\"0xffff888104000000\",\"cache\":\"kmalloc-2k\"}\n", write(Op.FREE, e -> {
          e.stack = sid;
          e.addr = 0xffff888104000000L;
          e.cache = symbols.intern("kmalloc-2k");
        }));
  }

  @Test
  void keys_addressesInHex_namesQuoted_stringsEscaped() throws IOException {
    assertEquals("{\"id\":0,\"op\":\"lock\",\"tid\":1001,\"cpu\":1,\"lock\":\"0xffff88823fff9d40\"}\n",
        write(Op.LOCK, e -> e.key = 0xffff88823fff9d40L));
    assertEquals("{\"id\":1,\"op\":\"signal\",\"tid\":1001,\"cpu\":1,\"obj\":\"a \\\"b\\\"\\\\c\\n\"}\n",
        write(Op.SIGNAL, e -> {
          e.key = symbols.intern("a \"b\"\\c\n");
          e.keyIsName = true;
        }));
    assertEquals("{\"id\":2,\"op\":\"call_rcu\",\"tid\":1001,\"cpu\":1,\"cb\":\"0x10\"}\n",
        write(Op.CALL_RCU, e -> e.key = 0x10));
    assertEquals("{\"id\":3,\"op\":\"region\",\"addr\":\"0x30\",\"size\":4,\"name\":\"slab->stride\","
        + "\"class\":\"slab-meta\"}\n", write(Op.REGION, e -> {
          e.addr = 0x30;
          e.size = 4;
          e.name = symbols.intern("slab->stride");
          e.regionClass = RegionClass.SLAB_META;
        }));
  }

  @Test
  void task_nonNumericTidQuoted() throws IOException {
    assertEquals("{\"id\":0,\"op\":\"rcu_barrier\",\"tid\":\"rcuop/0\"}\n", write(Op.RCU_BARRIER, e -> {
      e.task = tasks.intern("rcuop/0");
      e.cpu = EventCursor.NONE;
    }));
  }
}
