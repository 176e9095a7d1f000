package dev.slabrace.trace.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.trace.TraceFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

final class LineReaderTest {

  @Test
  void next_splitsOnNewlineAndStripsCarriageReturn() throws IOException {
    assertEquals(List.of("a", "", "bc", "d"), lines("a\n\r\nbc\r\nd"));
  }

  @Test
  void next_trailingNewlineMakesNoEmptyLine() throws IOException {
    assertEquals(List.of("a", "b"), lines("a\nb\n"));
  }

  @Test
  void next_emptyInput() throws IOException {
    assertEquals(List.of(), lines(""));
  }

  @Test
  void next_onlyCarriageReturnInsideLineIsKept() throws IOException {
    assertEquals(List.of("a\rb"), lines("a\rb\n"));
  }

  @Test
  void next_byteOrderMarkAtStartIsStripped() throws IOException {
    assertEquals(List.of("{}", "x"), lines("\uFEFF{}\nx"));
  }

  @Test
  void next_countsLines() throws IOException {
    LineReader r = reader("a\n\nb", 100);
    assertTrue(r.next());
    assertEquals(1, r.lineNumber());
    assertTrue(r.next());
    assertTrue(r.next());
    assertEquals(3, r.lineNumber());
    assertFalse(r.next());
    assertFalse(r.next());
  }

