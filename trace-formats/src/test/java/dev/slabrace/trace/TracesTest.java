package dev.slabrace.trace;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TracesTest {
  private static final String TRACE = "# two events\n"
      + "{\"op\":\"header\",\"format\":\"slabrace-jsonl\",\"version\":1,\"source\":\"test\"}\n"
      + "{\"op\":\"store\",\"tid\":1,\"addr\":\"0xffff888100a3c028\",\"size\":8}\n";

  @TempDir
  Path dir;

  @Test
  void open_jsonl() throws IOException {
    Path file = write("t.jsonl", TRACE.getBytes(UTF_8));
    try (EventSource s = Traces.open(file, "t.jsonl", false)) {
      assertEquals(List.of(Op.HEADER, Op.STORE), ops(s));
      assertEquals("test", s.header().get("source"));
      assertEquals("t.jsonl", s.name());
    }
  }

  @Test
  void open_gzipDetectedByContentNotName() throws IOException {
    Path file = write("trace.data", gzip(TRACE.getBytes(UTF_8)));
    try (EventSource s = Traces.open(file, "trace.data", false)) {
      assertEquals(List.of(Op.HEADER, Op.STORE), ops(s));
    }
  }

  @Test
  void open_gzipFileNamedGz() throws IOException {
    Path file = write("t.jsonl.gz", gzip(TRACE.getBytes(UTF_8)));
    try (EventSource s = Traces.open(file, "t.jsonl.gz", false)) {
      assertEquals(2, ops(s).size());
    }
  }

  @Test
  void open_truncatedGzipFailsWhileReading() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 4000; i++) {
      text.append("{\"op\":\"load\",\"tid\":").append(i % 5).append(",\"addr\":").append(i * 97L)
          .append(",\"size\":4}\n");
    }
    byte[] gz = gzip(text.toString().getBytes(UTF_8));
    Path file = write("cut.jsonl.gz", Arrays.copyOf(gz, gz.length - 100));
    try (EventSource s = Traces.open(file, "cut.jsonl.gz", false)) {
      TraceFormatException e = assertThrows(TraceFormatException.class, () -> ops(s));
      assertEquals("cut.jsonl.gz:" + e.position() + ": truncated gzip stream at compressed byte "
          + (gz.length - 100) + ": the file ends inside the deflate data of the member that starts"
          + " at compressed byte 0", e.getMessage());
      assertTrue(e.position() > 1000, "position " + e.position());
    }
  }

  @Test
  void open_emptyFileIsAnEmptyTrace() throws IOException {
    Path file = write("empty.jsonl", new byte[0]);
    try (EventSource s = Traces.open(file, "empty.jsonl", false)) {
      assertFalse(s.next(new EventCursor()));
    }
  }

  @Test
  void open_emptyGzipIsAnEmptyTrace() throws IOException {
    Path file = write("empty.jsonl.gz", gzip(new byte[0]));
    try (EventSource s = Traces.open(file, "empty.jsonl.gz", false)) {
      assertFalse(s.next(new EventCursor()));
    }
  }

  @Test
  void open_commentsOnlyIsAnEmptyTrace() throws IOException {
    Path file = write("c.jsonl", "# nothing\n\n   # yet\n".getBytes(UTF_8));
    try (EventSource s = Traces.open(file, "c.jsonl", false)) {
      assertFalse(s.next(new EventCursor()));
    }
  }

  @Test
  void open_notATrace() throws IOException {
    Path file = write("x.txt", "hello world\n{\"op\":\"gp_begin\",\"tid\":1}\n".getBytes(UTF_8));
    TraceFormatException e =
        assertThrows(TraceFormatException.class, () -> Traces.open(file, "x.txt", false));
    assertEquals("x.txt:1: not a trace in any supported format (slabrace binary, ftrace text, RAPID STD or JSON Lines expected)",
        e.getMessage());
  }

  @Test
  void open_notATraceEvenWhenLenient() throws IOException {
    Path file = write("bin", new byte[] {0, 1, 2, 3, (byte) 0xff, '\n', '{'});
    TraceFormatException e =
        assertThrows(TraceFormatException.class, () -> Traces.open(file, "bin", true));
    assertEquals("bin:1: not a trace in any supported format (slabrace binary, ftrace text, RAPID STD or JSON Lines expected)",
        e.getMessage());
  }

  @Test
  void open_notATraceNamesTheFirstContentLine() throws IOException {
    Path file = write("f.txt", "# notes\n#\n  plain text, no events\n".getBytes(UTF_8));
    TraceFormatException e =
        assertThrows(TraceFormatException.class, () -> Traces.open(file, "f.txt", false));
    assertEquals("f.txt:3: not a trace in any supported format (slabrace binary, ftrace text, RAPID STD or JSON Lines expected)",
        e.getMessage());
  }

  @Test
  void open_ftraceExportIsReadAsFtrace() throws IOException {
    Path file = write("t.txt", ("# tracer: nop\n#\n"
        + "            init-1       [000] .....     2.565005: kmem_cache_free: "
        + "call_site=__fput+0x100/0x250 ptr=ff2e4d3b812e4558 name=lsm_file_cache\n")
        .getBytes(UTF_8));
    try (EventSource s = Traces.open(file, "t.txt", false)) {
      EventCursor c = new EventCursor();
      assertTrue(s.next(c));
      assertEquals(Op.FREE, c.op);
      assertEquals(0xff2e4d3b812e4558L, c.addr);
    }
  }

  @Test
  void open_rapidStdIsReadAsStd() throws IOException {
    Path file = write("t.std", "T0|w(V1)|10\nT1|r(V1)|20\n".getBytes(UTF_8));
    try (EventSource s = Traces.open(file, "t.std", false)) {
      EventCursor c = new EventCursor();
      assertTrue(s.next(c));
      assertEquals(Op.STORE, c.op);
      assertTrue(s.next(c));
      assertEquals(Op.LOAD, c.op);
      assertEquals("loc:20", s.symbols().name(c.ip));
    }
  }

  @Test
  void open_gzippedBinaryIsReadAsBinary() throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    SymbolTable symbols = new SymbolTable();
    TaskTable tasks = new TaskTable();
    StackTable stacks = new StackTable();
    try (var w = new dev.slabrace.trace.simbin.SimbinEventWriter(bytes, symbols, tasks, stacks)) {
      EventCursor c = new EventCursor();
      c.op = Op.ALLOC;
      c.task = tasks.intern("7");
      c.addr = 0xffff888100a3c000L;
      c.size = 64;
      w.write(c);
    }
    Path file = write("t.bin.gz", gzip(bytes.toByteArray()));
    try (EventSource s = Traces.open(file, "t.bin.gz", false)) {
      EventCursor c = new EventCursor();
      assertTrue(s.next(c));
      assertEquals(Op.ALLOC, c.op);
      assertEquals("7", s.tasks().name(c.task));
      assertEquals(64, c.size);
      assertFalse(s.next(c));
    }
  }

  @Test
  void open_missingFile() {
    assertThrows(NoSuchFileException.class,
        () -> Traces.open(dir.resolve("nope.jsonl"), "nope.jsonl", false));
  }

  @Test
  void open_lenientIsPassedOn() throws IOException {
    Path file = write("l.jsonl", "{\"op\":\"gp_begin\",\"tid\":1}\n{bad\n{\"op\":\"gp_end\",\"tid\":1}\n"
        .getBytes(UTF_8));
    try (EventSource s = Traces.open(file, "l.jsonl", true)) {
      assertEquals(List.of(Op.GP_BEGIN, Op.GP_END), ops(s));
      assertEquals(1, s.skipped());
    }
    try (EventSource s = Traces.open(file, "l.jsonl", false)) {
      TraceFormatException e = assertThrows(TraceFormatException.class, () -> ops(s));
      assertEquals(2, e.position());
    }
  }

  @Test
  void open_gzipTruncatedWithinTheFirstBytesFailsAtTheLineReached() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      text.append("{\"op\":\"gp_begin\",\"tid\":").append(i).append("}\n");
    }
    byte[] gz = gzip(text.toString().getBytes(UTF_8));
    Path file = write("cut.jsonl.gz", Arrays.copyOf(gz, gz.length - 12));
    try (EventSource s = Traces.open(file, "cut.jsonl.gz", false)) {
      TraceFormatException e = assertThrows(TraceFormatException.class, () -> ops(s));
      assertTrue(e.problem().startsWith("truncated gzip stream at compressed byte "), e.problem());
      assertTrue(e.position() > 50, "the good lines come first, position " + e.position());
    }
  }

  @Test
  void open_gzippedBinaryTruncatedFailsAtTheByteReached() throws IOException {
    byte[] trace = binary(64);
    byte[] gz = gzip(trace);
    Path file = write("cut.bin.gz", Arrays.copyOf(gz, gz.length - 6));
    try (EventSource s = Traces.open(file, "cut.bin.gz", false)) {
      TraceFormatException e = assertThrows(TraceFormatException.class, () -> ops(s));
      assertEquals("cut.bin.gz: byte " + (gz.length - 6) + ": truncated gzip stream: the file ends"
          + " inside the trailer of the member that starts at compressed byte 0", e.getMessage());
      assertTrue(e.isByteOffset());
    }
  }

  @Test
  void open_binaryEventsAreCheckedAgainstTheModel() throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    TaskTable tasks = new TaskTable();
    try (var w = new dev.slabrace.trace.simbin.SimbinEventWriter(bytes, new SymbolTable(), tasks,
        new StackTable())) {
      EventCursor c = new EventCursor();
      c.op = Op.LOAD;
      c.task = tasks.intern("7");
      c.addr = 0x1000;
      c.size = 8;
      w.write(c);
      c.id = 1;
      c.size = 0;
      w.write(c);
    }
    Path file = write("t.bin", bytes.toByteArray());
    try (EventSource s = Traces.open(file, "t.bin", false)) {
      TraceFormatException e = assertThrows(TraceFormatException.class, () -> ops(s));
      assertEquals("t.bin: byte " + e.position() + ": load of size 0 (expected 1 to 4096)",
          e.getMessage());
      assertTrue(e.position() > 10);
    }
    try (EventSource s = Traces.open(file, "t.bin", true)) {
      assertEquals(List.of(Op.LOAD), ops(s));
      assertEquals(1, s.skipped());
    }
  }

  /** A binary trace of {@code n} loads by one task. */
  private static byte[] binary(int n) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    TaskTable tasks = new TaskTable();
    try (var w = new dev.slabrace.trace.simbin.SimbinEventWriter(bytes, new SymbolTable(), tasks,
        new StackTable())) {
      EventCursor c = new EventCursor();
      c.op = Op.LOAD;
      c.task = tasks.intern("7");
      c.size = 8;
      for (int i = 0; i < n; i++) {
        c.id = i;
        c.addr = 0x1000 + 8L * i;
        w.write(c);
      }
    }
    return bytes.toByteArray();
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private static List<Op> ops(EventSource s) throws IOException {
    List<Op> ops = new ArrayList<>();
    EventCursor c = new EventCursor();
    while (s.next(c)) {
      ops.add(c.op);
    }
    return ops;
  }
}
