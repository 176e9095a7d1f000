package dev.slabrace.cli;

import dev.slabrace.detect.AnalysisOptions;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on standard error for a long analysis: percent and bytes read of the trace's
 * size, events analysed and events per second, redrawn in place. Shown only when standard error is a
 * terminal and {@code --quiet} is not given; the time it took goes to standard error when it ends, so
 * that reports never carry timings.
 */
final class ProgressBar implements Progress, AnalysisOptions.ProgressListener {
  /* Implementation notes
   *
   * The detector calls progress() every AnalysisOptions.PROGRESS_INTERVAL events, so the hot loop
   * pays one mask test per event; the bar redraws at most every REDRAW_NANOS. Nothing is drawn for an
   * analysis shorter than that, and finish() then prints nothing either: a bar is for long runs.
   */

  /** The least time between two redraws, and before the first one: a quarter second. */
  static final long REDRAW_NANOS = 250_000_000L;
  private static final int WIDTH = 24;

  private final String trace;
  private final PrintWriter err;
  private final LongSupplier clock;
  private final long started;
  private long total;
  private LongSupplier bytesRead = () -> 0;
  private long lastDraw;
  private boolean drawn;

  /** Creates a bar for {@code trace} on {@code err}, timed by {@code clock} (nanoseconds). */
  ProgressBar(String trace, PrintWriter err, LongSupplier clock) {
    this.trace = trace;
    this.err = err;
    this.clock = clock;
    this.started = clock.getAsLong();
    this.lastDraw = started;
  }

  @Override
  public AnalysisOptions.ProgressListener start(long total, LongSupplier bytesRead) {
    this.total = total;
    this.bytesRead = bytesRead;
    return this;
  }

  @Override
  public void progress(long events) {
    long now = clock.getAsLong();
    if (now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    drawn = true;
    err.print("\r" + line(trace, events, bytesRead.getAsLong(), total, (now - started) / 1e9)
        + "\u001b[K");
    err.flush();
  }

  /** Ends the bar: replaces it with how long the analysis of {@code events} events took. */
  void finish(long events) {
    if (!drawn) {
      return;
    }
    double seconds = (clock.getAsLong() - started) / 1e9;
    err.print("\r\u001b[K");
    err.println(String.format(Locale.ROOT, "slabrace: %s: analysed %d events in %.1f s (%s events/s)",
        trace, events, seconds, rate(events, seconds)));
    err.flush();
  }

  /** Returns the bar's text: {@code t.jsonl [#####-----]  41% 12.0 of 29.3 MiB, 1.2M events, 850k/s}. */
  static String line(String trace, long events, long bytes, long total, double seconds) {
    StringBuilder sb = new StringBuilder("slabrace: ").append(trace).append(' ');
    if (total > 0) {
      int percent = (int) Math.min(100, bytes * 100 / total);
      int filled = percent * WIDTH / 100;
      sb.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ")
          .append(String.format(Locale.ROOT, "%3d%% %s of %s, ", percent, mib(bytes), mib(total)));
    } else {
      sb.append(mib(bytes)).append(" read, ");
    }
    return sb.append(count(events)).append(" events, ").append(rate(events, seconds))
        .append(" events/s").toString();
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  private static String rate(long events, double seconds) {
    return seconds <= 0 ? "?" : count(Math.round(events / seconds));
  }

  /** Returns {@code n} with a k or M suffix: {@code 850}, {@code 12.3k}, {@code 4.0M}. */
  static String count(long n) {
    if (n < 1000) {
      return Long.toString(n);
    }
    if (n < 1_000_000) {
      return String.format(Locale.ROOT, "%.1fk", n / 1e3);
    }
    return String.format(Locale.ROOT, "%.1fM", n / 1e6);
  }
}
