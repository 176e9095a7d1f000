package dev.slabrace.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingKind;
import dev.slabrace.finding.TraceResult;
import dev.slabrace.finding.WarningCode;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.Traces;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the engine against the litmus suite in {@code src/test/resources/litmus}: small traces of one
 * sequentially consistent execution of a litmus-style program, each with the findings that the Linux
 * kernel memory model (herd7's {@code data-race} flag, plus the contract's free/alloc rules) gives for
 * that execution. The expectations are written in the traces' comment lines:
 *
 * <pre>
 * # expect: none
 * # expect: race A B          (DATA_RACE, or ASSERT_RACE when A or B is a free)
 * # expect: uaf FREE ACCESS   (USE_AFTER_FREE)
 * # expect: double-free F1 F2 (DOUBLE_FREE)
 * # lkmm: why, from linux-kernel.cat
 * </pre>
 *
 * <p>Ids are 0-based indices of the JSON lines (comment lines do not count). A second test checks that
 * every trace is well formed and its expectations are plausible (ids exist, race pairs conflict, values
 * read match the line-order execution), so the suite itself can be trusted before the engine exists.
 */
final class LitmusTest {

  private static final String DIR = "litmus";
  /** Traces on which the engine disagrees with the LKMM, each with the LKMM's verdict (README). */
  private static final String DISAGREEMENTS = "litmus-disagreements";

  /** One expected or actual finding, reduced to what the suite pins down. */
  private record Key(FindingKind kind, long first, long second) {
    @Override
    public String toString() {
      return kind.wireName() + " " + first + " " + second;
    }
  }

  private static final Comparator<Key> ORDER =
      Comparator.comparingLong(Key::second).thenComparingLong(Key::first).thenComparing(Key::kind);

