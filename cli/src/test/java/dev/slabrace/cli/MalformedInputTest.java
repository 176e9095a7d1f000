package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The malformed-input corpus ({@code src/test/resources/malformed/expected.tsv}): every input, run
 * through the real command line, exits with its status and prints its exact line, never a stack
 * trace; with {@code --lenient}, bad lines are skipped and counted in the summary.
 */
final class MalformedInputTest {
  static final Path DIR = Path.of(System.getProperty("slabrace.root", ".."))
      .resolve("cli/src/test/resources/malformed");
  /** Files of the corpus directory that are not inputs. */
  private static final Set<String> NOT_INPUTS = Set.of("expected.tsv", "README.md", "make-corpus.py");

  /** One run of the corpus: the input, lenient or not, the exit status and the stderr line. */
  record Row(String input, boolean lenient, int exit, String line) {
    /** Returns the command line that runs this row on {@code path}. */
    String[] args(String path) {
      return lenient ? new String[] {"analyze", "--lenient", path} : new String[] {"analyze", path};
    }

    @Override
    public String toString() {
      return (lenient ? "--lenient " : "") + input;
    }
  }

  /** Reads the rows of expected.tsv. */
  static List<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (String l : Files.readAllLines(DIR.resolve("expected.tsv"), StandardCharsets.UTF_8)) {
      if (l.isBlank() || l.startsWith("#")) {
        continue;
      }
      String[] f = l.split("\t", -1);
      if (f.length != 4 || !(f[1].equals("strict") || f[1].equals("lenient"))) {
        throw new IllegalStateException("expected.tsv: bad row: " + l);
      }
      rows.add(new Row(f[0], f[1].equals("lenient"), Integer.parseInt(f[2]), f[3]));
    }
    return rows;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void analyze_exitsWithItsStatusAndPrintsItsLine(Row row) {
    String path = DIR.resolve(row.input()).toString();
    Cli r = Cli.run(row.args(path));
    String err = r.err().replace(System.lineSeparator(), "\n");
    String expected = row.line().replace("FILE", path);
    List<String> lines = err.lines().toList();
    assertAll(
        () -> assertEquals(row.exit(), r.exit(), err),
        () -> assertFalse(err.contains("Exception") || err.contains("\tat ")
            || err.contains("internal error"), err),
        () -> {
          if (!row.lenient() && row.exit() == 2) {
            assertEquals(expected + "\n", err, "exactly one line");
          } else {
            assertEquals(expected, lines.get(lines.size() - 1));
          }
        });
  }

  @Test
  void corpus_coversEveryReader() throws IOException {
    List<Row> rows = rows();
    Set<String> strict = rows.stream().filter(r -> !r.lenient()).map(Row::input)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> files = new TreeSet<>();
    try (Stream<Path> all = Files.walk(DIR)) {
      all.filter(Files::isRegularFile).map(p -> DIR.relativize(p).toString().replace('\\', '/'))
          .filter(p -> !NOT_INPUTS.contains(p)).forEach(files::add);
    }
    assertEquals(files, strict, "every input has a strict row, and every row an input");
    assertTrue(files.size() >= 40, "size " + files.size());
    for (String reader : List.of("jsonl/", "gzip/", "ftrace/", "std/", "simbin/", "other/")) {
      assertTrue(files.stream().filter(f -> f.startsWith(reader)).count() >= 3, reader);
      assertTrue(rows.stream().anyMatch(r -> r.lenient() && r.input().startsWith(reader))
          || reader.equals("other/"), "a lenient row for " + reader);
    }
  }
}
