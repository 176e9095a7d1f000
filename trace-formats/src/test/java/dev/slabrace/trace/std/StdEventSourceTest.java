package dev.slabrace.trace.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.TraceFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class StdEventSourceTest {

  @Test
  void next_mapsEachOp() throws IOException {
    String trace = """
        T0|fork(T1)|1
        T1|acq(L34)|120
        T1|w(V234.23[0])|456
        T1|begin(x)|7
        T1|r(V123)|345
        T1|end(x)|8
        T1|rel(L34)|130
        T0|join(T1)|134
        """;
    try (StdEventSource src = source(trace, false)) {
      List<EventCursor> events = readAll(src);
      assertEquals(6, events.size());

      EventCursor fork = events.get(0);
      assertEquals(Op.FORK, fork.op);
      assertEquals("T0", src.tasks().name(fork.task));
      assertEquals("T1", src.tasks().name(fork.child));
      assertEquals("loc:1", src.symbols().name(fork.ip));
      assertEquals(0, fork.id);
      assertEquals(1, fork.position);

      EventCursor lock = events.get(1);
      assertEquals(Op.LOCK, lock.op);
      assertTrue(lock.keyIsName);
      assertEquals("L34", src.symbols().name((int) lock.key));
      assertFalse(lock.shared);

      EventCursor write = events.get(2);
      assertEquals(Op.STORE, write.op);
      assertEquals("T1", src.tasks().name(write.task));
      assertEquals(0, write.addr);
      assertEquals(8, write.size);
      assertEquals(MemOrder.PLAIN, write.mo);
      assertFalse(write.hasValue);
      assertEquals("loc:456", src.symbols().name(write.ip));
      assertEquals(EventCursor.NONE, write.stack);

      EventCursor read = events.get(3);
      assertEquals(Op.LOAD, read.op);
      assertEquals(8, read.addr);
      assertEquals(4, read.id, "begin before it takes id 3");
      assertEquals(5, read.position);

      EventCursor unlock = events.get(4);
      assertEquals(Op.UNLOCK, unlock.op);
      assertEquals(lock.key, unlock.key);
      assertEquals(6, unlock.id);

      EventCursor join = events.get(5);
      assertEquals(Op.JOIN, join.op);
      assertEquals(fork.child, join.child);
      assertEquals(7, join.id);
      assertEquals(8, join.position);

      assertEquals(2, src.tasks().size());
      assertEquals(2, src.transactionMarks());
      assertEquals(List.of("line 4: 2 begin/end transaction marks ignored (slabrace checks races, not "
          + "atomicity)"), src.notes());
      assertEquals(0, src.skipped());
    }
  }

  @Test
  void next_sameVariableSameAddress() throws IOException {
    String trace = "T0|w(a.b[1])|1\nT1|r(a.b[2])|2\nT2|r(a.b[1])|3\nT0|w(a.b[2])|4\n"
        + "T0|w(averyveryverylongvariablename.withafield[12345])|5\n"
        + "T1|r(averyveryverylongvariablename.withafield[12345])|6\n";
    try (StdEventSource src = source(trace, false)) {
      List<EventCursor> e = readAll(src);
      assertEquals(List.of(0L, 8L, 0L, 8L, 16L, 16L), e.stream().map(c -> c.addr).toList());
      assertEquals(Optional.of("a.b[2]"), src.variable(8));
      assertEquals(Optional.of("averyveryverylongvariablename.withafield[12345]"), src.variable(16));
      assertEquals(Optional.empty(), src.variable(24));
      assertEquals(Optional.empty(), src.variable(4));
      assertEquals(3, src.variableCount());
    }
  }

  @Test
  void next_namesMayHoldPunctuation() throws IOException {
    String trace = "main|r(f(x)|y)|0\nworker-2|acq(&obj->lock)|-5\n";
    try (StdEventSource src = source(trace, false)) {
      List<EventCursor> e = readAll(src);
      assertEquals(Optional.of("f(x)|y"), src.variable(e.get(0).addr));
      assertEquals("&obj->lock", src.symbols().name((int) e.get(1).key));
      assertEquals("loc:-5", src.symbols().name(e.get(1).ip));
      assertEquals("worker-2", src.tasks().name(e.get(1).task));
    }
  }

  @Test
  void next_blankLinesCrlfAndByteOrderMark() throws IOException {
    String trace = "\uFEFFT0|r(x)|1\r\n\r\n   \n\tT1|w(x)|2  \r\nT0|r(y)|3";
    try (StdEventSource src = source(trace, false)) {
      List<EventCursor> e = readAll(src);
      assertEquals(3, e.size());
      assertEquals(List.of(1L, 4L, 5L), e.stream().map(c -> c.position).toList());
      assertEquals(List.of(0L, 1L, 2L), e.stream().map(c -> c.id).toList());
      assertEquals("T0", src.tasks().name(e.get(0).task));
    }
  }

  @Test
  void next_emptyInput() throws IOException {
    try (StdEventSource src = source("", false)) {
      assertFalse(src.next(new EventCursor()));
      assertFalse(src.next(new EventCursor()));
      assertEquals(List.of(), src.notes());
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', textBlock = """
      T0 r(x)|1;                 whitespace inside the event 'T0 r(x)|1'
      T0|r(x);                   expected <thread>|<op>(<decor>)|<loc>, found one '|' in 'T0|r(x)'
      T0;                        expected <thread>|<op>(<decor>)|<loc>, found no '|' in 'T0'
      |r(x)|1;                   empty thread name
      T0|read(x)|1;              unknown operation 'read' (expected r, w, acq, rel, fork, join, begin or end followed by '(')
      T0|r|1;                    unknown operation 'r' (expected r, w, acq, rel, fork, join, begin or end followed by '(')
      T0|r(x|1;                  expected ')' closing the argument of 'r' just before the last '|'
      T0|r()|1;                  empty variable name in 'r()'
      T0|acq()|1;                empty lock name in 'acq()'
      T0|fork()|1;               empty thread name in 'fork()'
      T0|r(x)|;                  missing location after the last '|'
      T0|r(x)|-;                 missing location after the last '|'
      T0|r(x)|12a;               location '12a' is not an integer
      T0|r(x)|1234567890123456789; location '1234567890123456789' has more than 18 digits
      """)
  void next_malformedLineNamesFileLineAndProblem(String line, String problem) throws IOException {
    String trace = "T0|w(x)|1\n\n" + line + "\nT0|w(x)|1\n";
    try (StdEventSource src = source(trace, false)) {
      EventCursor c = new EventCursor();
      assertTrue(src.next(c), "the line before the malformed one is delivered");
      TraceFormatException e = assertThrows(TraceFormatException.class, () -> src.next(c));
      assertEquals("t.std:3: " + problem, e.getMessage());
      assertEquals(3, e.position());
      assertEquals(problem, e.problem());
    }
  }

  @Test
  void next_controlByteIsNamedAndEscaped() throws IOException {
    try (StdEventSource src = source("T0|w(x)|1\nT0|r(x\u0000y)|2\n", false)) {
      EventCursor c = new EventCursor();
      assertTrue(src.next(c));
      TraceFormatException e = assertThrows(TraceFormatException.class, () -> src.next(c));
      assertEquals("t.std:2: control byte 0x00 inside the event 'T0|r(x\\u0000y)|2'",
          e.getMessage());
    }
  }

  @Test
  void next_invalidUtf8IsAnError() throws IOException {
    byte[] bytes = "T0|w(x)|1\nT0|r(x\u00ff\u00fe)|2\nT0|r(\u00c3\u00a9)|3\n"
        .getBytes(StandardCharsets.ISO_8859_1);
    try (StdEventSource src = new StdEventSource(new ByteArrayInputStream(bytes), "t.std", false)) {
      EventCursor c = new EventCursor();
      assertTrue(src.next(c));
      TraceFormatException e = assertThrows(TraceFormatException.class, () -> src.next(c));
      assertEquals("t.std:2: invalid UTF-8 (byte 0xff at column 7) in 'T0|r(x\ufffd\ufffd)|2'",
          e.getMessage());
    }
    try (StdEventSource src = new StdEventSource(new ByteArrayInputStream(bytes), "t.std", true)) {
      assertEquals(2, readAll(src).size(), "well-formed UTF-8 (\u00e9) is read");
      assertEquals(1, src.skipped());
    }
  }

  @ParameterizedTest
  @CsvSource({
      "78, -1", "c3a9, -1", "e282ac, -1", "f09f9880, -1", "ff, 0", "c0af, 0", "e08080, 0",
      "eda080, 0", "f4908080, 0", "c3, 0", "e282, 0", "41c328, 1", "4142434445464748ff, 8"})
  void invalidUtf8_findsTheFirstBadByte(String hex, int expected) {
    byte[] b = java.util.HexFormat.of().parseHex(hex);
    byte[] padded = java.util.Arrays.copyOf(b, b.length + 8);
    assertEquals(expected, Text.invalidUtf8(padded, 0, b.length));
  }

  @Test
  void next_lenientSkipsAndCountsMalformedLines() throws IOException {
    String trace = "T0|w(x)|1\nT0|r(x)\nT1|r(x)|2\nT1|bogus(x)|3\nT1|w(y)|4\n";
    try (StdEventSource src = source(trace, true)) {
      List<EventCursor> e = readAll(src);
      assertEquals(List.of(1L, 3L, 5L), e.stream().map(c -> c.position).toList());
      assertEquals(List.of(0L, 1L, 2L), e.stream().map(c -> c.id).toList(), "skipped lines take no id");
      assertEquals(2, src.skipped());
      assertEquals(List.of("line 2: expected <thread>|<op>(<decor>)|<loc>, found one '|' in "
          + "'T0|r(x)' (first of 2 malformed lines skipped)"), src.notes());
      assertEquals(2, src.tasks().size());
    }
  }

  @Test
  void next_lenientLeavesNoTraceOfSkippedLinesInTables() throws IOException {
    try (StdEventSource src = source("T9|acq(L1)|x\nT0|r(v)|1\n", true)) {
      readAll(src);
      assertEquals(1, src.tasks().size());
      assertEquals(1, src.symbols().size(), "only loc:1");
    }
  }

  @Test
  void next_lineLongerThanLimitFailsEvenIfLenient() throws IOException {
    byte[] longLine = new byte[StdEventSource.MAX_LINE_LENGTH + 10];
    java.util.Arrays.fill(longLine, (byte) 'a');
    InputStream in = new java.io.SequenceInputStream(
        new ByteArrayInputStream("T0|r(x)|1\n".getBytes(StandardCharsets.US_ASCII)),
        new ByteArrayInputStream(longLine));
    try (StdEventSource src = new StdEventSource(in, "t.std", true)) {
      EventCursor c = new EventCursor();
      assertTrue(src.next(c));
      TraceFormatException e = assertThrows(TraceFormatException.class, () -> src.next(c));
      assertEquals("t.std:2: line longer than 1048575 bytes", e.getMessage());
    }
  }

  @Test
  void next_readsAcrossBufferRefillsLikeAPlainParser() throws IOException {
    StdGenerator g = new StdGenerator(300_000, 5, 50_000, 7, 0.2, 11);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    g.write(out);
    byte[] bytes = out.toByteArray();
    String[] lines = new String(bytes, StandardCharsets.US_ASCII).split("\n");
    // dribble the input a few bytes at a time now and then, to move line ends around the buffer
    InputStream in = new ByteArrayInputStream(bytes) {
      private int calls;

      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, ++calls % 3 == 0 ? Math.min(len, 7) : len);
      }
    };
    try (StdEventSource src = new StdEventSource(in, "g.std", false)) {
      EventCursor c = new EventCursor();
      java.util.Map<String, Long> addrs = new java.util.HashMap<>();
      int n = 0;
      while (src.next(c)) {
        String[] f = lines[n].split("\\|");
        String op = f[1].substring(0, f[1].indexOf('('));
        String arg = f[1].substring(op.length() + 1, f[1].length() - 1);
        assertEquals(n, c.id);
        assertEquals(n + 1, c.position);
        assertEquals(f[0], src.tasks().name(c.task));
        assertEquals("loc:" + f[2], src.symbols().name(c.ip));
        switch (op) {
          case "r", "w" -> {
            assertEquals(op.equals("r") ? Op.LOAD : Op.STORE, c.op);
            long expected = addrs.computeIfAbsent(arg, k -> (long) addrs.size() * 8);
            assertEquals(expected, c.addr, lines[n]);
          }
          case "acq", "rel" -> assertEquals(arg, src.symbols().name((int) c.key));
          default -> assertEquals(arg, src.tasks().name(c.child));
        }
        n++;
      }
      assertEquals(lines.length, n);
      assertEquals(addrs.size(), src.variableCount());
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', textBlock = """
      T0|r(V123)|345;                  true
      '\n\n  T1|w(V234.23[0])|456\nxx'; true
      T0|fork(T2)|123;                 true
      T2|begin(x)|-1;                  true
      T0|r(V123)|34;                   true
      T0|read(V123)|345;               false
      T0|r(V123)|;                     false
      T0|r(V123)|3a;                   false
      T0|r()|3;                        false
      |r(x)|3;                         false
      T0 |r(x)|3;                      false
      '{"op":"load","tid":1}';         false
      '';                              false
      """)
  void sniff_firstNonBlankLine(String head, boolean expected) {
    byte[] b = head.replace("\\n", "\n").getBytes(StandardCharsets.UTF_8);
    assertEquals(expected, StdEventSource.sniff(b, b.length));
  }

  @Test
  void sniff_looksOnlyAtLength() {
    byte[] b = "T0|r(x)|12\nanything".getBytes(StandardCharsets.US_ASCII);
    assertTrue(StdEventSource.sniff(b, 10));
    assertFalse(StdEventSource.sniff(b, 7));
    assertFalse(StdEventSource.sniff(new byte[] {(byte) 0x89, 'S', 'R', 'B'}, 4));
  }

  private static StdEventSource source(String text, boolean lenient) {
    return new StdEventSource(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.std", lenient);
  }

  private static List<EventCursor> readAll(StdEventSource src) throws IOException {
    List<EventCursor> events = new ArrayList<>();
    EventCursor c = new EventCursor();
    while (src.next(c)) {
      EventCursor copy = new EventCursor();
      copy.copyFrom(c);
      events.add(copy);
    }
    return events;
  }
}
