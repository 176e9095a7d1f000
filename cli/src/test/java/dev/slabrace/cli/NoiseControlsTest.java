package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KCSAN's noise controls on the command line: {@code --only-func} (the debugfs whitelist, both sides
 * listed) beside {@code --ignore-func}, and {@code --report-value-change-only}
 * (CONFIG_KCSAN_REPORT_VALUE_CHANGE_ONLY) on races whose values the trace gives.
 */
final class NoiseControlsTest {
  private static final Pattern TITLE = Pattern.compile("^BUG: (.*)$", Pattern.MULTILINE);

  /** Six unordered pairs of tasks on six words of one object; the names say what each pair does. */
  private static Path trace(Path dir) throws IOException {
    StringBuilder sb = new StringBuilder(
        "{\"op\":\"alloc\",\"tid\":1,\"cpu\":0,\"ptr\":\"0x1000\",\"size\":64,\"ip\":\"mk+0x1/0x9\"}\n");
    String[][] pairs = {
      // first op, its value, its function, second op, its value, its function, mo of both
      {"store", "7", "same_w1", "store", "7", "same_w2", "plain"},
      {"store", "7", "diff_w1", "store", "8", "diff_w2", "plain"},
      {"load", "5", "rd_then", "store", "5", "wr_same", "plain"},
      {"store", "5", "wr_then", "load", "5", "rd_same", "plain"},
      {"store", "3", "rcu_w1", "store", "3", "rcu_w2", "plain"},
      {"store", "4", "mk_w1", "store", "4", "mk_w2", "once"},
    };
    for (int i = 0; i < pairs.length; i++) {
      String[] p = pairs[i];
      String addr = "0x" + Long.toHexString(0x1000 + 8 * i);
      sb.append(event(p[0], 10 + 2 * i, addr, p[1], p[2], i == 5 ? "plain" : p[6]));
      sb.append(event(p[3], 11 + 2 * i, addr, p[4], p[5], p[6]));
    }
    Path t = dir.resolve("values.jsonl");
    Files.writeString(t, sb.toString());
    return t;
  }

  private static String event(String op, int tid, String addr, String val, String fn, String mo) {
    return "{\"op\":\"" + op + "\",\"tid\":" + tid + ",\"cpu\":" + (tid % 4) + ",\"addr\":\"" + addr
        + "\",\"size\":8,\"val\":" + val + ",\"mo\":\"" + mo + "\",\"ip\":\"" + fn + "+0x4/0x10\"}\n";
  }

  private static List<String> titles(Cli r) {
    Matcher m = TITLE.matcher(r.out());
    return m.results().map(x -> x.group(1)).toList();
  }

  @Test
  void everyPair_racesWithoutFilters(@TempDir Path dir) throws IOException {
    Cli r = Cli.run("analyze", "--quiet", trace(dir).toString());
    assertEquals(List.of("KCSAN: data-race in same_w1 / same_w2", "KCSAN: data-race in diff_w1 / diff_w2",
        "KCSAN: data-race in rd_then / wr_same", "KCSAN: data-race in rd_same / wr_then",
        "KCSAN: data-race in rcu_w1 / rcu_w2", "KCSAN: data-race in mk_w1 / mk_w2"), titles(r));
  }

  @Test
  void valueChangeOnly_dropsPlainPairsThatKeptTheValue(@TempDir Path dir) throws IOException {
    Cli r = Cli.run("analyze", "--quiet", "--report-value-change-only", trace(dir).toString());
    assertAll(
        () -> assertEquals(1, r.exit(), r.err()),
        () -> assertEquals(List.of("KCSAN: data-race in diff_w1 / diff_w2",
            "KCSAN: data-race in rd_same / wr_then", "KCSAN: data-race in rcu_w1 / rcu_w2",
            "KCSAN: data-race in mk_w1 / mk_w2"), titles(r)));
  }

  @Test
  void onlyFunc_keepsPairsWithBothSidesListed_ignoreFuncStillWins(@TempDir Path dir)
      throws IOException {
    String t = trace(dir).toString();
    Cli both = Cli.run("analyze", "--quiet", "--only-func", "diff_w1,diff_w2,rd_then", t);
    Cli ignored = Cli.run("analyze", "--quiet", "--only-func", "diff_w1,diff_w2",
        "--ignore-func", "diff_w2", t);
    assertAll(
        () -> assertEquals(List.of("KCSAN: data-race in diff_w1 / diff_w2"), titles(both)),
        () -> assertEquals(0, ignored.exit(), ignored.err()),
        () -> assertEquals(List.of(), titles(ignored)));
  }
}
