package dev.slabrace.trace.simbin;

import static dev.slabrace.trace.simbin.SimbinEventWriterTest.read;
import static dev.slabrace.trace.simbin.SimbinEventWriterTest.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.TraceFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class SimbinEventSourceTest {

  @Test
  @Timeout(60)
  void next_truncatedAtEveryOffset() throws IOException {
    byte[] file = write(new RandomTrace(99, 40));
    assertTrue(file.length > 1000, "the file covers strings, stacks and metadata: " + file.length);
    int[] eventsBefore = eventOffsets(file);
    for (int length = 0; length < file.length; length++) {
      byte[] cut = Arrays.copyOf(file, length);
      int delivered = 0;
      try (SimbinEventSource src = read(cut)) {
        EventCursor c = new EventCursor();
        while (src.next(c)) {
          delivered++;
        }
        fail("a trace cut at " + length + " of " + file.length + " bytes was accepted");
      } catch (TraceFormatException e) {
        assertEquals("truncated trace: no trailer after " + delivered + " events", e.problem(),
            "cut at " + length);
        assertTrue(e.isByteOffset());
        assertTrue(e.position() <= length, "cut at " + length + ": the offset " + e.position()
            + " is inside the file");
        assertEquals(eventsBefore[length], delivered, "every complete event is delivered");
      }
    }
  }

  @Test
  @Timeout(60)
  void next_everyCorruptByteFails() throws IOException {
    byte[] file = write(new RandomTrace(5, 30));
    for (int i = 0; i < file.length; i++) {
      for (int flip : new int[] {0x01, 0x80, 0xff, 0x55}) {
        byte[] bad = file.clone();
        bad[i] ^= (byte) flip;
        try (SimbinEventSource src = read(bad)) {
          EventCursor c = new EventCursor();
          while (src.next(c)) {
            // read on: the damage must surface by the end at the latest
          }
          fail("byte " + i + " xor " + flip + " went unnoticed");
        } catch (TraceFormatException expected) {
          assertTrue(expected.getMessage().startsWith("t.simbin: byte "), expected.getMessage());
        }
      }
    }
  }

  @Test
  void next_lenientReadsATruncatedTraceUpToItsLastCompleteRecord() throws IOException {
    RandomTrace trace = new RandomTrace(8, 30);
    byte[] cut = Arrays.copyOf(write(trace), write(trace).length - 30);
    int strict = 0;
    try (SimbinEventSource src = read(cut)) {
      EventCursor c = new EventCursor();
      while (src.next(c)) {
        strict++;
      }
      fail("accepted");
    } catch (TraceFormatException expected) {
      // counted what a strict read delivers first
    }
    try (SimbinEventSource src = new SimbinEventSource(new ByteArrayInputStream(cut), "t", true)) {
      EventCursor c = new EventCursor();
      int n = 0;
      while (src.next(c)) {
        RandomTrace.assertSameEvent(trace.events.get(n), c, "event " + n);
        n++;
      }
      assertEquals(strict, n);
      assertTrue(n > 20, n + " events");
      assertEquals(1, src.skipped());
      assertEquals(1, src.notes().size());
      assertTrue(src.notes().get(0).matches("byte \\d+: truncated trace: no trailer after " + n
          + " events; the unfinished record there was dropped; the checksum could not be verified"),
          src.notes().get(0));
    }
  }

  @Test
  void next_lenientTruncationAtARecordBoundaryDropsNothing() throws IOException {
    byte[] file = new Bytes().header().bytes(0x41, 1, 'a', 0x0e, 0x01, 0x01).toArray();
    try (SimbinEventSource src = new SimbinEventSource(new ByteArrayInputStream(file), "t", true)) {
      EventCursor c = new EventCursor();
      assertTrue(src.next(c));
      assertFalse(src.next(c));
      assertEquals(0, src.skipped());
      assertEquals(List.of("byte 16: truncated trace: no trailer after 1 events; the checksum could "
          + "not be verified"), src.notes());
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', textBlock = """
      89535242 0d0a1a0b 0100;             byte 0: not a simbin trace (bad magic)
      7b226f70;                           byte 0: not a simbin trace (bad magic)
      '';                                 byte 0: truncated trace: no trailer after 0 events
      895352;                             byte 0: truncated trace: no trailer after 0 events
      89535242 0d0a1a0a 03 00;            byte 8: unsupported simbin version 3 (this reader reads versions 1 and 2)
      89535242 0d0a1a0a 01 03;            byte 9: unsupported simbin flags 0x3
      89535242 0d0a1a0a 0100 00;          byte 10: unknown record kind 0x00
      89535242 0d0a1a0a 0100 19 00;       byte 10: unknown record kind 0x19
      89535242 0d0a1a0a 0200 1a 00;       byte 10: unknown record kind 0x1a
      89535242 0d0a1a0a 0100 02 80808001; byte 11: unknown field bits 0x200000 in a load record
      89535242 0d0a1a0a 0200 19 80808002 02; byte 15: unknown cache flags 0x2
      89535242 0d0a1a0a 0100 02 ffffffffffffffffffff01; byte 11: varint longer than 10 bytes
      89535242 0d0a1a0a 0100 02 ffffffffffffffffff02;   byte 11: varint overflows 64 bits
      89535242 0d0a1a0a 0100 02 808080808001;           byte 11: unknown field bits 0x800000000 in a load record
      89535242 0d0a1a0a 0100 02 01 01;    byte 12: task 0 is not defined (0 tasks so far)
      89535242 0d0a1a0a 0100 02 08 05;    byte 12: symbol 4 is not defined (0 symbols so far)
      89535242 0d0a1a0a 0100 02 8004 01;  byte 13: stack 0 is not defined (0 stacks so far)
      89535242 0d0a1a0a 0100 02 20 07;    byte 12: invalid attributes byte 0x07
      89535242 0d0a1a0a 0100 02 20 40;    byte 12: invalid attributes byte 0x40
      89535242 0d0a1a0a 0100 05 808001 07; byte 14: invalid fence kind 7
      89535242 0d0a1a0a 0100 17 808010 04; byte 14: invalid region class 4
      89535242 0d0a1a0a 0100 06 a001 20 00; byte 10: key names symbol 0, which is not defined (0 symbols so far)
      89535242 0d0a1a0a 0100 02 808040 00; byte 14: metadata on a load event (only header events carry it)
      89535242 0d0a1a0a 0100 40 818080808020;            byte 11: symbol of 1099511627777 bytes (at most 65536)
      89535242 0d0a1a0a 0100 41 ffffffffffffffffff01;    byte 11: task name of 18446744073709551615 bytes (at most 65536)
      89535242 0d0a1a0a 0100 42 8140 00;  byte 11: stack of 8193 frames (at most 4096)
      89535242 0d0a1a0a 0100 42 01 00;    byte 12: frame symbol 0 is not defined (0 symbols so far)
      89535242 0d0a1a0a 0100 01 808040 8140; byte 14: metadata of 8193 pairs (at most 4096)
      89535242 0d0a1a0a 0100 4001 61 4001 61; byte 13: symbol 'a' defined twice (ids 0 and 1)
      89535242 0d0a1a0a 0100 4001 61 420100 420100; byte 16: stack defined twice (ids 0 and 1)
      89535242 0d0a1a0a 0100 0e00 ff02 00000000; byte 12: checksum mismatch: trailer says 0x00000000, content hashes to 0x69c81d2c
      """)
  void next_corruptRecordsNameOffsetAndProblem(String hex, String expected) throws IOException {
    byte[] file = java.util.HexFormat.of().parseHex(hex.replace(" ", ""));
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> readAll(file));
    assertEquals("t.simbin: " + expected, e.getMessage());
  }

  @Test
  void next_trailerCountMismatch() throws IOException {
    byte[] file = new Bytes().header().bytes(0x0e, 0x00).trailer(2);
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> readAll(file));
    assertEquals("t.simbin: byte 12: trailer counts 2 events but the trace holds 1", e.getMessage());
  }

  @Test
  void next_dataAfterTheTrailer() throws IOException {
    byte[] good = new Bytes().header().bytes(0x0e, 0x00).trailer(1);
    assertEquals(1, readAll(good));
    byte[] file = Arrays.copyOf(good, good.length + 1);
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> readAll(file));
    assertEquals("t.simbin: byte " + good.length + ": data after the trailer", e.getMessage());
  }

  @Test
  void next_redundantFieldsAreAccepted() throws IOException {
    // a load whose mask carries attributes "plain", a cpu of "none" and an id delta of 0
    byte[] file = new Bytes().header().bytes(0x02, 0xe0, 0x80, 0x01, 0x00, 0x01, 0x00).trailer(1);
    try (SimbinEventSource src = read(file)) {
      EventCursor c = new EventCursor();
      assertTrue(src.next(c));
      assertEquals(0, c.id);
      assertEquals(EventCursor.NONE, c.cpu);
      assertEquals(10, c.position);
      assertFalse(src.next(c));
    }
  }

  @Test
  void next_readsFromAStreamThatDribbles() throws IOException {
    RandomTrace trace = new RandomTrace(12, 3_000);
    byte[] file = write(trace);
    InputStream in = new ByteArrayInputStream(file) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 3));
      }
    };
    try (SimbinEventSource src = new SimbinEventSource(in, "t.simbin", false)) {
      EventCursor c = new EventCursor();
      int n = 0;
      while (src.next(c)) {
        RandomTrace.assertSameEvent(trace.events.get(n), c, "event " + n);
        n++;
      }
      assertEquals(trace.events.size(), n);
    }
  }

  @Test
  void next_largeTraceAcrossManyBufferRefills() throws IOException {
    RandomTrace trace = new RandomTrace(13, 60_000);
    byte[] file = write(trace);
    assertTrue(file.length > 1 << 20, "many times the reader's buffer: " + file.length);
    try (SimbinEventSource src = read(file)) {
      EventCursor c = new EventCursor();
      int n = 0;
      while (src.next(c)) {
        RandomTrace.assertSameEvent(trace.events.get(n), c, "event " + n);
        n++;
      }
      assertEquals(trace.events.size(), n);
    }
  }

  @Test
  void sniff_magicBytes() {
    byte[] file = new Bytes().header().toArray();
    assertTrue(SimbinEventSource.sniff(file, file.length));
    assertTrue(SimbinEventSource.sniff(file, 8));
    assertFalse(SimbinEventSource.sniff(file, 7));
    file[3] = 'X';
    assertFalse(SimbinEventSource.sniff(file, file.length));
    byte[] text = "T0|r(x)|1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertFalse(SimbinEventSource.sniff(text, text.length));
  }

  private static int readAll(byte[] file) throws IOException {
    int n = 0;
    try (SimbinEventSource src = read(file)) {
      EventCursor c = new EventCursor();
      while (src.next(c)) {
        n++;
      }
    }
    return n;
  }

  /** For each file length, how many events a lenient read of the file cut to that length delivers. */
  private static int[] eventOffsets(byte[] file) throws IOException {
    int[] before = new int[file.length + 1];
    for (int length = 0; length <= file.length; length++) {
      try (SimbinEventSource src = new SimbinEventSource(
          new ByteArrayInputStream(Arrays.copyOf(file, length)), "t", true)) {
        EventCursor c = new EventCursor();
        while (src.next(c)) {
          before[length]++;
        }
      }
    }
    return before;
  }

  /** A builder of hand-made simbin files. */
  static final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Bytes header() {
      out.writeBytes(Simbin.MAGIC);
      return bytes(1, 0);
    }

    Bytes bytes(int... values) {
      for (int v : values) {
        out.write(v);
      }
      return this;
    }

    byte[] toArray() {
      return out.toByteArray();
    }

    /** Appends a trailer with {@code count} and the correct checksum, and returns the file. */
    byte[] trailer(int count) {
      bytes(0xff, count);
      CRC32 crc = new CRC32();
      crc.update(out.toByteArray());
      long sum = crc.getValue();
      return bytes((int) sum & 0xff, (int) (sum >>> 8) & 0xff, (int) (sum >>> 16) & 0xff,
          (int) (sum >>> 24) & 0xff).toArray();
    }
  }
}
