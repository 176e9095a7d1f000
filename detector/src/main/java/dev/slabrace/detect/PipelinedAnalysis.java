package dev.slabrace.detect;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.Failures;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The single-engine analysis on two threads: a reader thread decodes events into batches while the
 * calling thread analyses the previous ones, so that on two cores the time tends to the larger of
 * parse and analysis rather than their sum. Findings, their order and the progress calls are those of
 * the one-thread loop, on the calling thread.
 *
 * <pre>
 * Implementation notes
 *
 * POOL batches of BATCH reused cursors go round two bounded queues, free and full: the reader never
 * runs more than POOL batches ahead and nothing is allocated per event. The name tables are appended
 * to by the reader only and read by the engine only for events already handed to it (AppendOnlyArray
 * publishes). A reader failure (a malformed line, an I/O error, running out of memory) travels in the
 * batch after the events decoded before it: those are analysed, then the same exception is thrown on
 * the calling thread, as the one-thread loop would have. If the analysis fails, the reader (a daemon
 * thread) is interrupted and its batches abandoned.
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
        for (int i = 0; i < b.size; i++) {
          engine.onEvent(b.events[i]);
          if ((++n & (AnalysisOptions.PROGRESS_INTERVAL - 1)) == 0) {
            progress.progress(n);
          }
        }
        if (b.failure != null) {
          throw Failures.rethrow(b.failure);
        }
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

  private static void read(EventSource source, BlockingQueue<Batch> free, BlockingQueue<Batch> full) {
    try {
      while (true) {
        Batch b = free.take();
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