  static Stream<String> traces() throws IOException {
    try (Stream<Path> files = Files.list(litmusDir())) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".jsonl"))
              .sorted()
              .collect(Collectors.toList());
      if (names.isEmpty()) {
        fail("no litmus traces in " + litmusDir());
      }
      return names.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("traces")
  void engineMatchesLkmm(String file) throws IOException {
    Path path = litmusDir().resolve(file);
    Litmus litmus = Litmus.read(path);
    Set<Key> actual = engineFindings(path, file);
    Set<Key> want = new TreeSet<>(ORDER);
    want.addAll(litmus.expected());
    assertEquals(
        want,
        actual,
        () ->
            file
                + " ("
                + litmus.title
                + "): expected "
                + want
                + " but the engine found "
                + actual
                + "\n  lkmm: "
                + litmus.lkmm);
  }

  /**
   * The engine warns of a load of an overwritten store on the traces whose execution the LKMM
   * forbids (their {@code # lkmm:} line begins "forbidden"), and on no other.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("traces")
  void warnsOfForbiddenExecutionsOnly(String file) throws IOException {
    Path path = litmusDir().resolve(file);
    Litmus litmus = Litmus.read(path);
    TraceResult result;
    try (EventSource source = Traces.open(path, file, false)) {
      result = Collect.analyze(source);
    }
    boolean warned = result.summary().warnings().stream()
        .anyMatch(w -> w.code() == WarningCode.LOAD_OF_OVERWRITTEN_STORE);
    assertEquals(litmus.lkmm.startsWith("forbidden"), warned,
        () -> file + ": warnings " + result.summary().warnings() + "\n  lkmm: " + litmus.lkmm);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("traces")
  void traceIsWellFormed(String file) throws IOException {
    Litmus litmus = Litmus.read(litmusDir().resolve(file));
    litmus.check(file);
  }

  /**
   * The known disagreements stay well formed and still disagree: once the engine agrees with one,
   * this fails and says to move it into the suite.
   */
  @org.junit.jupiter.api.Test
  void knownDisagreementsStillDisagree() throws IOException {
    Path dir = litmusDir(DISAGREEMENTS);
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
    }
    for (Path path : files) {
      String file = path.getFileName().toString();
      Litmus litmus = Litmus.read(path);
      litmus.check(file);
      Set<Key> want = new TreeSet<>(ORDER);
      want.addAll(litmus.expected());
      assertFalse(want.equals(engineFindings(path, file)), () -> file
          + ": the engine now finds what the LKMM gives (" + want + "): move it to " + DIR
          + "/ and record the fix in " + DISAGREEMENTS + "/README.md");
    }
  }

  private static Set<Key> engineFindings(Path path, String file) throws IOException {
    TraceResult result;
    try (EventSource source = Traces.open(path, file, false)) {
      result = Collect.analyze(source);
    }
    Set<Key> actual = new TreeSet<>(ORDER);
    for (Finding f : result.findings()) {
      actual.add(new Key(f.kind(), f.first().id(), f.second().id()));
    }
    return actual;
  }

  // ------------------------------------------------------------------------------------------------

  static Path litmusDir() {
    return litmusDir(DIR);
  }

  private static Path litmusDir(String dirName) {
    URL url = LitmusTest.class.getClassLoader().getResource(dirName);
    if (url != null && "file".equals(url.getProtocol())) {
      try {
        Path p = Path.of(url.toURI());
        if (Files.isDirectory(p)) {
          return p;
        }
      } catch (URISyntaxException e) {
        // fall through to slabrace.root
      }
    }
    String root = System.getProperty("slabrace.root");
    if (root != null) {
      Path p = Path.of(root, "detector", "src", "test", "resources", dirName);
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    throw new IllegalStateException(
        "litmus traces not found on the classpath nor under ${slabrace.root}/detector/src/test/resources/"
            + dirName);
  }

  /** A parsed litmus trace: its comment header and its events as flat maps. */
  private static final class Litmus {
    final String title;
    String lkmm = "";
    final List<String> expectLines = new ArrayList<>();
    final List<Map<String, Object>> events = new ArrayList<>();

    private Litmus(String title) {
      this.title = title;
    }

    static Litmus read(Path path) throws IOException {
      List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
      Litmus l = new Litmus(lines.isEmpty() ? "" : lines.get(0).replaceFirst("^#\\s*", ""));
      JsonFactory factory = new JsonFactory();
      int lineNo = 0;
      for (String line : lines) {
        lineNo++;
        String s = line.strip();
        if (s.isEmpty()) {
          continue;
        }
        if (s.startsWith("#")) {
          String c = s.substring(1).strip();
          if (c.startsWith("expect:")) {
            l.expectLines.add(c.substring("expect:".length()).strip());
          } else if (c.startsWith("lkmm:")) {
            l.lkmm = (l.lkmm + " " + c.substring("lkmm:".length()).strip()).strip();
          }
          continue;
        }
        try (JsonParser p = factory.createParser(s)) {
          l.events.add(parseObject(p, path + ":" + lineNo));
        }
      }
      return l;
    }

    private static Map<String, Object> parseObject(JsonParser p, String where) throws IOException {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException(where + ": not a JSON object");
      }
      Map<String, Object> m = new LinkedHashMap<>();
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.getCurrentName();
        JsonToken v = p.nextToken();
        switch (v) {
          case VALUE_STRING -> m.put(name, p.getText());
          case VALUE_NUMBER_INT -> m.put(name, p.getLongValue());
          case VALUE_TRUE -> m.put(name, Boolean.TRUE);
          case VALUE_FALSE -> m.put(name, Boolean.FALSE);
          case VALUE_NULL -> m.put(name, null);
          case START_ARRAY, START_OBJECT -> {
            p.skipChildren();
            m.put(name, "<structured>");
          }
          default -> throw new IOException(where + ": unexpected value for " + name);
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new IOException(where + ": trailing content");
      }
      return m;
    }

    String op(int id) {
      return (String) events.get(id).get("op");
    }

    /** The expectations as finding keys. */
    Set<Key> expected() {
      Set<Key> keys = new HashSet<>();
      for (String e : expectLines) {
        String[] w = e.split("\\s+");
        switch (w[0]) {
          case "none" -> {}
          case "race" -> {
            int a = Integer.parseInt(w[1]);
            int b = Integer.parseInt(w[2]);
            boolean assertRace = "free".equals(op(a)) || "free".equals(op(b));
            keys.add(new Key(assertRace ? FindingKind.ASSERT_RACE : FindingKind.DATA_RACE, a, b));
          }
          case "uaf" ->
              keys.add(
                  new Key(FindingKind.USE_AFTER_FREE, Long.parseLong(w[1]), Long.parseLong(w[2])));
          case "double-free" ->
              keys.add(
                  new Key(FindingKind.DOUBLE_FREE, Long.parseLong(w[1]), Long.parseLong(w[2])));
          default -> throw new IllegalArgumentException("unknown expectation: " + e);
        }
      }
      return keys;
    }

    // ---------------------------------------------------------------------------- self-check

    private static final Set<String> OPS =
        Set.of(
            "header", "load", "store", "rmw", "fence", "lock", "unlock", "alloc", "free", "fork",
            "join", "signal", "wait", "rcu_read_lock", "rcu_read_unlock", "gp_begin", "gp_end",
            "synchronize_rcu", "call_rcu", "cb_begin", "cb_end", "rcu_barrier", "region", "stack");
    private static final Set<String> MO =
        Set.of("plain", "once", "acquire", "release", "relaxed", "full", "data_race");
    private static final Set<String> FENCES =
        Set.of("mb", "wmb", "rmb", "acquire", "release", "before_atomic", "after_atomic");

    static long num(Object o, String what) {
      if (o instanceof Long l) {
        return l;
      }
      if (o instanceof String s && s.startsWith("0x")) {
        return Long.parseUnsignedLong(s.substring(2), 16);
      }
      throw new IllegalArgumentException(what + " is not a number: " + o);
    }

    boolean isAccess(String op) {
      return op.equals("load") || op.equals("store") || op.equals("rmw");
    }

    /** [start, end) of the bytes an event touches (an alloc or free: its whole object). */
    long[] range(int id, Map<Long, Long> objectSizeAt) {
      Map<String, Object> e = events.get(id);
      String op = op(id);
      if (isAccess(op)) {
        long a = num(e.get("addr"), "addr");
        return new long[] {a, a + num(e.get("size"), "size")};
      }
      long ptr = num(e.get("ptr"), "ptr");
      Long size = objectSizeAt.get((long) id);
      assertNotNull(size, "event " + id + ": free of an object the trace never allocated");
      return new long[] {ptr, ptr + size};
    }

    boolean writes(int id) {
      String op = op(id);
      Map<String, Object> e = events.get(id);
      return op.equals("store")
          || op.equals("alloc")
          || op.equals("free")
          || (op.equals("rmw") && !Boolean.FALSE.equals(e.get("ok")));
    }

    String mo(int id) {
      Object mo = events.get(id).get("mo");
      if (mo != null) {
        return (String) mo;
      }
      return op(id).equals("rmw") ? "full" : "plain";
    }

    void check(String file) {
      assertFalse(events.isEmpty(), file + ": no events");
      assertFalse(events.size() > 20, file + ": more than 20 events");
      assertFalse(expectLines.isEmpty(), file + ": no '# expect:' line");
      assertFalse(lkmm.isEmpty(), file + ": no '# lkmm:' justification");

      Map<Long, Integer> memory = new HashMap<>(); // byte address -> byte value
      Map<Long, Long> liveSize = new HashMap<>(); // ptr -> size of the last alloc
      Map<Long, Long> objectSizeAt = new HashMap<>(); // alloc/free event id -> object size
      Map<Integer, long[]> stored = new HashMap<>(); // store or rmw id -> {addr, value written}
      for (int id = 0; id < events.size(); id++) {
        Map<String, Object> e = events.get(id);
        String where = file + " event " + id;
        String op = (String) e.get("op");
        assertTrue(op != null && OPS.contains(op), where + ": bad op " + op);
        boolean meta = op.equals("header") || op.equals("region") || op.equals("stack");
        if (!meta) {
          assertTrue(e.get("tid") instanceof Long, where + ": integer tid required");
        }
        if (e.containsKey("mo")) {
          assertTrue(MO.contains(e.get("mo")), where + ": bad mo " + e.get("mo"));
        }
        if (op.equals("fence")) {
          assertTrue(FENCES.contains(e.get("kind")), where + ": bad fence kind");
        }
        for (String ref : List.of("dep", "ctrl", "data")) {
          if (e.containsKey(ref)) {
            int r = (int) num(e.get(ref), ref);
            assertTrue(r < id, where + ": " + ref + " must name an earlier event");
            assertTrue(
                op(r).equals("load") || op(r).equals("rmw"), where + ": " + ref + " must name a load");
            assertEquals(e.get("tid"), events.get(r).get("tid"), where + ": " + ref + " across tasks");
          }
        }
        switch (op) {
          case "load", "store", "rmw" -> {
            assertTrue(e.containsKey("ip"), where + ": accesses carry an ip");
            long addr = num(e.get("addr"), "addr");
            int size = (int) num(e.get("size"), "size");
            assertTrue(size >= 1 && size <= 8, where + ": litmus accesses are 1..8 bytes");
            long current = 0;
            for (int i = size - 1; i >= 0; i--) {
              current = (current << 8) | memory.getOrDefault(addr + i, 0);
            }
            long written;
            boolean doesWrite;
            if (op.equals("load")) {
              assertTrue(e.containsKey("val"), where + ": loads carry val");
              if (e.containsKey("rf")) {
                // an older store than the latest, named: the execution is not the line order's
                long[] source = stored.get((int) num(e.get("rf"), "rf"));
                assertTrue(source != null && source[0] == addr,
                    where + ": rf must name an earlier store or rmw of the load's address");
                assertEquals(source[1], num(e.get("val"), "val"), where + ": load must read its rf");
              } else {
                assertEquals(current, num(e.get("val"), "val"),
                    where + ": load must read the latest store");
              }
              continue;
            } else if (op.equals("store")) {
              assertTrue(e.containsKey("val"), where + ": stores carry val");
              written = num(e.get("val"), "val");
              doesWrite = true;
            } else {
              assertEquals(current, num(e.get("old"), "old"), where + ": rmw old must be the latest store");
              doesWrite = !Boolean.FALSE.equals(e.get("ok"));
              written = doesWrite ? num(e.get("new"), "new") : 0;
            }
            if (doesWrite) {
              for (int i = 0; i < size; i++) {
                memory.put(addr + i, (int) ((written >>> (8 * i)) & 0xff));
              }
              stored.put(id, new long[] {addr, written});
            }
          }
          case "alloc" -> {
            long ptr = num(e.get("ptr"), "ptr");
            long size = num(e.get("size"), "size");
            liveSize.put(ptr, size);
            objectSizeAt.put((long) id, size);
          }
          case "free" -> {
            long ptr = num(e.get("ptr"), "ptr");
            Long size = liveSize.get(ptr);
            assertNotNull(size, where + ": free of a pointer never allocated in the trace");
            objectSizeAt.put((long) id, size);
          }
          default -> {}
        }
      }

      boolean none = false;
      Set<String> seen = new HashSet<>();
      for (String line : expectLines) {
        String[] w = line.split("\\s+");
        String where = file + " '# expect: " + line + "'";
        assertTrue(seen.add(line), where + ": duplicate");
        if (w[0].equals("none")) {
          none = true;
          assertEquals(1, w.length, where);
          continue;
        }
        assertEquals(3, w.length, where + ": needs two ids");
        int a = Integer.parseInt(w[1]);
        int b = Integer.parseInt(w[2]);
        assertTrue(0 <= a && a < b && b < events.size(), where + ": ids must exist, earlier first");
        String opA = op(a);
        String opB = op(b);
        switch (w[0]) {
          case "race" -> {
            boolean allocFree = !isAccess(opA) || !isAccess(opB);
            assertTrue(
                (isAccess(opA) || opA.equals("alloc") || opA.equals("free"))
                    && (isAccess(opB) || opB.equals("free")),
                where + ": a race pairs accesses (or an access/alloc with a free)");
            assertFalse(
                events.get(a).get("tid").equals(events.get(b).get("tid")), where + ": same task");
            long[] ra = range(a, objectSizeAt);
            long[] rb = range(b, objectSizeAt);
            assertTrue(ra[0] < rb[1] && rb[0] < ra[1], where + ": byte ranges do not overlap");
            assertTrue(writes(a) || writes(b), where + ": neither side writes");
            assertFalse(
                mo(a).equals("data_race") || mo(b).equals("data_race"),
                where + ": data_race() accesses are never reported");
            if (!allocFree) {
              assertTrue(
                  mo(a).equals("plain") || mo(b).equals("plain"), where + ": both sides are marked");
            } else {
              assertTrue(opB.equals("free"), where + ": an assert race ends at the free");
            }
          }
          case "uaf" -> {
            assertEquals("free", opA, where + ": first id must be the free");
            assertTrue(isAccess(opB) || opB.equals("free"), where + ": second id must be an access");
            long[] ra = range(a, objectSizeAt);
            long[] rb = range(b, objectSizeAt);
            assertTrue(ra[0] < rb[1] && rb[0] < ra[1], where + ": access outside the freed object");
          }
          case "double-free" -> {
            assertEquals("free", opA, where);
            assertEquals("free", opB, where);
            assertEquals(events.get(a).get("ptr"), events.get(b).get("ptr"), where + ": different objects");
          }
          default -> fail(where + ": unknown expectation");
        }
      }
      assertTrue(!none || expectLines.size() == 1, file + ": 'none' together with findings");
    }
  }
}
