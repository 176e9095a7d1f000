package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden text report as syzkaller's report parser would file it: each splat is matched against
 * the title patterns of the KCSAN and KASAN formats of syzkaller's Linux parser (pkg/report), written
 * here from their documented shape, and the bug type it yields must be the one the finding's kind
 * calls for (the JSON golden of the same trace lists the kinds, in the same order).
 */
final class SyzkallerTitlesTest {
  /* Implementation notes
   *
   * syzkaller's Linux formats (pkg/report/linux.go) the patterns stand for:
   *   KCSAN   title "BUG: KCSAN: (.*)", filed as "KCSAN: <rest>"; a rest that is not a known KCSAN
   *           bug type (data-race, assert: race) is filed as KCSAN-UNKNOWN, below every data race.
   *   KASAN   "BUG: KASAN: ([a-z\-]+) in FUNC" followed, on a later line, by "(Read|Write) (of size|at
   *           addr) HEX", filed as "KASAN: <type> <Read|Write> in <func>".
   *   KASAN   "BUG: KASAN: double-free( or invalid-free)? in FUNC", filed as "KASAN: double-free in
   *           <func>"; FUNC is an identifier followed by '+' or '.', so the title needs the offset.
   * Only titles are checked: syzkaller's stack and corruption rules are not modelled.
   */

  private static final Path ROOT = Path.of(System.getProperty("slabrace.root", ".."));
  private static final String FUNC = "([a-zA-Z0-9_]+)(?:\\.|\\+)";
  private static final Pattern KCSAN = Pattern.compile("^BUG: KCSAN: (.*)$", Pattern.MULTILINE);
  private static final Pattern KASAN_ACCESS = Pattern.compile(
      "^BUG: KASAN: ([a-z\\-]+) in " + FUNC + "(?:.*\\n)+?.*(Read|Write) (?:of size|at addr)"
          + " (?:[0-9a-f]+)", Pattern.MULTILINE);
  private static final Pattern KASAN_FREE = Pattern.compile(
      "^BUG: KASAN: (?:double-free or invalid-free|double-free) in " + FUNC, Pattern.MULTILINE);
  private static final Pattern KCSAN_TYPE =
      Pattern.compile("(data-race|assert: race) in \\S+ / \\S+");
  private static final String RULER = "=".repeat(66);
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Path> goldenTexts() throws IOException {
    try (Stream<Path> files = Files.list(ROOT.resolve("reports"))) {
      return files.filter(p -> p.toString().endsWith(".txt") && !p.toString().endsWith(".stats.txt"))
          .sorted().toList().stream();
    }
  }

  /** Files one splat as syzkaller would: its title, or null if no KCSAN/KASAN pattern matches. */
  static String syzkallerTitle(String splat) {
    Matcher free = KASAN_FREE.matcher(splat);
    if (free.find()) {
      return "KASAN: double-free in " + free.group(1);
    }
    Matcher access = KASAN_ACCESS.matcher(splat);
    if (access.find()) {
      return "KASAN: " + access.group(1) + " " + access.group(3) + " in " + access.group(2);
    }
    Matcher kcsan = KCSAN.matcher(splat);
    if (kcsan.find()) {
      return KCSAN_TYPE.matcher(kcsan.group(1)).matches() ? "KCSAN: " + kcsan.group(1)
          : "KCSAN-UNKNOWN: " + kcsan.group(1);
    }
    return null;
  }

  /** The splats of a text report: what lies between each pair of rulers. */
  static List<String> splats(String report) {
    List<String> splats = new ArrayList<>();
    int from = report.indexOf(RULER + "\n");
    while (from >= 0) {
      int end = report.indexOf("\n" + RULER + "\n", from + RULER.length());
      splats.add(report.substring(from + RULER.length() + 1, end + 1));
      from = report.indexOf(RULER + "\n", end + RULER.length() + 2);
    }
    return splats;
  }

  /** The bug type syzkaller must file a finding of {@code kind} under. */
  private static String expectedPrefix(String kind) {
    return switch (kind) {
      case "data-race" -> "KCSAN: data-race in ";
      case "assert-race" -> "KCSAN: assert: race in ";
      case "use-after-free" -> "KASAN: slab-use-after-free ";
      case "double-free" -> "KASAN: double-free in ";
      default -> throw new AssertionError(kind);
    };
  }

  @ParameterizedTest
  @MethodSource("goldenTexts")
  void everySplat_filedUnderItsKind(Path text) throws IOException {
    List<String> splats = splats(Files.readString(text, StandardCharsets.UTF_8));
    Path json = text.resolveSibling(text.getFileName().toString().replaceFirst("\\.txt$", ".json"));
    // The text folds repeats of a kind and unordered pair of code locations (top frames); the JSON
    // lists every finding in order, so its distinct such keys, in order, are the splats.
    List<String> kinds = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (JsonNode f : JSON.readTree(Files.readString(json, StandardCharsets.UTF_8)).get("findings")) {
      String a = f.at("/accesses/0/frames/0").asText("?");
      String b = f.at("/accesses/1/frames/0").asText("?");
      String key = f.get("kind").asText() + " " + (a.compareTo(b) <= 0 ? a + " " + b : b + " " + a);
      if (!seen.contains(key)) {
        seen.add(key);
        kinds.add(f.get("kind").asText());
      }
    }
    assertEquals(kinds.size(), splats.size(), text + ": one splat per kind and pair of locations");
    for (int i = 0; i < splats.size(); i++) {
      String title = syzkallerTitle(splats.get(i));
      assertTrue(title != null && title.startsWith(expectedPrefix(kinds.get(i))),
          text + " splat " + (i + 1) + " (" + kinds.get(i) + ") filed as " + title);
    }
  }

  @Test
  void goldens_coverEveryKind() throws IOException {
    List<String> titles = new ArrayList<>();
    for (Path text : goldenTexts().toList()) {
      for (String splat : splats(Files.readString(text, StandardCharsets.UTF_8))) {
        titles.add(syzkallerTitle(splat));
      }
    }
    assertAll(titles, "KCSAN: data-race in ", "KCSAN: assert: race in ",
        "KASAN: slab-use-after-free Read in ", "KASAN: double-free in ");
  }

  @Test
  void oldUseAfterFreeTitle_isKcsanUnknown() {
    String old = "BUG: KCSAN: use-after-free in conn_close / conn_timeout_work\n\n";
    assertEquals("KCSAN-UNKNOWN: use-after-free in conn_close / conn_timeout_work",
        syzkallerTitle(old));
    assertFalse(KASAN_FREE.matcher("BUG: KASAN: double-free in req_teardown\n").find(),
        "a KASAN title without the offset names no function");
  }

  private static void assertAll(List<String> titles, String... prefixes) {
    for (String prefix : prefixes) {
      assertTrue(titles.stream().anyMatch(t -> t != null && t.startsWith(prefix)),
          "no golden splat filed as " + prefix + "...: " + titles);
    }
  }
}
