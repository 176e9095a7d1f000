package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

final class SpillBufferTest {
  @Test
  void belowTheLimit_staysInMemory() throws IOException {
    SpillBuffer buffer = new SpillBuffer(16);
    buffer.write("short");
    buffer.close();
    StringWriter out = new StringWriter();
    buffer.copyTo(out);
    assertAll(
        () -> assertFalse(buffer.spilled()),
        () -> assertEquals("short", out.toString()));
    buffer.delete();
  }

  @Test
  void pastTheLimit_movesToAFile_copiesEveryCharacterBack() throws IOException {
    SpillBuffer buffer = new SpillBuffer(16);
    String text = "0123456789\u00e9\u2192" + "x".repeat(100) + "\ud83d\ude00 end\n";
    buffer.write(text, 0, 10);
    buffer.write(text.substring(10));
    buffer.close();
    StringWriter out = new StringWriter();
    buffer.copyTo(out);
    assertAll(
        () -> assertTrue(buffer.spilled()),
        () -> assertEquals(text, out.toString()));
    buffer.delete();
  }
}
