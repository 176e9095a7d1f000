package dev.slabrace.trace.std;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.Op;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

final class StdGeneratorTest {

  @Test
  void write_sameSeedSameBytes() throws IOException {
    StdGenerator g = new StdGenerator(50_000, 6, 1_000, 9, 0.05, 42);
    assertArrayEquals(bytes(g), bytes(g));
    assertArrayEquals(bytes(g), bytes(new StdGenerator(50_000, 6, 1_000, 9, 0.05, 42)));
    assertFalse(Arrays.equals(bytes(g), bytes(new StdGenerator(50_000, 6, 1_000, 9, 0.05, 43))));
  }

  @Test
  void write_pinnedOutput() throws IOException {
    String text = new String(bytes(new StdGenerator(12, 3, 5, 2, 0.2, 1)));
    assertEquals("""
        T0|fork(T1)|1
        T0|fork(T2)|1
        T1|acq(L1)|10
        T1|r(V3)|106
        T1|r(obj1.f)|102
        T1|rel(L1)|11
        T1|acq(L1)|10
        T0|acq(L0)|10
        T0|rel(L0)|11
        T1|rel(L1)|11
        T0|join(T1)|2
        T0|join(T2)|2
        """, text);
  }

  @Test
  void write_outputParsesWithLockDiscipline() throws IOException {
    int threads = 8;
    int locks = 16;
    StdGenerator g = new StdGenerator(200_003, threads, 5_000, locks, 0.1, 7);
    int[] holder = new int[locks];
    Arrays.fill(holder, -1);
    int[] held = new int[threads];
    Arrays.fill(held, -1);
    long accesses = 0;
    long unprotected = 0;
    long events = 0;
    try (StdEventSource src = new StdEventSource(new ByteArrayInputStream(bytes(g)), "g", false)) {
      EventCursor c = new EventCursor();
      while (src.next(c)) {
        int t = Integer.parseInt(src.tasks().name(c.task).substring(1));
        int loc = Integer.parseInt(src.symbols().name(c.ip).substring("loc:".length()));
        events++;
        switch (c.op) {
          case LOCK -> {
            int l = Integer.parseInt(src.symbols().name((int) c.key).substring(1));
            assertEquals(-1, holder[l], "lock L" + l + " is free when acquired");
            assertEquals(-1, held[t]);
            holder[l] = t;
            held[t] = l;
          }
          case UNLOCK -> {
            int l = Integer.parseInt(src.symbols().name((int) c.key).substring(1));
            assertEquals(t, holder[l]);
            holder[l] = -1;
            held[t] = -1;
          }
          case LOAD, STORE -> {
            String name = src.variable(c.addr).orElseThrow();
            if (name.endsWith(".local")) {
              assertTrue(loc == 50 || loc == 51);
              break;
            }
            int v = Integer.parseInt(name.replaceAll("[^0-9]", ""));
            accesses++;
            if (loc >= 100 + 2 * 256) {
              unprotected++;
            } else {
              assertEquals(v % locks, held[t], name + " is accessed holding its lock");
            }
          }
          case FORK, JOIN -> assertEquals(0, t);
          default -> throw new AssertionError(c.op);
        }
      }
      assertEquals(200_003, events);
      assertEquals(threads, src.tasks().size());
      assertEquals(0, src.skipped());
    }
    assertTrue(Arrays.stream(holder).allMatch(h -> h == -1), "every lock is released");
    double share = (double) unprotected / accesses;
    assertEquals(0.1, share, 0.01, "share of unprotected accesses");
  }

  @Test
  void write_forksFirstAndJoinsLast() throws IOException {
    String[] lines = new String(bytes(new StdGenerator(100, 4, 10, 2, 0.5, 3))).split("\n");
    assertEquals(100, lines.length);
    assertEquals("T0|fork(T1)|1", lines[0]);
    assertEquals("T0|fork(T3)|1", lines[2]);
    assertEquals("T0|join(T1)|2", lines[97]);
    assertEquals("T0|join(T3)|2", lines[99]);
  }

  @Test
  void write_noLocksMakesEveryAccessUnprotected() throws IOException {
    String text = new String(bytes(new StdGenerator(1_000, 2, 10, 0, 0.0, 3)));
    assertFalse(text.contains("acq"));
    assertEquals(1_000, text.lines().count());
  }

  @Test
  void constructor_rejectsBadParameters() {
    assertThrows(IllegalArgumentException.class, () -> new StdGenerator(5, 4, 10, 1, 0.1, 1));
    assertThrows(IllegalArgumentException.class, () -> new StdGenerator(100, 0, 10, 1, 0.1, 1));
    assertThrows(IllegalArgumentException.class, () -> new StdGenerator(100, 2, 0, 1, 0.1, 1));
    assertThrows(IllegalArgumentException.class, () -> new StdGenerator(100, 2, 10, -1, 0.1, 1));
    assertThrows(IllegalArgumentException.class, () -> new StdGenerator(100, 2, 10, 1, 1.5, 1));
    assertThrows(IllegalArgumentException.class, () -> new StdGenerator(100, 2, 10, 1, Double.NaN, 1));
    assertEquals(6, new StdGenerator(6, 4, 1, 1, 0, 1).events());
  }

  private static byte[] bytes(StdGenerator g) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    g.write(out);
    return out.toByteArray();
  }
}
