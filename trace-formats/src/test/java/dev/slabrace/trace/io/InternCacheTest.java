package dev.slabrace.trace.io;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class InternCacheTest {
  @Test
  void get_returnsWhatWasPutForEveryLength() {
    SplittableRandom random = new SplittableRandom(3);
    InternCache cache = new InternCache();
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
      int got = cache.get(buf, from, buf.length);
      if (expected.containsKey(k)) {
        assertEquals(expected.get(k), got, k);
      } else {
        assertEquals(InternCache.NONE, got, k);
        cache.put(buf, from, buf.length, expected.size());
        expected.put(k, expected.size());
      }
    }
    assertEquals(expected.size(), cache.size());
    for (Map.Entry<String, Integer> e : expected.entrySet()) {
      byte[] b = (e.getKey() + "yyyyyyyyyyyyyyyy").getBytes(ISO_8859_1);
      assertEquals(e.getValue(), cache.get(b, 0, e.getKey().length()), e.getKey());
    }
  }

  @Test
  void get_keysThatDifferOnlyInLengthOrPaddingAreDistinct() {
    InternCache cache = new InternCache();
    byte[] b = "ab\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0".getBytes(ISO_8859_1);
    for (int len = 0; len <= 20; len++) {
      assertEquals(InternCache.NONE, cache.get(b, 0, len));
      cache.put(b, 0, len, len);
    }
    for (int len = 0; len <= 20; len++) {
      assertEquals(len, cache.get(b, 0, len));
    }
  }
}
