package dev.slabrace.trace.std;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class ByteInternerTest {

  @Test
  void intern_agreesWithAHashMap() {
    SplittableRandom rnd = new SplittableRandom(5);
    ByteInterner interner = new ByteInterner();
    Map<String, Integer> expected = new HashMap<>();
    byte[] buf = new byte[200];
    for (int i = 0; i < 200_000; i++) {
      String name = name(rnd);
      byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
      // place the name anywhere in the buffer, at its very start too (no word fits before its end)
      int from = rnd.nextInt(buf.length - bytes.length + 1);
      System.arraycopy(bytes, 0, buf, from, bytes.length);
      int id = interner.intern(buf, from, from + bytes.length);
      assertEquals(expected.computeIfAbsent(name, k -> expected.size()), id, name);
    }
    assertEquals(expected.size(), interner.size());
    expected.forEach((name, id) -> assertEquals(name, interner.name(id)));
  }

  @Test
  void intern_namesThatShareTheirOuterWords() {
    ByteInterner interner = new ByteInterner();
    String a = "prefix--A-middle-part--suffix!!";
    String b = "prefix--B-middle-part--suffix!!";
    assertEquals(0, intern(interner, a));
    assertEquals(1, intern(interner, b));
    assertEquals(0, intern(interner, a));
    assertEquals(2, intern(interner, ""));
    assertEquals(3, intern(interner, "\0"));
    assertEquals(2, intern(interner, ""));
    assertEquals(4, intern(interner, "\0\0"));
  }

  private static int intern(ByteInterner interner, String s) {
    byte[] b = ("((((((((" + s).getBytes(StandardCharsets.UTF_8);
    return interner.intern(b, 8, b.length);
  }

  private static String name(SplittableRandom rnd) {
    return switch (rnd.nextInt(4)) {
      case 0 -> "V" + rnd.nextInt(30_000);
      case 1 -> "o" + rnd.nextInt(3_000) + ".f[" + rnd.nextInt(10) + "]";
      case 2 -> "a.long.qualified.name.of.something" + rnd.nextInt(5_000) + ".tail";
      default -> "x" + "y".repeat(rnd.nextInt(20)) + "\u00e9";
    };
  }
}
