package dev.slabrace.report;

import static dev.slabrace.report.Findings.access;
import static dev.slabrace.report.Findings.finding;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.finding.Access;
import dev.slabrace.finding.AccessType;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingKind;
import dev.slabrace.finding.TraceResult;
import dev.slabrace.finding.TraceSummary;
import dev.slabrace.finding.TraceWarning;
import dev.slabrace.finding.WarningCode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.List;
import org.junit.jupiter.api.Test;

final class JsonReporterTest {
  private static String print(TraceResult... results) throws IOException {
    StringWriter out = new StringWriter();
    new JsonReporter().print(List.of(results), out);
    return out.toString();
  }

  @Test
  void everyKeyKnown_fixedOrder() throws IOException {
    Access w = new Access(5, "1", 0, AccessType.WRITE, false, 0xffff888100a3c028L, 4,
        List.of("alloc_slab_obj_exts+0x1a4/0x2b0", "__kmalloc+0x50/0x100"), true, 0x10);
    Access r = new Access(9, "2", 1, AccessType.READ, true, 0xffff888100a3c028L, 4,
        List.of("slab_obj_ext+0x2e/0x40"), true, 0);
    Finding f = new Finding(FindingKind.DATA_RACE, w, r, 0xffff888100a3c028L, 4, "slab->stride",
        "slab-meta", true, 0, 0x10);
    TraceResult result = new TraceResult(
        new TraceSummary("sample-traces/stride.jsonl", 12, List.of(new TraceWarning(7, 8, WarningCode.LOCK_WHILE_HELD, "\"l\"")), 3), List.of(f, f));
    String finding = "{\"kind\":\"data-race\",\"ids\":[5,9],\"addr\":\"0xffff888100a3c028\",\"size\":4,"
        + "\"title\":\"KCSAN: data-race in alloc_slab_obj_exts / slab_obj_ext\","
        + "\"region\":\"slab->stride\",\"class\":\"slab-meta\","
        + "\"value_changed\":{\"old\":\"0x0\",\"new\":\"0x10\"},"
        + "\"accesses\":["
        + "{\"id\":5,\"task\":\"1\",\"cpu\":0,\"type\":\"write\",\"marked\":false,"
        + "\"addr\":\"0xffff888100a3c028\",\"size\":4,"
        + "\"frames\":[\"alloc_slab_obj_exts+0x1a4/0x2b0\",\"__kmalloc+0x50/0x100\"],\"value\":\"0x10\"},"
        + "{\"id\":9,\"task\":\"2\",\"cpu\":1,\"type\":\"read\",\"marked\":true,"
        + "\"addr\":\"0xffff888100a3c028\",\"size\":4,\"frames\":[\"slab_obj_ext+0x2e/0x40\"],"
        + "\"value\":\"0x0\"}]}";
    assertEquals("{\"format\":\"slabrace-report\",\"version\":1,\"trace\":\"sample-traces/stride.jsonl\",\"findings\":["
        + finding + "," + finding + "],\"events\":12,"
        + "\"warnings\":[{\"id\":7,\"line\":8,\"code\":\"lock-while-held\","
        + "\"message\":\"lock of \\\"l\\\" while it is held; acquired anyway\"}],"
        + "\"skipped\":3}\n", print(result));
  }

  @Test
  void unknownKeysOmitted() throws IOException {
    Access free = access(1, "a", -1, AccessType.FREE, false, 0x3000, 8);
    Access again = access(2, "b", 3, AccessType.FREE, false, 0x3000, 8, "kfree+0x11/0x90");
    TraceResult result = Findings.result("df", finding(FindingKind.DOUBLE_FREE, free, again));
    assertEquals("{\"format\":\"slabrace-report\",\"version\":1,\"trace\":\"df\",\"findings\":[{\"kind\":\"double-free\","
        + "\"ids\":[1,2],\"addr\":\"0x3000\",\"size\":8,\"title\":\"KASAN: double-free in kfree+0x11/0x90\","
        + "\"accesses\":["
        + "{\"id\":1,\"task\":\"a\",\"type\":\"free\",\"marked\":false,\"addr\":\"0x3000\",\"size\":8,"
        + "\"frames\":[]},"
        + "{\"id\":2,\"task\":\"b\",\"cpu\":3,\"type\":\"free\",\"marked\":false,\"addr\":\"0x3000\","
        + "\"size\":8,\"frames\":[\"kfree+0x11/0x90\"]}]}],\"events\":100,\"warnings\":[],"
        + "\"skipped\":0}\n",
        print(result));
  }

  @Test
  void oneLinePerTrace() throws IOException {
    assertEquals("{\"format\":\"slabrace-report\",\"version\":1,\"trace\":\"a\",\"findings\":[],\"events\":100,\"warnings\":[],\"skipped\":0}\n"
            + "{\"format\":\"slabrace-report\",\"version\":1,\"trace\":\"b\",\"findings\":[],\"events\":100,\"warnings\":[],\"skipped\":0}\n",
        print(Findings.result("a"), Findings.result("b")));
  }

  @Test
  void streaming_eachFindingWrittenAsItArrives_failureClosesTheDocument() throws IOException {
    Access free = access(1, "a", 0, AccessType.FREE, false, 0x3000, 8, "kfree+0x11/0x90");
    Access again = access(2, "b", 1, AccessType.FREE, false, 0x3000, 8, "kfree+0x11/0x90");
    Finding f = finding(FindingKind.DOUBLE_FREE, free, again);
    StringWriter out = new StringWriter();
    JsonReporter reporter = new JsonReporter();
    TraceReport failsEarly = reporter.begin("early", out);
    failsEarly.fail("early:3: expected an object");
    TraceReport failsLate = reporter.begin("late", out);
    failsLate.accept(f);
    failsLate.fail("late:9: unknown op 'nope'");
    String doc = out.toString();
    assertAll(
        () -> assertTrue(doc.startsWith("{\"format\":\"slabrace-report\",\"version\":1,\"trace\":\"late\",\"findings\":[{\"kind\":\"double-free\""),
            "nothing for a trace that failed before its first finding: " + doc),
        () -> assertTrue(doc.endsWith("}]}],\"error\":\"late:9: unknown op 'nope'\"}\n"), doc),
        () -> assertEquals(1, doc.lines().count()));
  }

  @Test
  void streaming_writerFails_reportWriteException() {
    Writer broken = new Writer() {
      @Override
      public void write(char[] cbuf, int off, int len) throws IOException {
        throw new IOException("No space left on device");
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Access free = access(1, "a", 0, AccessType.FREE, false, 0x3000, 8, "kfree+0x11/0x90");
    Finding f = finding(FindingKind.DOUBLE_FREE, free, free);
    TraceReport report = new JsonReporter().begin("t", broken);
    // The generator buffers; enough findings overflow its buffer into the failing writer.
    ReportWriteException e = assertThrows(ReportWriteException.class, () -> {
      for (int i = 0; i < 1000; i++) {
        report.accept(f);
      }
    });
    assertEquals("No space left on device", e.getCause().getMessage());
  }
}
