package dev.slabrace.trace.ftrace;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Event lines whose pid, tgid, cpu, flags or timestamp is not what the kernel prints: a format error
 * naming the line and the field (skipped and counted when lenient), on the fast path and the general
 * reader alike, never a line silently dropped; flags the kernel can print are read.
 */
final class MalformedPrefixTest {
  private static final String ALLOC = "            init-1       [000] .....     2.565937: kmalloc:"
      + " call_site=f+0x1/0x2 ptr=ff2e4d3b811b6f00 bytes_req=16 bytes_alloc=16 gfp_flags=GFP_KERNEL"
      + " node=-1 accounted=true\n";
  private static final String FREE = "            init-1       [000] .....     2.565938: kfree:"
      + " call_site=f+0x1/0x2 ptr=ff2e4d3b811b6f00\n";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "[000] .....|[000] ?!?!?|malformed flags '?!?!?' (expected 4 to 8 of the characters . A-Z a-z 0-9 _)",
      "[000] .....|[000] .........|malformed flags '.........' (expected 4 to 8 of the characters . A-Z a-z 0-9 _)",
      "[000] .....|[000] d. s3.|malformed flags 'd. s3.' (expected 4 to 8 of the characters . A-Z a-z 0-9 _)",
      "[000] .....|[000] ..|malformed flags '..' (expected 4 to 8 of the characters . A-Z a-z 0-9 _)",
      "init-1 |init-99999999999999999999 |malformed pid '99999999999999999999' (expected TASK-PID with a pid of at most 2147483647)",
      "init-1 |init-2147483648 |malformed pid '2147483648' (expected TASK-PID with a pid of at most 2147483647)",
      "init-1 |init-1x |malformed pid '1x' (expected TASK-PID with a pid of at most 2147483647)",
      "[000]|[99999999999]|malformed cpu '[99999999999]' (expected a CPU number of 1 to 5 digits in brackets)",
      "[000]|[-1]|malformed cpu '[-1]' (expected a CPU number of 1 to 5 digits in brackets)",
      "[000]|(abc) [000]|malformed tgid '(abc)' (expected (TGID) or (-------))",
      "2.565938:|2.56x938:|malformed timestamp '2.56x938' (expected SECONDS.FRACTION or a counter)",
      "2.565938:|2.:|malformed timestamp '2.' (expected SECONDS.FRACTION or a counter)",
      ".....     2.565938:|.....:|malformed timestamp '.....' (expected SECONDS.FRACTION or a counter)",
      "2.565938:|.565938:|malformed timestamp '.565938' (expected SECONDS.FRACTION or a counter)",
  })
  void malformedField_isAnErrorNamingLineAndField(String from, String to, String problem)
      throws IOException {
    byte[] input = (ALLOC + FREE.replace(from, to)).getBytes(UTF_8);
    for (boolean fast : new boolean[] {false, true}) {
      Replay strict = Replay.of(input, false, fast);
      assertEquals("t.txt:2: kfree: " + problem, strict.error(), "fast path " + fast);
      assertEquals(1, strict.events().size());
      Replay lenient = Replay.of(input, true, fast);
      assertNull(lenient.error());
      assertEquals(1, lenient.skipped(), "fast path " + fast);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dNBZ.", "Xlh1f", "D.s3.", "bLH.2", "..z.", "dNs2.1.", "_..."})
  void flagsTheKernelCanPrint_areRead(String flags) throws IOException {
    byte[] input = (ALLOC + FREE.replace(".....", flags)).getBytes(UTF_8);
    for (boolean fast : new boolean[] {false, true}) {
      Replay r = Replay.of(input, false, fast);
      assertNull(r.error(), "fast path " + fast);
      assertEquals(2, r.events().size());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "# a comment 1.5: kfree: with - a dash",
      "CPU 3 is empty",
      "          <idle>-0     [000] d..2   123.456: cpu_idle <-do_idle",
      "plain continuation text of a printk",
  })
  void linesThatAreNoEventLines_areStillSkipped(String line) throws IOException {
    byte[] input = (ALLOC + line + "\n" + FREE).getBytes(UTF_8);
    Replay r = Replay.of(input, false, false);
    assertNull(r.error());
    assertEquals(2, r.events().size());
  }
}
