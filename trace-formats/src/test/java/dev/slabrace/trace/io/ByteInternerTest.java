package dev.slabrace.trace.io;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

  @Test
  void find_returnsTheIdOfEveryLengthAndNoneForTheNew() {
    SplittableRandom random = new SplittableRandom(3);
    ByteInterner interner = new ByteInterner();
    Map<String, Integer> expected = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      int len = random.nextInt(4) == 0 ? random.nextInt(60) : random.nextInt(20);
      StringBuilder key = new StringBuilder();
      for (int j = 0; j < len; j++) {
        key.append((char) ('a' + random.nextInt(random.nextBoolean() ? 2 : 26)));
      }
      String k = key.toString();
      // the key sits anywhere in a larger buffer, up to its very end
      byte[] buf = (random.nextBoolean() ? "xx" + k : "\"" + k).getBytes(ISO_8859_1);
      int from = buf.length - len;
      int got = interner.find(buf, from, buf.length);
      if (expected.containsKey(k)) {
        assertEquals(expected.get(k), got, k);
      } else {
        assertEquals(ByteInterner.NONE, got, k);
        assertEquals(expected.size(), interner.intern(buf, from, buf.length), k);
        expected.put(k, expected.size());
      }
    }
    assertEquals(expected.size(), interner.size());
    for (Map.Entry<String, Integer> e : expected.entrySet()) {
      byte[] b = (e.getKey() + "yyyyyyyyyyyyyyyy").getBytes(ISO_8859_1);
      assertEquals(e.getValue(), interner.find(b, 0, e.getKey().length()), e.getKey());
    }
  }

  @Test
  void find_keysThatDifferOnlyInLengthOrPaddingAreDistinct() {
    ByteInterner interner = new ByteInterner();
    byte[] b = "ab\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0".getBytes(ISO_8859_1);
    for (int len = 0; len <= 20; len++) {
      assertEquals(ByteInterner.NONE, interner.find(b, 0, len));
      assertEquals(len, interner.intern(b, 0, len));
    }
    for (int len = 0; len <= 20; len++) {
      assertEquals(len, interner.find(b, 0, len));
    }
  }

  @Test
  void valueOf_callsTheTableOnceAName() {
    ByteInterner interner = new ByteInterner();
    List<String> seen = new ArrayList<>();
    byte[] b = "kmalloc-64 kmalloc-128 kmalloc-64".getBytes(ISO_8859_1);
    assertEquals(100, interner.valueOf(b, 0, 10, n -> 100 + add(seen, n)));
    assertEquals(101, interner.valueOf(b, 11, 22, n -> 100 + add(seen, n)));
    assertEquals(100, interner.valueOf(b, 23, 33, n -> 100 + add(seen, n)));
    assertEquals(List.of("kmalloc-64", "kmalloc-128"), seen);
    assertEquals(101, interner.value(1));
  }

  private static int add(List<String> seen, String name) {
    seen.add(name);
    return seen.size() - 1;
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
