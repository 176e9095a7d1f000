package dev.slabrace.trace.jsonl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.FenceKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.SymbolTable;
import dev.slabrace.trace.TaskTable;
import dev.slabrace.trace.TraceFormatException;
import dev.slabrace.trace.io.LineReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The byte-level fast path against the jackson path it stands in for: on the sample traces, on random
 * event lines of every op in many spellings, and on those lines damaged at random, a reader with the
 * fast path must deliver the same events, skip the same lines, fail with the same message and leave the
 * same symbol, task and stack tables as a reader without it.
 */
final class ByteDecoderTest {
  private static final String PRELUDE = "{\"op\":\"stack\",\"sid\":1,\"frames\":[\"a+0x1/0x2\"]}\n"
      + "{\"op\":\"stack\",\"sid\":\"s2\",\"frames\":[\"b\",\"c\"]}\n";

  @Test
  void decode_sampleTracesAsJackson() throws IOException {
    Path samples = Path.of(System.getProperty("slabrace.root", "."), "sample-traces");
    List<Path> traces;
    try (Stream<Path> files = Files.list(samples)) {
      traces = files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
    }
    assertTrue(traces.size() > 5, "sample traces in " + samples);
    for (Path trace : traces) {
      String text = Files.readString(trace);
      assertEquals(read(text, false, false), read(text, false, true), trace.toString());
    }
  }

