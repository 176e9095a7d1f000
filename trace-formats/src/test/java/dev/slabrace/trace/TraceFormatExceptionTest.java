package dev.slabrace.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

final class TraceFormatExceptionTest {
  @Test
  void message_namesFileAndLineOrOffset() {
    assertEquals("t.jsonl:3: bad", TraceFormatException.atLine("t.jsonl", 3, "bad").getMessage());
    TraceFormatException e = TraceFormatException.atOffset("t.bin", 84, "bad");
    assertEquals("t.bin: byte 84: bad", e.getMessage());
    assertTrue(e.isByteOffset());
  }

  @Test
  void message_isOneLineWhateverTheProblemQuotes() {
    // found by FtraceFuzzTest: a line starting with '\r' was quoted as it was
    TraceFormatException e = TraceFormatException.atLine("t.txt", 1,
        "not this: '\r\u00ec\n\u0000\u2028\u0085\t'");
    assertEquals("t.txt:1: not this: '\\u000d\u00ec\\u000a\\u0000\\u2028\\u0085\\u0009'",
        e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
    assertEquals("not this: '\\u000d\u00ec\\u000a\\u0000\\u2028\\u0085\\u0009'", e.problem());
  }
}
