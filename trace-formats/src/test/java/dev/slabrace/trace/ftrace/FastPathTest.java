package dev.slabrace.trace.ftrace;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.trace.SymbolTable;
import dev.slabrace.trace.TaskTable;
import dev.slabrace.trace.io.LineReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The byte-level fast path against the general reader it stands in for: on every export variant of
 * the real captures in sample-traces/ftrace, the fuzz inputs, random lines of the shapes it maps in many spellings, and those
 * lines damaged at random, a reader with the fast path must deliver the same events, fail with the
 * same message, skip the same lines and leave the same notes and tables as a reader without it.
 */
final class FastPathTest {
  private static final Path SAMPLES =
      Path.of(System.getProperty("slabrace.root", ".."), "sample-traces", "ftrace");
  private static final Path FUZZ_INPUTS = Path.of("src", "test", "resources", "dev", "slabrace",
      "trace", "ftrace", "FtraceFuzzTestInputs", "read");
  private static final String ACCESS = "          fio-1001    [001] .....  3.000100: slab_access: "
      + "slab=ffffea0004000040 op=W size=8 order=plain addr=ffff888100000010 val=0x1f"
      + " cache=kmalloc-64 ip=queue_item+0x48/0x80";

  static Stream<Path> files() throws IOException {
    List<Path> files = new ArrayList<>();
    assertTrue(Files.isDirectory(SAMPLES), "missing " + SAMPLES + ": the real Debian 6.1 captures"
        + " are part of the repository (run from its root, or set -Dslabrace.root)");
    try (Stream<Path> s = Files.list(SAMPLES)) {
      s.sorted().forEach(files::add);
    }
    try (Stream<Path> s = Files.list(FUZZ_INPUTS)) {
      s.sorted().forEach(files::add);
    }
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("files")
  void samplesReadTheSame(Path file) throws IOException {
    byte[] text = Files.readAllBytes(file);
    assertSame(text, file.toString());
    // and every variant with CRLF line ends
    assertSame(new String(text, UTF_8).replace("\n", "\r\n").getBytes(UTF_8), file + " (CRLF)");
  }

  @Test
  void debianCapturesMostlyTakeTheFastPath() throws IOException {
    for (String name : List.of("debian-6.1-trace.txt", "debian-6.1-trace-tgid.txt",
        "debian-6.1-trace-noirqinfo.txt", "debian-6.1-trace-cmd-report.txt")) {
      List<String> lines = Files.readAllLines(SAMPLES.resolve(name));
      long fast = lines.stream().filter(FastPathTest::takesFastPath).count();
      assertTrue(fast > lines.size() / 2, name + ": " + fast + " of " + lines.size());
    }
  }

  @Test
  void canonicalLinesTakeTheFastPath() {
    assertTrue(takesFastPath(ACCESS));
    assertTrue(takesFastPath(ACCESS.replace(" op=W", " field=refcnt op=X old=0x1e ok=1")));
    assertTrue(takesFastPath(ACCESS + " [mod]"));
    assertTrue(takesFastPath("  bash-1002    [000] d..2.  3.0: sched_switch: prev_comm=bash"
        + " prev_pid=1002 prev_prio=120 prev_state=S ==> next_comm=fio next_pid=1001 next_prio=120"));
    assertTrue(takesFastPath("  bash-1 (  1) [000] .....  3.0: kmalloc: call_site=f+0x1/0x2"
        + " ptr=ffff888100000000 bytes_req=60 bytes_alloc=64 gfp_flags=GFP_KERNEL node=-1"));
    assertTrue(takesFastPath("  a-b-7 [001] ..s1. 1.5: mm_page_alloc: anything at all"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "op=W  size=8",
      "op=W size=8 ",
      "op=W size= 8",
      "op=W size=8 size=8",
      "op=W size=99999999999999999999",
      "op=W size=0x10000000000000000",
      "op=W size=-8",
      "op=W size=+8",
      "op=W size=8 junk",
      "op=Wx size=8",
      "op=W size=8 order=\"plain\"",
      "op=W size=8 field=\"x\"",
  })
  void oddPayloadsReadTheSame(String ops) throws IOException {
    String line = ACCESS.replace("op=W size=8", ops);
    assertSame((line + "\n").getBytes(UTF_8), line);
    assertSame((ACCESS + "\n" + line + "\n" + ACCESS + "\n").getBytes(UTF_8), line);
  }

  @Test
  void edgeLinesAreLeftToTheGeneralReader() {
    assertFalse(takesFastPath(ACCESS.replace("op=W size=8", "op=W size=8 junk")));
    assertFalse(takesFastPath(ACCESS.replace("op=W size=8", "op=W size=8 op=R")));
    assertFalse(takesFastPath(ACCESS.replace("size=8", "size=99999999999999999999")));
    assertFalse(takesFastPath(ACCESS.replace("fio", "fiö")));
    assertFalse(takesFastPath(ACCESS.replace("fio", "f\tio")));
    assertFalse(takesFastPath(ACCESS.substring(0, 60)));
    assertFalse(takesFastPath(ACCESS.replace(" addr=", " base=")));
    assertFalse(takesFastPath(ACCESS.replace(" op=W", " op=X ok=\"0\"")));
    assertFalse(takesFastPath("cat-5 [000] ..... 1.0: kfree: call_site=f ptr=ffff888100000000"));
    assertFalse(takesFastPath("  a-5 [000] ..... 1.0: kfree: call_site=f ptr=0"));
  }

  @Test
  void randomLinesReadTheSame() throws IOException {
    SplittableRandom random = new SplittableRandom(11);
    int fast = 0;
    for (int round = 0; round < 40; round++) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        String line = Lines.random(random);
        lines.add(random.nextInt(4) == 0 ? Lines.damage(line, random) : line);
        fast += takesFastPath(lines.get(i)) ? 1 : 0;
      }
      String text = String.join("\n", lines) + "\n";
      assertSame(text.getBytes(UTF_8), "round " + round);
    }
    assertTrue(fast > 40 * 500 / 4, "lines the fast path takes: " + fast);
  }

