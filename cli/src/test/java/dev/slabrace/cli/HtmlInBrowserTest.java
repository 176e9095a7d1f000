package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a person sees it: rendered by headless Chromium, its script must run to the end
 * without a console error, a trace's strings must stay text, and a screenshot of the stride race's
 * page ({@code reports/stride-race.html}) is kept in
 * {@code cli/target/screenshots/} as a build artifact. Without a Chromium it fails in CI (the
 * environment variable {@code CI} is {@code true}, as {@code .ci/run} sets it) and when
 * {@code SLABRACE_CHROMIUM} names no executable, and is skipped with a message otherwise, so that a
 * contributor's {@code mvn test} needs no browser ({@code .ci/run} installs Debian's {@code chromium}).
 */
final class HtmlInBrowserTest {
  private static final Path REPORTS =
      Path.of(System.getProperty("slabrace.root", "..")).resolve("reports");
  private static final Path ARTIFACTS =
      Path.of(System.getProperty("basedir", ".")).resolve("target").resolve("screenshots");
  private static final long TIMEOUT_SECONDS = 120;

  private static Optional<Path> chromium;

  @BeforeAll
  static void findChromium() {
    chromium = locate();
  }

  /** The browser's binary: SLABRACE_CHROMIUM, else the first of the usual names on PATH. */
  private static Optional<Path> locate() {
    String named = System.getenv("SLABRACE_CHROMIUM");
    if (named != null && !named.isBlank()) {
      return Optional.of(Path.of(named)).filter(Files::isExecutable);
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
      for (String dir : path.split(File.pathSeparator)) {
        Path p = Path.of(dir.isEmpty() ? "." : dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /** Fails in CI or for a wrong SLABRACE_CHROMIUM, and skips elsewhere, when there is no browser. */
  private static void requireChromium() {
    if (chromium.isPresent()) {
      return;
    }
    String named = System.getenv("SLABRACE_CHROMIUM");
    if (named != null && !named.isBlank()) {
      fail("SLABRACE_CHROMIUM=" + named + " is not an executable: the HTML report cannot be rendered");
    }
    String missing = "no chromium on PATH (apt-get install chromium, as .ci/run does, or set"
        + " SLABRACE_CHROMIUM): the HTML report is not rendered";
    if ("true".equals(System.getenv("CI"))) {
      fail(missing + "; in CI (CI=true) the browser test must run");
    }
    abort(missing);
  }

  /** What one browser run printed. */
  private record Run(int exit, String out, String err) {}

  private static Run browse(Path profile, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(chromium.get().toString(), "--headless",
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile));
    command.addAll(Arrays.asList(args));
    Path out = Files.createTempFile(profile.getParent(), "chromium", ".out");
    Path err = Files.createTempFile(profile.getParent(), "chromium", ".err");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("chromium did not finish in " + TIMEOUT_SECONDS + " s: " + command);
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Console messages that Chromium logged to standard error (--enable-logging). */
  private static List<String> consoleLines(String err) {
    return err.lines().filter(l -> l.contains("CONSOLE")).toList();
  }

  @Test
  void strideRace_scriptRunsWithoutConsoleErrors_screenshotKept(@TempDir Path tmp)
      throws IOException, InterruptedException {
    requireChromium();
    Files.createDirectories(ARTIFACTS);
    // The golden page, which GoldenReportsTest holds equal to what the command prints.
    Path html = REPORTS.resolve("stride-race.html").toAbsolutePath();
    Path png = ARTIFACTS.resolve("stride-race.png").toAbsolutePath();
    Files.deleteIfExists(png);
    String url = html.toUri().toString();
    Run dom = browse(tmp.resolve("profile"), "--dump-dom", url);
    Run shot = browse(tmp.resolve("profile"), "--screenshot=" + png, "--window-size=1280,1000",
        url);
    byte[] magic = Files.exists(png) ? Arrays.copyOf(Files.readAllBytes(png), 8) : new byte[8];
    assertAll(
        () -> assertEquals(0, dom.exit(), dom.err()),
        () -> assertTrue(dom.out().contains("data-script=\"ok\""), dom.out()),
        () -> assertEquals(List.of(), consoleLines(dom.err())),
        () -> assertEquals(0, shot.exit(), shot.err()),
        () -> assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
            magic, "a PNG screenshot at " + png));
  }

  @Test
  void hostileSymbols_areText_notScript(@TempDir Path tmp) throws IOException, InterruptedException {
    requireChromium();
    String hostile = "<script>document.documentElement.setAttribute('data-pwned','1')</script>";
    String ip = hostile.replace("\"", "\\\"") + "&\\\"'";
    Path trace = tmp.resolve("hostile.jsonl");
    Files.writeString(trace,
        "{\"op\":\"store\",\"tid\":1,\"cpu\":0,\"addr\":\"0x1000\",\"size\":8,\"ip\":\"" + ip + "\"}\n"
        + "{\"op\":\"load\",\"tid\":2,\"cpu\":1,\"addr\":\"0x1000\",\"size\":8,"
        + "\"ip\":\"<img src=x onerror=alert(1)>\"}\n", StandardCharsets.UTF_8);
    Path html = tmp.resolve("hostile.html");
    Cli report = Cli.run("analyze", "--quiet", "--report", "html", "-o", html.toString(),
        trace.toString());
    assertEquals(1, report.exit(), report.err());
    Run dom = browse(tmp.resolve("profile"), "--dump-dom", html.toUri().toString());
    assertAll(
        () -> assertTrue(dom.out().contains("data-script=\"ok\""), dom.out()),
        () -> assertFalse(dom.out().contains("data-pwned=\"1\""), dom.out()),
        () -> assertFalse(dom.out().contains("<img"), dom.out()),
        () -> assertTrue(dom.out().contains("&lt;script&gt;document"), dom.out()),
        () -> assertEquals(List.of(), consoleLines(dom.err())));
  }
}
