package dev.slabrace.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names from a trace that hold a newline and the splat ruler, ESC, NUL, DEL, a C1 control or a
 * bidirectional override: the text report still has exactly one splat and no raw control byte, HTML
 * and SARIF carry none either, and the JSON report gives every name back exactly.
 */
final class HostileNamesTest {
  /** A function name that would forge a second splat and colour the terminal if printed raw. */
  static final String FORGED = "f+0x1/0x2\n" + "=".repeat(66) + "\nBUG: KCSAN: forged\u001b[31m\u0000"
      + "\u007f\u009b\u202e";

  private static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c < 0x20 || c == '"' || c == '\\') {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  private static Path trace(Path dir) throws IOException {
    String task = json("task\n\u001b]0;title\u0007");
    String region = json("slab->x\r\nBUG: KCSAN: region");
    return Files.writeString(dir.resolve("t\u001b[2J.jsonl"),
        "{\"op\":\"region\",\"addr\":\"0x1000\",\"size\":8,\"name\":" + region + "}\n"
            + "{\"op\":\"store\",\"tid\":" + task + ",\"addr\":\"0x1000\",\"size\":8,\"ip\":"
            + json(FORGED) + "}\n"
            + "{\"op\":\"load\",\"tid\":2,\"addr\":\"0x1000\",\"size\":8,\"ip\":\"g+0x1/0x2\"}\n");
  }

  /** Asserts that {@code text} holds no control character but newlines (and, if allowed, none). */
  private static void assertNoControls(String what, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c == '\u202e';
      assertTrue(!control, what + ": raw U+" + Integer.toHexString(c) + " at " + i);
    }
  }

  @Test
  void textReport_oneSplatNoRawControls(@TempDir Path dir) throws IOException {
    Path t = trace(dir);
    Cli r = Cli.run("analyze", t.toString());
    assertAll(
        () -> assertEquals(1, r.exit(), r.err()),
        () -> assertEquals(1, r.out().lines().filter(l -> l.startsWith("BUG:")).count(), r.out()),
        () -> assertEquals(2, r.out().lines().filter(l -> l.startsWith("=====")).count(), r.out()),
        () -> assertTrue(r.out().contains(" f+0x1/0x2\\u000a=====")),
        () -> assertTrue(r.out().contains("BUG: KCSAN: forged\\u001b[31m\\u0000\\u007f\\u009b\\u202e")),
        () -> assertTrue(r.out().contains("region: slab->x\\u000d\\u000aBUG: KCSAN: region")),
        () -> assertNoControls("report", r.out()),
        () -> assertNoControls("stderr", r.err()),
        () -> assertTrue(r.err().contains("t\\u001b[2J.jsonl: 3 events"), r.err()));
  }

  @Test
  void htmlAndSarif_noRawControls(@TempDir Path dir) throws IOException {
    Path t = trace(dir);
    for (String format : new String[] {"html", "sarif"}) {
      Cli r = Cli.run("analyze", "--report", format, t.toString());
      assertAll(format,
          () -> assertEquals(1, r.exit(), r.err()),
          () -> assertNoControls(format, r.out()),
          () -> assertTrue(r.out().contains("forged"), r.out()));
    }
  }

  @Test
  void jsonReport_keepsNamesExactly(@TempDir Path dir) throws IOException {
    Path t = trace(dir);
    Cli r = Cli.run("analyze", "--report", "json", t.toString());
    assertNoControls("json", r.out());
    JsonNode doc = new ObjectMapper().readTree(r.out().getBytes(UTF_8));
    assertEquals(t.toString(), doc.get("trace").asText());
    assertTrue(doc.toString().contains(new ObjectMapper().writeValueAsString(FORGED)
        .replace("\"", "")), "the name, exactly: " + doc);
  }
}
