package dev.slabrace.trace.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The gzip reader: every member in turn whatever their number, optional header fields, and every
 * kind of damage, including bytes after a member, as one error naming the compressed byte offset.
 */
final class GzipMembersTest {
  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(UTF_8));
    }
    return bytes.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static String inflate(byte[] gz) throws IOException {
    try (InputStream in = Gzip.decompressing(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  private static String failure(byte[] gz) {
    return assertThrows(GzipException.class, () -> inflate(gz)).getMessage();
  }

  @Test
  void tenThousandEmptyMembersThenData_readInConstantStack() throws IOException {
    byte[] empty = gzip("");
    byte[][] parts = new byte[10_001][];
    Arrays.fill(parts, empty);
    parts[10_000] = gzip("a\nb\n");
    assertEquals("a\nb\n", inflate(concat(parts)));
  }

  @Test
  void concatenatedMembers_readInOrder() throws IOException {
    assertEquals("one\ntwo\nthree\n", inflate(concat(gzip("one\n"), gzip("two\n"), gzip("three\n"))));
  }

  @Test
  void optionalHeaderFields_skippedAndHeaderCrcChecked() throws IOException {
    byte[] plain = gzip("x\n");
    byte[] body = Arrays.copyOfRange(plain, 10, plain.length);
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    header.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0x02 | 0x04 | 0x08 | 0x10, 0, 0, 0, 0, 0, 3});
    header.writeBytes(new byte[] {3, 0, 'a', 'b', 'c'}); // FEXTRA
    header.writeBytes("t.jsonl\0".getBytes(UTF_8)); // FNAME
    header.writeBytes("a comment\0".getBytes(UTF_8)); // FCOMMENT
    CRC32 crc = new CRC32();
    crc.update(header.toByteArray());
    int crc16 = (int) crc.getValue() & 0xffff;
    byte[] good = concat(header.toByteArray(), new byte[] {(byte) crc16, (byte) (crc16 >> 8)}, body);
    assertEquals("x\n", inflate(good));
    byte[] bad = concat(header.toByteArray(), new byte[] {(byte) ~crc16, (byte) (crc16 >> 8)}, body);
    assertEquals("corrupt gzip header at compressed byte " + header.size()
        + ": header CRC does not match", failure(bad));
  }

  @Test
  void plainLinesAfterAMember_areAnError() throws IOException {
    byte[] gz = gzip("a\n");
    assertEquals("trailing data at compressed byte " + gz.length + ": not a gzip member (after the"
        + " member that starts at compressed byte 0)", failure(concat(gz, "b\n".getBytes(UTF_8))));
  }

  @Test
  void garbageAfterTheSecondMember_namesItsOffset() throws IOException {
    byte[] first = gzip("a\n");
    byte[] second = gzip("b\n");
    assertEquals("trailing data at compressed byte " + (first.length + second.length)
        + ": not a gzip member (after the member that starts at compressed byte " + first.length
        + ")", failure(concat(first, second, new byte[] {0})));
  }

  @Test
  void secondMemberCutInItsHeader_isTruncated() throws IOException {
    byte[] first = gzip("a\n");
    byte[] cut = Arrays.copyOf(gzip("b\n"), 6);
    assertEquals("truncated gzip stream at compressed byte " + (first.length + 6) + ": the file ends"
        + " inside the header of the member that starts at compressed byte " + first.length,
        failure(concat(first, cut)));
  }

  @Test
  void everyCutOfAMember_isTruncatedNeverShort() throws IOException {
    byte[] gz = gzip("hello, world\n".repeat(20));
    for (int n = 1; n < gz.length; n++) {
      byte[] cut = Arrays.copyOf(gz, n);
      String message = failure(cut);
      assertEquals("truncated gzip stream at compressed byte " + n,
          message.substring(0, message.indexOf(':')), "cut at " + n);
    }
  }

  @Test
  void wrongLength_isCorrupt() throws IOException {
    byte[] gz = gzip("abc\n");
    gz[gz.length - 4] ^= 1;
    assertEquals("corrupt gzip data at compressed byte " + (gz.length - 4) + ": length does not"
        + " match the data of the member that starts at compressed byte 0", failure(gz));
  }

  @Test
  void readFromAPipe_needsNoSeekNorAvailable() throws Exception {
    byte[] gz = concat(gzip("a\n"), gzip("b\n"));
    PipedInputStream pipe = new PipedInputStream(7);
    PipedOutputStream sink = new PipedOutputStream(pipe);
    InputStream noAvailable = new java.io.FilterInputStream(pipe) {
      @Override
      public int available() throws IOException {
        throw new IOException("Illegal seek");
      }
    };
    Thread writer = new Thread(() -> {
      try (PipedOutputStream out = sink) {
        for (byte b : gz) {
          out.write(b);
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    try (InputStream in = Gzip.decompressing(noAvailable)) {
      writer.start();
      assertArrayEquals("a\nb\n".getBytes(UTF_8), in.readAllBytes());
    }
    writer.join();
  }
}
