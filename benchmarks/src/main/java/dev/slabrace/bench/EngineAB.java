package dev.slabrace.bench;

import dev.slabrace.detect.AnalysisOptions;
import dev.slabrace.detect.Detector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * The engine of several slabrace jars on one trace, side by side in one JVM: each jar is loaded in a
 * class loader of its own and decodes the trace into memory once ({@link ReplaySource}); then the
 * jars take turns, one replay each through {@code Detector.analyze} per round, so that a noisy
 * machine slows them alike. Prints per jar the CPU seconds of every replay and the median and minimum
 * of those after the first two rounds (warm-up).
 *
 * <p>Run as {@code taskset -c 0 java -Xmx8g -cp benchmarks/target/benchmarks.jar
 * dev.slabrace.bench.EngineAB TRACE ROUNDS JAR...} (one CPU: the engine on the calling thread,
 * without the pipelined reader).
 */
public final class EngineAB {
  private EngineAB() {}

  /** Compares the jars named on the command line. */
  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: EngineAB TRACE ROUNDS JAR...");
      System.exit(2);
    }
    String trace = args[0];
    int rounds = Integer.parseInt(args[1]);
    URL self = EngineAB.class.getProtectionDomain().getCodeSource().getLocation();
    int n = args.length - 2;
    LongSupplier[] replays = new LongSupplier[n];
    for (int i = 0; i < n; i++) {
      // the jar first, so that its engine shadows the one this jar carries
      ClassLoader loader = new URLClassLoader(
          new URL[] {Path.of(args[2 + i]).toUri().toURL(), self}, ClassLoader.getPlatformClassLoader());
      replays[i] = (LongSupplier) Class.forName(EngineAB.class.getName(), true, loader)
          .getMethod("replays", String.class).invoke(null, trace);
    }
    double[][] seconds = new double[n][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < n; i++) {
        seconds[i][r] = replays[i].getAsLong() / 1e9;
      }
    }
    for (int i = 0; i < n; i++) {
      double[] measured = Arrays.copyOfRange(seconds[i], Math.min(2, rounds - 1), rounds);
      Arrays.sort(measured);
      StringBuilder all = new StringBuilder();
      for (double s : seconds[i]) {
        all.append(String.format(" %.3f", s));
      }
      System.out.printf("%s: median %.3f s, min %.3f s CPU per replay (%s)%n", args[2 + i],
          measured[measured.length / 2], measured[0], all.toString().trim());
    }
  }

  /**
   * Decodes {@code trace} and returns a replay of it through the engine that answers the calling
   * thread's CPU nanoseconds; called in each jar's class loader.
   */
  public static LongSupplier replays(String trace) throws IOException {
    ReplaySource source = ReplaySource.decode(Files.readAllBytes(Path.of(trace)));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return () -> {
      source.rewind();
      long start = threads.getCurrentThreadCpuTime();
      try {
        Detector.analyze(source, finding -> { }, AnalysisOptions.DEFAULT);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return threads.getCurrentThreadCpuTime() - start;
    };
  }
}
