package dev.slabrace.detect;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.Failures;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The single-engine analysis in batches of decoded events: on two threads, a reader thread decoding
 * batches while the calling thread analyses the previous ones, so that on two cores the time tends to
 * the larger of parse and analysis rather than their sum; on one, decoding and analysing a batch in
 * turn. Findings, their order and the progress calls are those of a loop that decodes and analyses
 * one event at a time.
 *
 * <pre>
 * Implementation notes
 *
 * Both loops look ahead: every Engine.AHEAD (16) events, the engine reads the shadow heads of the
 * next 16 events' first granules (Engine.lookAhead). On a trace whose accesses spread over more
 * shadow than the processor's caches hold (the STD trace's 100,000 variables in random order), the
 * check of an access otherwise waits for memory at its granule's head and again at its first cell,
 * one access after another; read together, 16 such fetches are under way at once, and the checks
 * find them in the cache. Groups of 16 measured as fast as 8 and 32, and the head with its first
 * cell as fast as or faster than the whole list or the two in separate passes
 * (docs/performance.md, "Looking ahead at the shadow").
 *
 * POOL batches of BATCH reused cursors go round two bounded queues, free and full: the reader never
 * runs more than POOL batches ahead and nothing is allocated per event. The name tables are appended
 * to by the reader only and read by the engine only for events already handed to it (AppendOnlyArray
 * publishes). A reader failure (a malformed line, an I/O error, running out of memory) travels in the
 * batch after the events decoded before it: those are analysed, then the same exception is thrown on
 * the calling thread, as a loop of one event at a time would have. If the analysis fails, the
 * reader (a daemon thread) is interrupted and its batches abandoned.
 * </pre>
 */
final class PipelinedAnalysis {
  static final int BATCH = 2048;
  static final int POOL = 4;

  private PipelinedAnalysis() {}

  /** A batch of decoded events, and how the reader's part ended after them. */
  private static final class Batch {
    final EventCursor[] events = new EventCursor[BATCH];
    int size;
    boolean last;
    Throwable failure;

    Batch() {
      for (int i = 0; i < BATCH; i++) {
        events[i] = new EventCursor();
      }
    }
  }

  /** Whether the machine lets a second thread run beside this one. */
  static boolean worthwhile() {
    return Runtime.getRuntime().availableProcessors() > 1;
  }

  /**
   * Pulls every event of {@code source} through {@code engine} on the calling thread, a batch decoded
   * and then analysed, so that the engine can look ahead. A failure to decode comes after the
   * analysis of the events decoded before it, as in {@link #run}.
   */
  static void runOnThisThread(EventSource source, Engine engine,
      AnalysisOptions.ProgressListener progress) throws IOException {
    Batch b = new Batch();
    long n = 0;
    do {
      fill(source, b);
      n = analyse(engine, b, n, progress);
    } while (!b.last);
  }

  /** Pulls every event of {@code source} through {@code engine}, decoding on a second thread. */
  static void run(EventSource source, Engine engine, AnalysisOptions.ProgressListener progress)
      throws IOException {
    BlockingQueue<Batch> free = new ArrayBlockingQueue<>(POOL);
    BlockingQueue<Batch> full = new ArrayBlockingQueue<>(POOL);
    for (int i = 0; i < POOL; i++) {
      free.add(new Batch());
    }
    Thread reader = new Thread(() -> read(source, free, full), "slabrace-reader");
    reader.setDaemon(true);
    reader.start();
    long n = 0;
    try {
      while (true) {
        Batch b = full.take();
        n = analyse(engine, b, n, progress);
        if (b.last) {
          return;
        }
        free.put(b);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      reader.interrupt();
    }
  }

  /**
   * Analyses the events of {@code b}, looking ahead as it goes, then throws the batch's
   * failure if it has one; {@code n} events were analysed before them. Returns how many now have.
   */
  private static long analyse(Engine engine, Batch b, long n,
      AnalysisOptions.ProgressListener progress) throws IOException {
    for (int i = 0; i < b.size; i++) {
      engine.lookAhead(b.events, i, b.size);
      engine.onEvent(b.events[i]);
      if ((++n & (AnalysisOptions.PROGRESS_INTERVAL - 1)) == 0) {
        progress.progress(n);
      }
    }
    if (b.failure != null) {
      throw Failures.rethrow(b.failure);
    }
    return n;
  }

  /** Decodes into {@code b} up to BATCH events, and how the source ended if it did. */
  private static void fill(EventSource source, Batch b) {
    b.size = 0;
    b.last = false;
    b.failure = null;
    try {
      while (b.size < BATCH && source.next(b.events[b.size])) {
        b.size++;
      }
      b.last = b.size < BATCH;
    } catch (Throwable t) {
      b.failure = t;
    }
  }

  private static void read(EventSource source, BlockingQueue<Batch> free, BlockingQueue<Batch> full) {
    try {
      while (true) {
        Batch b = free.take();
        fill(source, b);
        full.put(b);
        if (b.last || b.failure != null) {
          return;
        }
      }
    } catch (InterruptedException e) {
      // the analysis ended without this reader: nothing is waiting for its batches
    }
  }
}
