package dev.slabrace.cli;

import dev.slabrace.report.Reporter;
import dev.slabrace.trace.Failures;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * {@code analyze --jobs N}: analyses up to N traces at once, each on its own engine, and prints each
 * trace's report and standard-error lines in the order of the command line, exactly as one job would.
 */
final class ParallelAnalysis {
  /* Implementation notes
   *
   * Each trace writes its report to a SpillBuffer (in memory up to 512 KiB, then a temporary file) and
   * its standard-error lines to two small in-memory writers (before and after the report's end, as one
   * job interleaves them); the command's thread prints a trace's buffers when every earlier trace is
   * printed. At most WINDOW_PER_THREAD * N traces are begun and not yet printed, so a slow trace at the
   * head holds back at most that many finished buffers, never the whole command line. Reporters'
   * begin() runs on the command's thread in trace order, so a document format (SARIF, HTML) keeps its
   * traces in command-line order whatever order they finish in; Future.get() orders a worker's writes
   * before the command's reads.
   *
   * A bug met while a trace is analysed is that trace's failed outcome (TraceJob), and the other
   * traces go on. A job that throws (the report's writer failing, or running out of memory) is
   * rethrown when its turn comes, after what it printed before the failure, as one job would have
   * failed there; later jobs are abandoned.
   */

  /** How many traces per worker may be begun and not yet printed. */
  static final int WINDOW_PER_THREAD = 2;

  /** A trace begun and not yet printed: its job and its buffers. */
  private record Pending(Future<TraceJob.Outcome> future, SpillBuffer out, StringWriter err,
      StringWriter errAfter) {}

  private ParallelAnalysis() {}

  /**
   * Analyses {@code traces} with {@code threads} workers, handing each trace's outcome to
   * {@code outcomes} in trace order.
   *
   * @throws IOException if writing the report fails
   */
  static void run(int threads, List<String> traces, Reporter reporter, TraceJob.Settings settings,
      Writer out, PrintWriter err, Consumer<TraceJob.Outcome> outcomes) throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, traces.size()), r -> {
      Thread t = new Thread(r, "slabrace-job");
      t.setDaemon(true);
      return t;
    });
    Deque<Pending> pending = new ArrayDeque<>();
    Iterator<String> next = traces.iterator();
    try {
      while (next.hasNext() || !pending.isEmpty()) {
        while (next.hasNext() && pending.size() < threads * WINDOW_PER_THREAD) {
          pending.add(submit(pool, next.next(), reporter, settings));
        }
        Pending head = pending.poll();
        try {
          TraceJob.Outcome outcome;
          try {
            outcome = await(head.future());
          } catch (IOException | RuntimeException | Error e) {
            printPartial(head, out, err, e);
            throw e;
          }
          print(head, out, err);
          outcomes.accept(outcome);
        } finally {
          head.out().delete();
        }
      }
    } finally {
      pool.shutdownNow();
      for (Pending p : pending) {
        p.out().delete();
      }
    }
  }

  private static Pending submit(ExecutorService pool, String trace, Reporter reporter,
      TraceJob.Settings settings) {
    SpillBuffer buffer = new SpillBuffer();
    StringWriter err = new StringWriter();
    StringWriter errAfter = new StringWriter();
    TraceJob job = new TraceJob(settings, trace, reporter.begin(trace, buffer), buffer,
        new PrintWriter(err), new PrintWriter(errAfter), null);
    Future<TraceJob.Outcome> future = pool.submit(() -> {
      try (buffer) {
        return job.call();
      }
    });
    return new Pending(future, buffer, err, errAfter);
  }

  private static TraceJob.Outcome await(Future<TraceJob.Outcome> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a trace's analysis");
    } catch (ExecutionException e) {
      throw Failures.rethrow(e.getCause());
    }
  }

  /** Prints a finished trace: its warnings and notes, its report, its summary line. */
  private static void print(Pending p, Writer out, PrintWriter err) throws IOException {
    err.write(p.err().toString());
    err.flush();
    p.out().copyTo(out);
    out.flush();
    err.write(p.errAfter().toString());
    err.flush();
  }

  /** Prints what a failed job wrote before it failed, as one job would have; keeps the failure. */
  private static void printPartial(Pending p, Writer out, PrintWriter err, Throwable failure) {
    try {
      print(p, out, err);
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