  @Test
  void decode_randomLinesAsJackson() throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    StringBuilder trace = new StringBuilder(PRELUDE);
    int fast = 0;
    for (int i = 0; i < 20_000; i++) {
      String line = line(random);
      fast += takesFastPath(line) ? 1 : 0;
      trace.append(line).append('\n');
      // each line alone, strictly: the same event or the same message
      String one = PRELUDE + line + "\n";
      assertEquals(read(one, false, false), read(one, false, true), line);
    }
    String text = trace.toString();
    assertEquals(read(text, true, false), read(text, true, true));
    assertTrue(fast > 5_000 && fast < 15_000, fast + " lines of 20000 took the fast path");
  }

  @Test
  void decode_damagedLinesAsJackson() throws IOException {
    SplittableRandom random = new SplittableRandom(11);
    StringBuilder trace = new StringBuilder(PRELUDE);
    int fast = 0;
    for (int i = 0; i < 20_000; i++) {
      String line = damage(line(random), random);
      fast += takesFastPath(line) ? 1 : 0;
      trace.append(line).append('\n');
      String one = PRELUDE + line + "\n";
      assertEquals(read(one, false, false), read(one, false, true), line);
    }
    String text = trace.toString();
    assertEquals(read(text, true, false), read(text, true, true));
    assertTrue(fast > 1_500, fast + " lines of 20000 took the fast path");
  }

  /** Whether the fast path alone decodes {@code line} (with no stack declared). */
  private static boolean takesFastPath(String line) {
    ByteDecoder fast = new ByteDecoder(new SymbolTable(), new TaskKeys(new TaskTable()), new StackIds());
    byte[] b = line.getBytes(UTF_8);
    return fast.decode(b, 0, b.length, new EventCursor());
  }

  /** Reads {@code text} and renders everything a reader leaves behind, or its error. */
  private static String read(String text, boolean lenient, boolean fastPath) throws IOException {
    LineReader lines = new LineReader(new ByteArrayInputStream(text.getBytes(UTF_8)), "t.jsonl",
        LineReader.MAX_LINE_LENGTH, lenient, false);
    StringBuilder out = new StringBuilder();
    try (JsonlEventSource source = new JsonlEventSource(lines, lenient, fastPath)) {
      EventCursor c = new EventCursor();
      try {
        while (source.next(c)) {
          out.append(raw(c)).append('\n');
        }
      } catch (TraceFormatException e) {
        out.append("error: ").append(e.getMessage()).append('\n');
      }
      out.append("skipped ").append(source.skipped()).append('\n');
      out.append("header ").append(source.header()).append('\n');
      for (int i = 0; i < source.symbols().size(); i++) {
        out.append("symbol ").append(i).append(' ').append(source.symbols().name(i)).append('\n');
      }
      for (int i = 0; i < source.tasks().size(); i++) {
        out.append("task ").append(i).append(' ').append(source.tasks().name(i)).append('\n');
      }
      for (int i = 0; i < source.stacks().size(); i++) {
        out.append("stack ").append(i).append(' ')
            .append(Arrays.toString(source.stacks().frames(i))).append('\n');
      }
    }
    return out.toString();
  }

  /** Every field of {@code c} as the reader set it: ids, not names. */
  private static String raw(EventCursor c) {
    return "id=" + c.id + " pos=" + c.position + " op=" + c.op + " task=" + c.task + " cpu=" + c.cpu
        + " ts=" + c.ts + " ip=" + c.ip + " stack=" + c.stack + " addr=" + c.addr + " size=" + c.size
        + " value=" + c.hasValue + ":" + c.value + " old=" + c.hasOldValue + ":" + c.oldValue
        + " mo=" + c.mo + " ok=" + c.ok + " dep=" + c.dep + " data=" + c.data + " ctrl=" + c.ctrl + " rf=" + c.rf
        + " fence=" + c.fence + " key=" + c.keyIsName + ":" + c.key + " shared=" + c.shared
        + " cache=" + c.cache + " child=" + c.child + " name=" + c.name + " class=" + c.regionClass
        + " flags=" + c.cacheFlags;
  }

  private static final String[] TASKS = {"1", "2", "17", "-3", "0", "007", "\"7\"", "\"kworker/0:1\"",
      "\"\"", "\"T1\"", "1.0", "null", "\"caf\\u00e9\"", "12345678901234567890", "true"};
  private static final String[] U64S = {"\"0xffff888100a3c028\"", "\"0XFFFF8881\"", "\"0x0\"",
      "4096", "0", "18446744073709551615", "18446744073709551616", "\"0x\"", "\"1234\"", "-5",
      "\"0xffffffffffffffff\"", "\"0x1ffffffffffffffff\"", "1e3", "\"0xg1\"", "123456789012345678",
      "1234567890123456789", "007", "\"0x10\"", "[1]"};
  private static final String[] SIZES = {"1", "8", "4096", "4097", "0", "64", "1099511627776",
      "1099511627777", "-1", "\"8\"", "8.0", "16"};
  private static final String[] NUMBERS = {"0", "1", "5", "9223372036854775807",
      "9223372036854775808", "-1", "2147483647", "2147483648", "\"3\"", "3.5", "03", "42"};
  private static final String[] STRINGS = {"\"foo+0x1c/0x80\"", "\"\"", "\"kmalloc-64\"",
      "\"a\\\"b\"", "\"\\u0041\"", "\"caf\u00e9\"", "\"tab\there\"", "5", "null", "\"x y\""};
  private static final String[] KEYS = {"\"0xffff888100a3c000\"", "4096", "\"4096\"", "\"my_lock\"",
      "\"\"", "-1", "\"0x\"", "\"L7\"", "true", "\"0xABC\""};
  private static final String[] SIDS = {"1", "\"1\"", "\"s2\"", "2", "9", "\"\"", "-1", "1.5"};
  private static final String[] UNKNOWN = {"\"note\":\"x\"", "\"n\":1", "\"obj\":{\"a\":[1,2]}",
      "\"arr\":[]", "\"z\":null", "\"q\":true", "\"\":0"};

  /** Returns a random event line, mostly valid, of any op, with fields in any order. */
  private static String line(SplittableRandom r) {
    Op[] ops = Op.values();
    Op op = ops[r.nextInt(ops.length)];
    if (op == Op.HEADER && r.nextInt(4) != 0) {
      op = Op.LOAD;
    }
    List<String> fields = new ArrayList<>();
    fields.add(q("op") + ":" + (r.nextInt(50) == 0 ? "\"bogus\"" : q(op.wireName())));
    if (!op.isMetadata() && r.nextInt(30) != 0) {
      fields.add(q("tid") + ":" + pick(r, TASKS, 4));
    }
    maybe(r, 3, fields, "cpu", pick(r, NUMBERS, 3));
    maybe(r, 4, fields, "ts", pick(r, NUMBERS, 6));
    maybe(r, 2, fields, "ip", pick(r, STRINGS, 2));
    maybe(r, 6, fields, "sid", pick(r, SIDS, 2));
    maybe(r, 20, fields, "id", pick(r, NUMBERS, 3));
    switch (op) {
      case LOAD, STORE, RMW -> {
        fields.add(q("addr") + ":" + pick(r, U64S, 3));
        fields.add(q("size") + ":" + pick(r, SIZES, 3));
        maybe(r, 2, fields, op == Op.RMW ? "new" : "val", pick(r, U64S, 4));
        maybe(r, 3, fields, "old", pick(r, U64S, 4));
        maybe(r, 2, fields, "mo", pickMo(r));
        maybe(r, 5, fields, "ok", r.nextBoolean() ? "true" : r.nextBoolean() ? "false" : "1");
        maybe(r, 8, fields, "dep", pick(r, NUMBERS, 2));
        maybe(r, 8, fields, "ctrl", pick(r, NUMBERS, 2));
        maybe(r, 8, fields, "data", pick(r, NUMBERS, 2));
        maybe(r, 8, fields, "rf", pick(r, NUMBERS, 2));
      }
      case FENCE -> fields.add(q("kind") + ":" + pickFence(r));
      case LOCK, UNLOCK -> {
        fields.add(q("lock") + ":" + pick(r, KEYS, 4));
        maybe(r, 3, fields, "mode", r.nextBoolean() ? "\"shared\"" : r.nextBoolean() ? "\"excl\"" : "\"x\"");
      }
      case ALLOC, FREE -> {
        fields.add(q("ptr") + ":" + pick(r, U64S, 3));
        maybe(r, op == Op.ALLOC ? 1 : 2, fields, "size", pick(r, SIZES, 3));
        maybe(r, 2, fields, "cache", pick(r, STRINGS, 3));
      }
      case FORK, JOIN -> fields.add(q("child") + ":" + pick(r, TASKS, 4));
      case SIGNAL, WAIT -> fields.add(q("obj") + ":" + pick(r, KEYS, 4));
      case CALL_RCU, CB_BEGIN, CB_END -> fields.add(q("cb") + ":" + pick(r, KEYS, 4));
      case REGION -> {
        fields.add(q("addr") + ":" + pick(r, U64S, 3));
        fields.add(q("size") + ":" + pick(r, SIZES, 3));
        fields.add(q("name") + ":" + pick(r, STRINGS, 3));
        maybe(r, 2, fields, "class", r.nextBoolean() ? "\"slab-meta\"" : "\"user\"");
      }
      case CACHE -> {
        fields.add(q("name") + ":" + pick(r, STRINGS, 3));
        maybe(r, 2, fields, "flags", r.nextBoolean() ? "[\"typesafe_by_rcu\",\"hwcache_align\"]"
            : r.nextBoolean() ? "\"typesafe_by_rcu\"" : r.nextBoolean() ? "[]" : "[1]");
      }
      case STACK -> {
        fields.add(q("sid") + ":" + (r.nextInt(3) + 3));
        fields.add(q("frames") + ":[\"f\",\"g+0x1\"]");
      }
      default -> { }
    }
    maybe(r, 10, fields, "stack", r.nextBoolean() ? "[\"x\",\"y\"]" : "\"x\"");
    if (r.nextInt(6) == 0) {
      fields.add(UNKNOWN[r.nextInt(UNKNOWN.length)]);
    }
    if (r.nextInt(25) == 0) {
      fields.add(fields.get(r.nextInt(fields.size()))); // a duplicate
    }
    if (r.nextInt(3) == 0) {
      java.util.Collections.shuffle(fields, new java.util.Random(r.nextLong()));
    } else if (r.nextInt(3) == 0 && fields.size() > 1) {
      fields.add(0, fields.remove(1)); // as the writer puts it: something before op
    }
    String sep = r.nextInt(8) == 0 ? ", " : ",";
    String colon = r.nextInt(10) == 0 ? " : " : "";
    StringBuilder b = new StringBuilder(r.nextInt(10) == 0 ? " {" : "{");
    for (int i = 0; i < fields.size(); i++) {
      b.append(i == 0 ? "" : sep).append(colon.isEmpty() ? fields.get(i)
          : fields.get(i).replaceFirst("\":", "\"" + colon));
    }
    return b.append(r.nextInt(10) == 0 ? "}\t" : "}").toString();
  }

  /** Damages a line: a byte deleted, inserted or replaced, a cut, or trailing garbage. */
  private static String damage(String line, SplittableRandom r) {
    String junk = "{}[]\",:\\ 0x-1.e\tnultrfase\u00e9\u0001#";
    int at = r.nextInt(line.length() + 1);
    char ch = junk.charAt(r.nextInt(junk.length()));
    return switch (r.nextInt(6)) {
      case 0 -> at < line.length() ? line.substring(0, at) + line.substring(at + 1) : line;
      case 1 -> line.substring(0, at) + ch + line.substring(at);
      case 2 -> at < line.length() ? line.substring(0, at) + ch + line.substring(at + 1) : line;
      case 3 -> line.substring(0, at);
      case 4 -> line + (r.nextBoolean() ? " x" : "{}");
      default -> line;
    };
  }

  private static void maybe(SplittableRandom r, int oneIn, List<String> fields, String name,
      String value) {
    if (r.nextInt(oneIn) == 0) {
      fields.add(q(name) + ":" + value);
    }
  }

  /** Picks the first value {@code bias - 1} times in {@code bias}, else any. */
  private static String pick(SplittableRandom r, String[] values, int bias) {
    return r.nextInt(bias) != 0 ? values[0] : values[r.nextInt(values.length)];
  }

  private static String pickMo(SplittableRandom r) {
    MemOrder[] mos = MemOrder.values();
    return r.nextInt(20) == 0 ? "\"sequential\"" : q(mos[r.nextInt(mos.length)].wireName());
  }

  private static String pickFence(SplittableRandom r) {
    FenceKind[] kinds = FenceKind.values();
    return r.nextInt(20) == 0 ? "\"full\"" : q(kinds[r.nextInt(kinds.length)].wireName());
  }

  private static String q(String s) {
    return "\"" + s + "\"";
  }
}