  @Test
  void next_linesAcrossBufferRefillsAndGrowth() throws IOException {
    StringBuilder text = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String line = "x".repeat(i * 37 % 5000) + i;
      expected.add(line);
      text.append(line).append('\n');
    }
    LineReader r = new LineReader(slowStream(text.toString().getBytes(UTF_8)), "t", 10_000, false);
    List<String> got = new ArrayList<>();
    while (r.next()) {
      got.add(r.text());
    }
    assertEquals(expected, got);
  }

  @Test
  void next_lineOfExactlyMaxLengthIsAccepted() throws IOException {
    assertEquals(List.of("12345", "123"), linesMax("12345\r\n123", 5));
  }

  @Test
  void next_lineLongerThanMaxFails() throws IOException {
    LineReader r = reader("ok\n123456\nok", 5);
    assertTrue(r.next());
    TraceFormatException e = assertThrows(TraceFormatException.class, r::next);
    assertEquals("t.jsonl:2: line longer than 5 bytes", e.getMessage());
  }

  @Test
  void next_overlongLastLineWithoutNewlineFails() throws IOException {
    LineReader r = reader("123456", 5);
    TraceFormatException e = assertThrows(TraceFormatException.class, r::next);
    assertEquals("t.jsonl:1: line longer than 5 bytes", e.getMessage());
  }

  @Test
  void next_hugeLineFailsWithoutReadingItAll() throws IOException {
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        return 'x';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        Arrays.fill(b, off, off + len, (byte) 'x');
        return len;
      }
    };
    LineReader r = new LineReader(endless, "big", LineReader.MAX_LINE_LENGTH, false);
    TraceFormatException e = assertThrows(TraceFormatException.class, r::next);
    assertEquals("big:1: line longer than 1048576 bytes", e.getMessage());
  }

  @Test
  void next_realLimitAcceptsOneMebibyte() throws IOException {
    String line = "y".repeat(LineReader.MAX_LINE_LENGTH);
    LineReader r = LineReader.open(stream(line + "\nz\n"), "t", false);
    assertTrue(r.next());
    assertEquals(LineReader.MAX_LINE_LENGTH, r.length());
    assertTrue(r.next());
    assertEquals("z", r.text());
  }

  @Test
  void next_skipOverlongDiscardsAndCounts() throws IOException {
    LineReader r = new LineReader(slowStream("a\n1234567890\nb\n123456".getBytes(UTF_8)), "t", 5, true);
    assertTrue(r.next());
    assertEquals("a", r.text());
    assertTrue(r.next());
    assertEquals("b", r.text());
    assertEquals(3, r.lineNumber());
    assertFalse(r.next());
    assertEquals(2, r.overlongSkipped());
  }

  @Test
  void pushBack_returnsTheSameLineAgain() throws IOException {
    LineReader r = reader("a\nb", 10);
    assertTrue(r.next());
    r.pushBack();
    assertTrue(r.next());
    assertEquals("a", r.text());
    assertEquals(1, r.lineNumber());
    assertTrue(r.next());
    assertEquals("b", r.text());
  }

  @Test
  void firstNonBlank_skipsSpacesAndTabs() throws IOException {
    LineReader r = reader(" \t#x\n \t", 10);
    assertTrue(r.next());
    assertEquals('#', r.buffer()[r.firstNonBlank()]);
    assertTrue(r.next());
    assertEquals(r.end(), r.firstNonBlank());
  }

  @Test
  void open_detectsGzip() throws IOException {
    LineReader r = LineReader.open(new ByteArrayInputStream(gzip("one\ntwo\n")), "t.gz", false);
    assertTrue(r.isGzip());
    assertTrue(r.next());
    assertEquals("one", r.text());
    assertTrue(r.next());
    assertEquals("two", r.text());
    assertFalse(r.next());
  }

  @Test
  void open_concatenatedGzipMembersAreOneStream() throws IOException {
    byte[] first = gzip("one\ntw");
    byte[] second = gzip("o\nthree\n");
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    LineReader r = LineReader.open(new ByteArrayInputStream(both), "t.gz", false);
    List<String> got = new ArrayList<>();
    while (r.next()) {
      got.add(r.text());
    }
    assertEquals(List.of("one", "two", "three"), got);
  }

  @Test
  void open_plainInputIsReadAsIs() throws IOException {
    LineReader r = LineReader.open(stream("\u001f"), "t", false);
    assertFalse(r.isGzip());
    assertTrue(r.next());
    assertArrayEquals(new byte[] {0x1f}, Arrays.copyOfRange(r.buffer(), r.start(), r.end()));
  }

  @Test
  void next_truncatedGzipFailsAtLineReached() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append("line ").append(i * 7919L % 100_003).append('\n');
    }
    byte[] gz = gzip(text.toString());
    byte[] cut = Arrays.copyOf(gz, gz.length / 2);
    LineReader r = LineReader.open(new ByteArrayInputStream(cut), "t.gz", false);
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> {
      while (r.next()) {
        // read to the cut
      }
    });
    assertEquals("t.gz:" + (r.lineNumber() + 1) + ": truncated gzip stream at compressed byte "
        + cut.length + ": the file ends inside the deflate data of the member that starts at"
        + " compressed byte 0", e.getMessage());
    assertTrue(r.lineNumber() > 100);
  }

  @Test
  void next_gzipCutInTrailerFails() throws IOException {
    byte[] gz = gzip("a\nb\n");
    byte[] cut = Arrays.copyOf(gz, gz.length - 3);
    LineReader r = LineReader.open(new ByteArrayInputStream(cut), "t.gz", false);
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> {
      while (r.next()) {
        // read to the cut
      }
    });
    assertEquals("truncated gzip stream at compressed byte " + cut.length + ": the file ends inside"
        + " the trailer of the member that starts at compressed byte 0", e.problem());
  }

  @Test
  void next_gzipHeaderOnlyFailsAtLineOne() throws IOException {
    byte[] magicOnly = {0x1f, (byte) 0x8b, 8};
    LineReader r = LineReader.open(new ByteArrayInputStream(magicOnly), "t.gz", false);
    TraceFormatException e = assertThrows(TraceFormatException.class, r::next);
    assertEquals("t.gz:1: truncated gzip stream at compressed byte 3: the file ends inside the"
        + " header of the member that starts at compressed byte 0", e.getMessage());
  }

  @Test
  void next_corruptGzipDataFails() throws IOException {
    byte[] gz = gzip("hello\nworld\n".repeat(50));
    for (int i = 10; i < gz.length - 8; i++) { // the deflate data, from its first block header
      gz[i] = (byte) 0xff;
    }
    LineReader r = LineReader.open(new ByteArrayInputStream(gz), "t.gz", false);
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> {
      while (r.next()) {
        // read to the damage
      }
    });
    assertEquals("t.gz:1: corrupt gzip data at compressed byte 11: invalid block type",
        e.getMessage());
  }

  @Test
  void next_corruptGzipChecksumFails() throws IOException {
    byte[] gz = gzip("hello\n");
    gz[gz.length - 8] ^= 1; // CRC32 of the trailer
    LineReader r = LineReader.open(new ByteArrayInputStream(gz), "t.gz", false);
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> {
      while (r.next()) {
        // read to the trailer
      }
    });
    assertEquals("corrupt gzip data at compressed byte " + (gz.length - 8) + ": CRC-32 does not"
        + " match the data of the member that starts at compressed byte 0", e.problem());
  }

  static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(UTF_8));
    }
    return bytes.toByteArray();
  }

  @Test
  void textScan_flagsOverlongAndBinaryLinesAndTellsPrintableOnes() throws IOException {
    LineOptions text = new LineOptions(12, LineOptions.Overlong.FLAG, LineOptions.Scan.TEXT, false,
        true);
    String input = "\ufeffkept\n" + "plain line\r\n" + "x".repeat(40) + "\0tail\n"
        + "0123456789ab\r\n" + "a\0b\n" + "t\u00e9\tx\n";
    LineReader r = new LineReader(slowStream(input.getBytes(UTF_8)), "t.txt", text, false);
    List<String> got = new ArrayList<>();
    while (r.next()) {
      got.add(r.lineNumber() + (r.overlong() ? " overlong" : "") + (r.binary() ? " binary" : "")
          + (r.printable() ? " printable" : "") + " [" + r.text() + "]");
    }
    // no byte order mark is skipped; a '\r' counts toward the length: "0123456789ab\r" is 13 bytes
    assertEquals(List.of("1 [\ufeffkept]", "2 printable [plain line]", "3 overlong binary []",
        "4 overlong []", "5 binary [a\0b]", "6 [t\u00e9\tx]"), got);
  }

  @Test
  void fieldsScan_trimsLinesAndNotesInnerSpace() throws IOException {
    LineOptions fields = new LineOptions(100, LineOptions.Overlong.FAIL, LineOptions.Scan.FIELDS,
        true, true);
    String input = "\ufeff  a|b(c)|1 \t\r\n\n x y \nlong-line-without-space|r(v)|12\n\u0001z\u0002w\n";
    LineReader r = new LineReader(slowStream(input.getBytes(UTF_8)), "t.std", fields, false);
    List<String> got = new ArrayList<>();
    while (r.next()) {
      got.add("[" + r.text() + "]" + (r.innerSpace() ? " inner" : ""));
    }
    assertEquals(List.of("[a|b(c)|1]", "[]", "[x y] inner", "[long-line-without-space|r(v)|12]",
        "[z\u0002w] inner"), got);
  }

  @Test
  void next_blocksInsteadOfReadingWhenForbidden() throws IOException {
    LineOptions fields = new LineOptions(100, LineOptions.Overlong.FAIL, LineOptions.Scan.FIELDS,
        true, true);
    LineReader r = new LineReader(slowStream("ab\ncd\nef".getBytes(UTF_8)), "t.std", fields,
        false);
    assertEquals(LineReader.BLOCKED, r.next(false));
    assertEquals(LineReader.BLOCKED, r.next(false));
    assertEquals(LineReader.LINE, r.next(true));
    assertEquals("ab", r.text());
    byte[] buffer = r.buffer();
    int start = r.start();
    // the first read held 7 bytes: "cd" is buffered, "ef" is not yet
    assertEquals(LineReader.LINE, r.next(false));
    assertEquals("cd", r.text());
    assertEquals(LineReader.BLOCKED, r.next(false));
    assertEquals("ab", new String(buffer, start, 2, UTF_8), "a blocked reader moved no byte");
    assertEquals(LineReader.LINE, r.next(true));
    assertEquals("ef", r.text());
    assertEquals(LineReader.END, r.next(true));
  }

  private static List<String> lines(String text) throws IOException {
    return linesMax(text, 100);
  }

  private static List<String> linesMax(String text, int max) throws IOException {
    LineReader r = reader(text, max);
    List<String> got = new ArrayList<>();
    while (r.next()) {
      got.add(r.text());
    }
    return got;
  }

  private static LineReader reader(String text, int max) {
    return new LineReader(stream(text), "t.jsonl", max, false);
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(UTF_8));
  }

  /** A stream that returns at most 7 bytes per read, to cross every buffer boundary. */
  private static InputStream slowStream(byte[] bytes) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 7));
      }
    };
  }
}
