package dev.slabrace.trace.jsonl;

import static dev.slabrace.trace.jsonl.TraceText.assertFails;
import static dev.slabrace.trace.jsonl.TraceText.readAll;
import static dev.slabrace.trace.jsonl.TraceText.source;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.TraceFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class JsonlEventSourceErrorTest {
  private static final String LOAD = "{\"op\":\"load\",\"tid\":1,\"size\":4,\"addr\":";
  private static final String ADDR_EXPECTED =
      "addr: expected 0x-prefixed hex string or non-negative integer, got ";

  static Stream<Arguments> malformedLines() {
    return Stream.of(
        arguments("{\"op\":\"foo\",\"tid\":1}", "unknown op 'foo'"),
        arguments("{\"tid\":1}", "missing field 'op'"),
        arguments("{}", "missing field 'op'"),
        arguments("{\"op\":5,\"tid\":1}", "op: expected a string, got 5"),
        arguments("[1,2]", "expected a JSON object, got an array"),
        arguments("  \"load\"", "expected a JSON object, got \"load\""),
        arguments("42", "expected a JSON object, got 42"),
        arguments(LOAD + "-5}", ADDR_EXPECTED + "-5"),
        arguments(LOAD + "1.5}", ADDR_EXPECTED + "1.5"),
        arguments(LOAD + "\"0x\"}", ADDR_EXPECTED + "\"0x\""),
        arguments(LOAD + "\"\"}", ADDR_EXPECTED + "\"\""),
        arguments(LOAD + "\"0x11112222333344445\"}", ADDR_EXPECTED + "\"0x11112222333344445\""),
        arguments(LOAD + "\"ffff888100a3c028\"}", ADDR_EXPECTED + "\"ffff888100a3c028\""),
        arguments(LOAD + "\"1234\"}", ADDR_EXPECTED + "\"1234\""),
        arguments(LOAD + "\"0xg1\"}", ADDR_EXPECTED + "\"0xg1\""),
        arguments(LOAD + "\" 0x1\"}", ADDR_EXPECTED + "\" 0x1\""),
        arguments(LOAD + "18446744073709551616}", ADDR_EXPECTED + "18446744073709551616"),
        arguments(LOAD + "-18446744073709551615}", ADDR_EXPECTED + "-18446744073709551615"),
        arguments(LOAD + "null}", ADDR_EXPECTED + "null"),
        arguments(LOAD + "[1]}", ADDR_EXPECTED + "an array"),
        arguments("{\"op\":\"alloc\",\"tid\":1,\"ptr\":-1,\"size\":8}",
            "ptr: expected 0x-prefixed hex string or non-negative integer, got -1"),
        arguments("{\"op\":\"store\",\"tid\":1,\"addr\":0,\"size\":1,\"val\":-1}",
            "val: expected 0x-prefixed hex string or non-negative integer, got -1"),
        arguments("{\"op\":\"rmw\",\"tid\":1,\"addr\":0,\"size\":1,\"old\":\"x\"}",
            "old: expected 0x-prefixed hex string or non-negative integer, got \"x\""),
        arguments("{\"op\":\"rmw\",\"tid\":1,\"addr\":0,\"size\":1,\"new\":true}",
            "new: expected 0x-prefixed hex string or non-negative integer, got true"),
        arguments("{\"op\":\"load\",\"tid\":1,\"addr\":0}", "missing field 'size' for op load"),
        arguments("{\"op\":\"load\",\"addr\":0,\"size\":4}", "missing field 'tid' for op load"),
        arguments("{\"op\":\"store\",\"tid\":1,\"size\":4}", "missing field 'addr' for op store"),
        arguments(LOAD.replace("4", "0") + "0}", "size: expected an integer from 1 to 4096, got 0"),
        arguments(LOAD.replace("4", "4097") + "0}",
            "size: expected an integer from 1 to 4096, got 4097"),
        arguments(LOAD.replace("4", "\"4\"") + "0}",
            "size: expected an integer from 1 to 4096, got \"4\""),
        arguments(LOAD.replace("4", "4.0") + "0}",
            "size: expected an integer from 1 to 4096, got 4.0"),
        arguments("{\"op\":\"alloc\",\"tid\":1,\"ptr\":0,\"size\":0}",
            "size: expected an integer from 1 to 1099511627776, got 0"),
        arguments("{\"op\":\"alloc\",\"tid\":1,\"ptr\":0,\"size\":1099511627777}",
            "size: expected an integer from 1 to 1099511627776, got 1099511627777"),
        arguments("{\"op\":\"alloc\",\"tid\":1,\"ptr\":0}", "missing field 'size' for op alloc"),
        arguments("{\"op\":\"free\",\"tid\":1}", "missing field 'ptr' for op free"),
        arguments("{\"op\":\"free\",\"tid\":1,\"ptr\":0,\"cache\":7}",
            "cache: expected a string, got 7"),
        arguments("{\"op\":\"region\",\"addr\":0,\"size\":0,\"name\":\"r\"}",
            "size: expected an integer from 1 to 1099511627776, got 0"),
        arguments("{\"op\":\"region\",\"addr\":0,\"size\":1}", "missing field 'name' for op region"),
        arguments("{\"op\":\"region\",\"addr\":0,\"size\":1,\"name\":[\"r\"]}",
            "name: expected a string, got an array"),
        arguments("{\"op\":\"region\",\"addr\":0,\"size\":1,\"name\":\"r\",\"class\":\"heap\"}",
            "unknown class 'heap' (expected slab-meta, obj-ext, object or user)"),
        arguments(LOAD + "0,\"mo\":\"seq_cst\"}",
            "unknown mo 'seq_cst' (expected plain, once, acquire, release, relaxed, full or data_race)"),
        arguments(LOAD + "0,\"mo\":\"PLAIN\"}",
            "unknown mo 'PLAIN' (expected plain, once, acquire, release, relaxed, full or data_race)"),
        arguments(LOAD + "0,\"mo\":1}", "mo: expected a string, got 1"),
        arguments("{\"op\":\"fence\",\"tid\":1}", "missing field 'kind' for op fence"),
        arguments("{\"op\":\"fence\",\"tid\":1,\"kind\":\"lwsync\"}", "unknown kind 'lwsync' "
            + "(expected mb, wmb, rmb, acquire, release, before_atomic or after_atomic)"),
        arguments("{\"op\":\"lock\",\"tid\":1}", "missing field 'lock' for op lock"),
        arguments("{\"op\":\"lock\",\"tid\":1,\"lock\":\"l\",\"mode\":\"read\"}",
            "unknown mode 'read' (expected excl or shared)"),
        arguments("{\"op\":\"lock\",\"tid\":1,\"lock\":-1}",
            "lock: expected 0x-prefixed hex string, non-negative integer or name, got -1"),
        arguments("{\"op\":\"unlock\",\"tid\":1,\"lock\":\"\"}",
            "lock: expected 0x-prefixed hex string, non-negative integer or name, got \"\""),
        arguments("{\"op\":\"signal\",\"tid\":1,\"obj\":1.5}",
            "obj: expected 0x-prefixed hex string, non-negative integer or name, got 1.5"),
        arguments("{\"op\":\"wait\",\"tid\":1}", "missing field 'obj' for op wait"),
        arguments("{\"op\":\"call_rcu\",\"tid\":1,\"cb\":{}}",
            "cb: expected 0x-prefixed hex string, non-negative integer or name, got an object"),
        arguments("{\"op\":\"cb_begin\",\"tid\":1}", "missing field 'cb' for op cb_begin"),
        arguments("{\"op\":\"fork\",\"tid\":1}", "missing field 'child' for op fork"),
        arguments("{\"op\":\"join\",\"tid\":1,\"child\":false}",
            "child: expected an integer or a non-empty string, got false"),
        arguments("{\"op\":\"rmw\",\"tid\":1,\"addr\":0,\"size\":1,\"ok\":\"yes\"}",
            "ok: expected true or false, got \"yes\""),
        arguments("{\"op\":\"gp_begin\",\"tid\":1.5}",
            "tid: expected an integer or a non-empty string, got 1.5"),
        arguments("{\"op\":\"gp_begin\",\"tid\":\"\"}",
            "tid: expected an integer or a non-empty string, got \"\""),
        arguments("{\"op\":\"gp_begin\",\"tid\":null}",
            "tid: expected an integer or a non-empty string, got null"),
        arguments("{\"op\":\"gp_begin\",\"tid\":1,\"cpu\":-1}",
            "cpu: expected an integer from 0 to 2147483647, got -1"),
        arguments("{\"op\":\"gp_begin\",\"tid\":1,\"cpu\":2147483648}",
            "cpu: expected an integer from 0 to 2147483647, got 2147483648"),
        arguments("{\"op\":\"gp_begin\",\"tid\":1,\"ts\":-1}",
            "ts: expected a non-negative integer, got -1"),
        arguments("{\"op\":\"gp_begin\",\"tid\":1,\"ts\":\"12\"}",
            "ts: expected a non-negative integer, got \"12\""),
        arguments("{\"op\":\"gp_begin\",\"tid\":1,\"ip\":7}", "ip: expected a string, got 7"),
        arguments("{\"id\":-1,\"op\":\"gp_begin\",\"tid\":1}",
            "id: expected a non-negative integer, got -1"),
        arguments("{\"id\":\"3\",\"op\":\"gp_begin\",\"tid\":1}",
            "id: expected a non-negative integer, got \"3\""),
        arguments("{\"id\":9223372036854775808,\"op\":\"gp_begin\",\"tid\":1}",
            "id: expected a non-negative integer, got 9223372036854775808"),
        arguments("{\"op\":\"gp_begin\",\"tid\":1,\"stack\":\"f\"}",
            "stack: expected an array of strings, got \"f\""),
        arguments("{\"op\":\"gp_begin\",\"tid\":1,\"stack\":[\"f\",1]}",
            "stack[1]: expected a string, got 1"),
        arguments("{\"op\":\"stack\",\"sid\":1,\"frames\":{}}",
            "frames: expected an array of strings, got an object"),
        arguments("{\"op\":\"stack\",\"sid\":1}", "missing field 'frames' for op stack"),
        arguments("{\"op\":\"stack\",\"frames\":[]}", "missing field 'sid' for op stack"),
        arguments("{\"op\":\"stack\",\"sid\":-1,\"frames\":[]}",
            "sid: expected a non-negative integer or a non-empty string, got -1"),
        arguments("{\"op\":\"gp_begin\",\"tid\":1,\"sid\":7}",
            "sid 7 was not declared by an earlier stack event"),
        arguments("{\"op\":\"gp_begin\",\"tid\":1,\"sid\":\"alloc\"}",
            "sid \"alloc\" was not declared by an earlier stack event"),
        arguments("{\"op\":\"load\",\"tid\":1,\"addr\":0,\"size\":1,\"rf\":-2}",
            "rf: expected a non-negative integer, got -2"),
        arguments("{\"op\":\"gp_begin\",\"tid\":1} x", "unexpected content after the JSON object"),
        arguments("{\"op\":\"gp_begin\",\"tid\":1}{\"op\":\"gp_end\",\"tid\":1}",
            "unexpected content after the JSON object"),
        arguments("{\"op\":\"gp_begin\",\"tid\":1}}", "unexpected content after the JSON object"),
        arguments("{\"op\":\"gp_begin\",\"tid\":1} # comment",
            "unexpected content after the JSON object"),
        arguments("{\"op\":\"load\",",
            "malformed JSON at column 14: Unexpected end-of-input within/between Object entries"),
        arguments("{\"op\":\"load\" \"tid\":1}", "malformed JSON at column 14: Unexpected character "
            + "('\"' (code 34)): was expecting comma to separate Object entries"),
        arguments("{\"op\":\"gp_begin\",\"tid\":1,\"x\":[1,}", "malformed JSON at column 33: "
            + "Unexpected character ('}' (code 125)): expected a value"),
        arguments("{\"op\":\"gp_begin\",\"tid\":1,\"x\":[1}", "malformed JSON at column 32: "
            + "Unexpected close marker '}': expected ']'"),
        arguments("{op:\"gp_begin\"}", "malformed JSON at column 2: Unexpected character ('o' "
            + "(code 111)): was expecting double-quote to start field name"),
        arguments("hello", "malformed JSON at column 6: Unrecognized token 'hello': was expecting "
            + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"),
        arguments("{\"op\":\"load\",\"op\":\"store\",\"tid\":1,\"addr\":0,\"size\":1}",
            "duplicate field 'op'"),
        arguments("{\"tid\":1,\"op\":\"load\",\"op\":\"store\",\"addr\":0,\"size\":1}",
            "duplicate field 'op'"),
        arguments(LOAD + "0,\"addr\":1}", "duplicate field 'addr'"),
        arguments("{\"op\":\"header\",\"version\":2}", "unsupported header version 2"),
        arguments("{\"op\":\"header\",\"version\":\"1.0\"}", "unsupported header version 1.0"),
        arguments("{\"op\":\"header\",\"format\":\"other\"}",
            "unsupported header format 'other' (expected slabrace-jsonl)"),
        arguments("{\"op\":\"header\",\"a\":1,\"a\":2}", "duplicate field 'a'"),
        arguments("{\"op\":\"header\",\"id\":-4}", "id: expected a non-negative integer, got -4"),
        arguments("{\"op\":\"load\",\"tid\":1,\"size\":8,\"addr\":\"0xfffffffffffffffc\"}",
            "addr 0xfffffffffffffffc with size 8 runs past the end of the address space"),
        arguments("{\"op\":\"alloc\",\"tid\":1,\"ptr\":\"0xffffffffffffff00\",\"size\":4096}",
            "ptr 0xffffffffffffff00 with size 4096 runs past the end of the address space"),
        arguments("{\"op\":\"load\",\"tid\":1,\"addr\":0,\"size\":1,\"stack\":[\"" + "f".repeat(60)
            + "\"],\"sid\":\"" + "\\n".repeat(50) + "\"}",
            "sid \"" + "\\n".repeat(40) + "...\" was not declared by an earlier stack event"));
  }

  @ParameterizedTest
  @MethodSource("malformedLines")
  void next_malformedLine(String line, String problem) {
    assertFails(line, TraceText.FILE + ":1: " + problem);
  }

  @Test
  void next_errorNamesTheLineCountingBlankAndCommentLines() {
    assertFails("# header comment\n\n{\"op\":\"gp_begin\",\"tid\":1}\n{\"op\":\"nope\"}",
        "t.jsonl:4: unknown op 'nope'");
  }

  @Test
  void next_explicitIdNotGreater() {
    assertFails("{\"id\":5,\"op\":\"gp_begin\",\"tid\":1}\n{\"id\":5,\"op\":\"gp_end\",\"tid\":1}",
        "t.jsonl:2: id 5 is not greater than the previous id 5");
    assertFails("{\"id\":5,\"op\":\"gp_begin\",\"tid\":1}\n{\"id\":2,\"op\":\"gp_end\",\"tid\":1}",
        "t.jsonl:2: id 2 is not greater than the previous id 5");
  }

  @Test
  void next_implicitIdNotGreater() {
    assertFails("{\"id\":5,\"op\":\"gp_begin\",\"tid\":1}\n{\"op\":\"gp_end\",\"tid\":1}",
        "t.jsonl:2: implicit id 1 (the event's index) is not greater than the previous id 5");
  }

  @Test
  void next_referenceToALaterEventIsWellFormed() throws IOException {
    // the analysis decides what such a reference means (it warns and ignores it); the reader keeps it
    List<EventCursor> events = readAll(source("{\"op\":\"store\",\"tid\":1,\"addr\":0,\"size\":1}\n"
        + "{\"op\":\"load\",\"tid\":2,\"addr\":0,\"size\":1,\"dep\":42}\n"
        + "{\"id\":7,\"op\":\"load\",\"tid\":2,\"addr\":0,\"size\":1,\"ctrl\":7}\n"
        + "{\"op\":\"rmw\",\"tid\":2,\"addr\":0,\"size\":1,\"rf\":9,\"id\":8}"));
    assertEquals(42, events.get(1).dep);
    assertEquals(7, events.get(2).ctrl);
    assertEquals(9, events.get(3).rf);
  }

  @Test
  void next_headerOnlyFirst() {
    assertFails("{\"op\":\"gp_begin\",\"tid\":1}\n{\"op\":\"header\",\"version\":1}",
        "t.jsonl:2: header must be the first event");
    assertFails("{\"op\":\"header\"}\n{\"op\":\"header\"}", "t.jsonl:2: header must be the first event");
  }

  @Test
  void next_stackAndSidTogether() {
    assertFails("{\"op\":\"stack\",\"sid\":1,\"frames\":[\"f\"]}\n"
        + "{\"op\":\"gp_begin\",\"tid\":1,\"sid\":1,\"stack\":[\"f\"]}",
        "t.jsonl:2: an event may not have both 'stack' and 'sid'");
  }

  @Test
  void next_sidDeclaredAgainWithOtherFrames() {
    assertFails("{\"op\":\"stack\",\"sid\":1,\"frames\":[\"f\"]}\n"
        + "{\"op\":\"stack\",\"sid\":\"1\",\"frames\":[\"g\"]}",
        "t.jsonl:2: sid \"1\" is already declared with other frames");
  }

  @Test
  void next_invalidUtf8() {
    byte[] bytes = "{\"op\":\"region\",\"addr\":0,\"size\":1,\"name\":\"r?\"}".getBytes(UTF_8);
    bytes[bytes.length - 3] = (byte) 0xc3; // a lead byte followed by '"'
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> readAll(
        new JsonlEventSource(new ByteArrayInputStream(bytes), "u.jsonl", false)));
    assertTrue(e.getMessage().startsWith("u.jsonl:1: malformed JSON at column "), e.getMessage());
    assertTrue(e.getMessage().contains("Invalid UTF-8"), e.getMessage());
  }

  @Test
  void next_nestingBeyondParserLimitIsAFormatError() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    TraceFormatException e = assertThrows(TraceFormatException.class,
        () -> readAll(source("{\"op\":\"gp_begin\",\"tid\":1,\"x\":" + deep + "}")));
    assertTrue(e.getMessage().startsWith("t.jsonl:1: malformed JSON"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void next_parserLimitsAndHintsAreSaidInPlainWords() {
    String load = "{\"op\":\"load\",\"tid\":1,\"addr\":0,\"size\":";
    assertFails(load + "1,\"x\":" + "[".repeat(100_000),
        "t.jsonl:1: malformed JSON: nesting deeper than 1000 levels");
    assertFails(load + "1,\"ts\":" + "9".repeat(5000) + "}",
        "t.jsonl:1: malformed JSON: number longer than 1000 characters");
    assertFails(load + "NaN}", "t.jsonl:1: malformed JSON at column 41: Non-standard token 'NaN'");
    assertFails(load + "+1}", "t.jsonl:1: malformed JSON at column 39: Unexpected character ('+'"
        + " (code 43)) in numeric value: JSON spec does not allow numbers to have plus signs");
  }

  @Test
  void next_lenientSkipsAndCountsMalformedLines() throws IOException {
    JsonlEventSource s = source("{\"op\":\"gp_begin\",\"tid\":1}\n"
        + "{\"op\":\"gp_end\",\n"
        + "{\"op\":\"gp_end\",\"tid\":1}\n"
        + "{\"op\":\"frobnicate\",\"tid\":1}\n"
        + "{\"op\":\"header\"}\n"
        + "{\"op\":\"load\",\"tid\":1,\"addr\":0,\"size\":0}\n"
        + "{\"op\":\"synchronize_rcu\",\"tid\":1}", true);
    List<EventCursor> events = readAll(s);
    assertEquals(List.of(Op.GP_BEGIN, Op.GP_END, Op.SYNCHRONIZE_RCU),
        events.stream().map(c -> c.op).toList());
    assertEquals(List.of(0L, 1L, 2L), events.stream().map(c -> c.id).toList());
    assertEquals(List.of(1L, 3L, 7L), events.stream().map(c -> c.position).toList());
    assertEquals(4, s.skipped());
  }

  @Test
  void next_lenientSkippedStackDeclarationDeclaresNothing() throws IOException {
    JsonlEventSource s = source("{\"op\":\"gp_begin\",\"tid\":1}\n"
        + "{\"id\":0,\"op\":\"stack\",\"sid\":1,\"frames\":[\"f\"]}\n"
        + "{\"op\":\"gp_end\",\"tid\":1,\"sid\":1}", true);
    assertEquals(1, readAll(s).size());
    assertEquals(2, s.skipped());
  }

  @Test
  void next_lenientSkipsOverlongLines() throws IOException {
    String longLine = "{\"op\":\"gp_begin\",\"tid\":1,\"pad\":\"" + "x".repeat(1 << 20) + "\"}";
    JsonlEventSource s = source(longLine + "\n{\"op\":\"gp_end\",\"tid\":1}\n", true);
    List<EventCursor> events = readAll(s);
    assertEquals(1, events.size());
    assertEquals(0, events.get(0).id);
    assertEquals(2, events.get(0).position);
    assertEquals(1, s.skipped());
    assertFails(longLine, "t.jsonl:1: line longer than 1048576 bytes");
  }

  @Test
  void next_lenientStillFailsOnTruncatedGzip() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      text.append("{\"op\":\"store\",\"tid\":").append(i % 7).append(",\"addr\":").append(i * 31L)
          .append(",\"size\":8}\n");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.toString().getBytes(UTF_8));
    }
    byte[] cut = Arrays.copyOf(bytes.toByteArray(), bytes.size() / 2);
    JsonlEventSource s = new JsonlEventSource(new ByteArrayInputStream(cut), "t.jsonl.gz", true);
    EventCursor c = new EventCursor();
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> {
      while (s.next(c)) {
        // read to the cut
      }
    });
    assertTrue(e.problem().startsWith("truncated gzip stream at compressed byte "), e.problem());
    assertTrue(e.getMessage().startsWith("t.jsonl.gz:"));
    assertTrue(e.position() > 1);
  }
}
