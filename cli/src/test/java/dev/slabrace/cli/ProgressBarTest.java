package dev.slabrace.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The progress bar's text, drawn with a fake clock: no real time is measured. */
final class ProgressBarTest {
  @Test
  void line_percentBytesEventsRate() {
    assertAll(
        () -> assertEquals("slabrace: t.jsonl [#########---------------]  40% 12.0 MiB of 29.3 MiB,"
            + " 1.2M events, 850.0k events/s",
            ProgressBar.line("t.jsonl", 1_200_000, 12L << 20, 30_700_000, 1_200_000 / 850_000.0)),
        () -> assertEquals("slabrace: - 0.5 MiB read, 999 events, ? events/s",
            ProgressBar.line("-", 999, 1L << 19, 0, 0)));
  }

  @Test
  void shortRun_drawsNothing_longRun_redrawsInPlaceThenSaysHowLongItTook() {
    StringWriter shortOut = new StringWriter();
    long[] now = {0};
    ProgressBar quick = new ProgressBar("t", new PrintWriter(shortOut), () -> now[0]);
    quick.start(100, () -> 50).progress(65536);
    quick.finish(70000);

    StringWriter longOut = new StringWriter();
    ProgressBar slow = new ProgressBar("t", new PrintWriter(longOut), () -> now[0]);
    slow.start(100, () -> 50);
    now[0] = 2_000_000_000L;
    slow.progress(1_000_000);
    now[0] = 4_000_000_000L;
    slow.finish(2_000_000);
    assertAll(
        () -> assertEquals("", shortOut.toString()),
        () -> assertEquals("\rslabrace: t [############------------]  50% 0.0 MiB of 0.0 MiB,"
            + " 1.0M events, 500.0k events/s\u001b[K\r\u001b[K"
            + "slabrace: t: analysed 2000000 events in 4.0 s (500.0k events/s)"
            + System.lineSeparator(), longOut.toString()));
  }
}
