package dev.slabrace.bench;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.Traces;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;

/**
 * Reads traces to their end without analysing them, the parse-only half of {@code bench/run.sh}: opens
 * each file as {@code slabrace analyze} does (format detection, gzip), pulls every event into one
 * cursor, and prints per file the events read, the reading thread's CPU time and wall time, and the
 * events per CPU second.
 *
 * <p>Run as {@code java -cp benchmarks/target/benchmarks.jar dev.slabrace.bench.ParseOnly
 * [--lenient] TRACE...}; the output line is
 * {@code TRACE: EVENTS events, CPU SECONDS s, wall SECONDS s, RATE M events/s (CPU)}.
 */
public final class ParseOnly {
  private ParseOnly() {}

  /** Reads every trace named on the command line. */
  public static void main(String[] args) throws IOException {
    boolean lenient = false;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (String arg : args) {
      if (arg.equals("--lenient")) {
        lenient = true;
        continue;
      }
      long cpu0 = threads.getCurrentThreadCpuTime();
      long wall0 = System.nanoTime();
      long events = 0;
      long checksum = 0;
      try (EventSource source = Traces.open(Path.of(arg), arg, lenient)) {
        EventCursor cursor = new EventCursor();
        while (source.next(cursor)) {
          events++;
          checksum += cursor.addr ^ cursor.task;
        }
      }
      double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
      double wall = (System.nanoTime() - wall0) / 1e9;
      System.out.printf("%s: %d events, CPU %.3f s, wall %.3f s, %.2f M events/s (CPU)%s%n", arg,
          events, cpu, wall, events / cpu / 1e6, checksum == 42 ? " " : "");
    }
  }
}
