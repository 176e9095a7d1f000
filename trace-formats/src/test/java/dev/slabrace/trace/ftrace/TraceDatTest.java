package dev.slabrace.trace.ftrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.trace.TraceFormatException;
import dev.slabrace.trace.Traces;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TraceDatTest {
  /** The first bytes of a trace-cmd 3.1 trace.dat: magic, "tracing", version 6, endianness... */
  private static final byte[] HEAD = {0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g', '6', 0, 0,
      8, 0, 0x10, 0, 0};

  @TempDir
  Path dir;

  @Test
  void open_traceDat_saysHowToConvertIt() throws IOException {
    Path file = dir.resolve("trace.dat");
    Files.write(file, HEAD);
    TraceFormatException e = assertThrows(TraceFormatException.class,
        () -> Traces.open(file, "trace.dat", true));
    assertEquals("trace.dat: byte 0: a trace-cmd binary file (trace.dat), which slabrace does not"
        + " read: convert it with 'trace-cmd report -l trace.dat > trace.dat.txt' and analyse"
        + " trace.dat.txt", e.getMessage());
  }

  @Test
  void open_gzippedTraceDat_recognisedToo() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(HEAD);
    }
    Path file = dir.resolve("t.dat.gz");
    Files.write(file, bytes.toByteArray());
    TraceFormatException e = assertThrows(TraceFormatException.class,
        () -> Traces.open(file, "t.dat.gz", false));
    assertEquals("t.dat.gz: byte 0: a gzip-compressed trace-cmd binary file (trace.dat), which"
        + " slabrace does not read: decompress it, then convert it with 'trace-cmd report -l FILE"
        + " > FILE.txt' and analyse FILE.txt", e.getMessage());
  }

  @Test
  void sniff_needsTheWholeMagic() {
    assertTrue(TraceDat.sniff(HEAD, HEAD.length));
    assertFalse(TraceDat.sniff(HEAD, 9));
    byte[] other = "\u0017\u0008Dtracinx6".getBytes(StandardCharsets.ISO_8859_1);
    assertFalse(TraceDat.sniff(other, other.length));
  }
}
