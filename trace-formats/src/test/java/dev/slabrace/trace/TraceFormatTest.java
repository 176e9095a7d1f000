package dev.slabrace.trace;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class TraceFormatTest {
  private static final byte[] TRACE = ("{\"op\":\"alloc\",\"tid\":1,\"ptr\":\"0x1000\",\"size\":64}\n"
      + "{\"op\":\"store\",\"tid\":2,\"addr\":\"0x1008\",\"size\":8,\"ip\":\"f+0x1/0x2\"}\n")
      .getBytes(UTF_8);

  @Test
  void sniff_eachFormatByItsContent() {
    assertEquals(TraceFormat.STD, sniff("T0|w(V1)|10\n"));
    assertEquals(TraceFormat.FTRACE, sniff("# tracer: nop\n"));
    assertEquals(TraceFormat.TRACE_DAT, sniff("\u0017\u0008Dtracing6\0"));
    assertEquals(TraceFormat.JSONL, sniff("{\"op\":\"gp_begin\",\"tid\":1}\n"));
    assertEquals(TraceFormat.JSONL, sniff(""));
  }

  @Test
  void writer_eachWritableFormatReadsBackAsItselfWithTheSameEvents() throws IOException {
    List<TraceFormat> writable = new ArrayList<>();
    for (TraceFormat format : TraceFormat.values()) {
      if (!format.writable()) {
        continue;
      }
      writable.add(format);
      for (String extension : format.extensions()) {
        assertEquals(format, TraceFormat.forFileName("t" + extension), extension);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (EventSource in = Traces.open(new ByteArrayInputStream(TRACE), "t.jsonl", false);
          EventWriter w = format.writer(out, in)) {
        EventCursor c = new EventCursor();
        while (in.next(c)) {
          w.write(c);
        }
      }
      byte[] bytes = out.toByteArray();
      assertEquals(format, TraceFormat.sniff(bytes, bytes.length));
      try (EventSource back = Traces.open(new ByteArrayInputStream(bytes), "back", false)) {
        EventCursor c = new EventCursor();
        List<String> events = new ArrayList<>();
        while (back.next(c)) {
          events.add(c.op + " " + back.tasks().name(c.task) + " 0x" + Long.toHexString(c.addr));
        }
        assertEquals(List.of("ALLOC 1 0x1000", "STORE 2 0x1008"), events, format.name());
      }
    }
    assertEquals(List.of(TraceFormat.SIMBIN, TraceFormat.JSONL), writable);
    assertNull(TraceFormat.forFileName("t.txt"));
  }

  private static TraceFormat sniff(String head) {
    byte[] b = head.getBytes(UTF_8);
    return TraceFormat.sniff(b, b.length);
  }
}