  @Test
  void eachRandomLineAloneReadsTheSame() throws IOException {
    SplittableRandom random = new SplittableRandom(12);
    for (int i = 0; i < 4000; i++) {
      String line = Lines.damage(Lines.random(random), random);
      assertSame(("# tracer: nop\n" + line + "\n").getBytes(UTF_8), line);
    }
  }

  @Test
  void eightHexDigitsReadAsParseUnsignedLong() {
    SplittableRandom random = new SplittableRandom(13);
    String alphabet = "0123456789abcdefABCDEF0123456789abcdef gGxX/:@`_.-~!\"";
    for (int i = 0; i < 200_000; i++) {
      char[] digits = new char[8];
      for (int d = 0; d < 8; d++) {
        digits[d] = alphabet.charAt(random.nextInt(i % 2 == 0 ? 22 : alphabet.length()));
      }
      String s = new String(digits);
      long expected;
      try {
        expected = Long.parseUnsignedLong(s, 16);
      } catch (NumberFormatException e) {
        expected = -1;
      }
      byte[] b = s.getBytes(UTF_8);
      assertEquals(expected, FastPayload.hex8(dev.slabrace.trace.io.Swar.word(b, 0, 8)), s);
    }
  }

  /** Asserts that both readers deliver the same, strictly and leniently. */
  static void assertSame(byte[] input, String what) throws IOException {
    for (boolean lenient : new boolean[] {false, true}) {
      assertEquals(Replay.of(input, lenient, false), Replay.of(input, lenient, true),
          what + (lenient ? " (lenient)" : ""));
    }
  }

  /** Whether a fresh reader's fast path accepts {@code line}. */
  static boolean takesFastPath(String line) {
    EventMapper mapper = new EventMapper(new FtraceTasks(new TaskTable()), new SymbolTable(),
        new Evidence());
    // the line as the reader splits it: the fast path sees only printable lines
    LineReader lines = new LineReader(new ByteArrayInputStream(line.getBytes(UTF_8)), "t",
        FtraceEventSource.LINES, false);
    try {
      return lines.next() && lines.printable() && !lines.overlong()
          && mapper.fastPath().accepts(lines.buffer(), lines.start(), lines.end());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
