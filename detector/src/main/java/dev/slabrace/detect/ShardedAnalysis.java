package dev.slabrace.detect;

import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingKind;
import dev.slabrace.finding.FindingSink;
import dev.slabrace.finding.TraceSummary;
import dev.slabrace.finding.TraceWarning;
import dev.slabrace.finding.WarningCode;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.Failures;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Analyses one trace with several engines in parallel ({@code analyze --threads N}): this thread reads
 * events into batches; every worker's engine replays every event's synchronisation but checks only the
 * shadow granules of its {@link Shard}; their findings are merged into the single-engine order.
 *
 * <pre>
 * Implementation notes
 *
 * Each batch goes to every worker; it returns to the pool when the last worker is done with it, so
 * the reader never runs more than POOL batches ahead. The name tables are appended to by the reader
 * only, and read by workers only for events already handed to them (AppendOnlyArray publishes).
 * Findings are the same in every shard that sees them (the engines share every decision but the
 * bytes they check), except that only the shard owning an access's first granule knows the value it
 * overwrote; the merge keeps one finding per (kind, events, bytes), preferring the one that knows the
 * value change, else the one of the shard owning the earlier access's first granule (which knows
 * the value it overwrote, whether or not it changed). A use-after-free is reported once per access, for the first freed bytes it meets in
 * granule order; each shard meets the first in its own granules, so every shard notes the granule of
 * each it reports and only the lowest one's is kept (the access may span bytes of two frees, or bytes
 * whose free one shard finds by a freed mark and another by a freed cell). Findings are collected per
 * worker and merged at the end, so this mode holds them all. Warnings are the first engine's, which
 * every engine gives alike, but for a load of an overwritten store (AccessChecker.overwrittenBy),
 * which only the engine owning the load's first granule finds: those of the other engines are
 * merged in by event.
 * </pre>
 */
final class ShardedAnalysis {
  private static final int BATCH = 4096;
  private static final int POOL = 16;

  private ShardedAnalysis() {}

  /** A batch of events shared by all workers. */
  private static final class Batch {
    final EventCursor[] events = new EventCursor[BATCH];
    int size;
    final AtomicInteger pending = new AtomicInteger();
    final boolean last;

    Batch(boolean last) {
      this.last = last;
      for (int i = 0; i < BATCH; i++) {
        events[i] = new EventCursor();
      }
    }
  }

  static TraceSummary analyze(EventSource source, FindingSink sink, AnalysisOptions options,
      int threads) throws IOException {
    BlockingQueue<Batch> free = new ArrayBlockingQueue<>(POOL);
    for (int i = 0; i < POOL; i++) {
      free.add(new Batch(false));
    }
    List<List<Finding>> found = new ArrayList<>();
    List<Engine> engines = new ArrayList<>();
    List<BlockingQueue<Batch>> queues = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    List<LongArrayList> granules = new ArrayList<>();
    for (int k = 0; k < threads; k++) {
      List<Finding> list = new ArrayList<>();
      found.add(list);
      LongArrayList listGranules = new LongArrayList();
      granules.add(listGranules);
      TimelineRecorder timelines = options.captureTimelines() ? new TimelineRecorder(source) : null;
      Engine[] self = new Engine[1];
      Engine engine = new Engine(source, f -> {
        list.add(f);
        listGranules.add(f.kind() == FindingKind.USE_AFTER_FREE
            ? self[0].useAfterFreeGranule(f.second().id()) : -1);
      }, timelines, new Shard(k, threads), options.typesafeCaches());
      self[0] = engine;
      engines.add(engine);
      BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(POOL + 1);
      queues.add(queue);
      Thread worker = new Thread(() -> work(engine, queue, free, failure), "slabrace-shard-" + k);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
    long n = 0;
    try {
      boolean more = true;
      while (more && failure.get() == null) {
        Batch b = free.take();
        b.size = 0;
        while (b.size < BATCH && (more = source.next(b.events[b.size]))) {
          b.size++;
          if ((++n & (AnalysisOptions.PROGRESS_INTERVAL - 1)) == 0) {
            options.progress().progress(n);
          }
        }
        b.pending.set(threads);
        for (BlockingQueue<Batch> q : queues) {
          q.put(b);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      Batch end = new Batch(true);
      end.pending.set(threads);
      for (BlockingQueue<Batch> q : queues) {
        q.offer(end);
      }
      for (Thread w : workers) {
        try {
          w.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    if (failure.get() != null) {
      throw Failures.rethrow(failure.get());
    }
    firstUseAfterFree(found, granules);
    merge(found, sink);
    Engine primary = engines.get(0);
    long folded = 0;
    long evicted = 0;
    for (Engine e : engines) {
      folded += e.foldedRaces();
      evicted += e.evictedCells();
    }
    // every engine gives the same warnings but those about what only the shadow shows, which each
    // gives for its own granules (a load of an overwritten store): merged into the event order
    List<TraceWarning> warnings = new ArrayList<>(primary.warnings());
    long counted = primary.warningCount();
    for (int i = 1; i < engines.size(); i++) {
      for (TraceWarning w : engines.get(i).warnings()) {
        if (w.code() == WarningCode.LOAD_OF_OVERWRITTEN_STORE) {
          warnings.add(w);
        }
      }
      counted += engines.get(i).warningCount(WarningCode.LOAD_OF_OVERWRITTEN_STORE);
    }
    warnings.sort(Comparator.comparingLong(TraceWarning::eventId)); // stable: one event's in order
    List<TraceWarning> kept = List.copyOf(
        warnings.subList(0, Math.min(warnings.size(), Engine.MAX_WARNINGS)));
    return Detector.summary(source, primary.events(), kept,
        primary.notes(folded, evicted, counted - kept.size(), kept.size()),
        primary.handoffs());
  }

  private static void work(Engine engine, BlockingQueue<Batch> queue, BlockingQueue<Batch> free,
      AtomicReference<Throwable> failure) {
    try {
      while (true) {
        Batch b = queue.take();
        if (b.last) {
          break;
        }
        if (failure.get() == null) {
          for (int i = 0; i < b.size; i++) {
            engine.lookAhead(b.events, i, b.size);
            engine.onEvent(b.events[i]);
          }
        }
        if (b.pending.decrementAndGet() == 0) {
          free.put(b);
        }
      }
      engine.finish();
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
      // keep draining so the reader never blocks on a full queue
      drain(queue, free);
    }
  }

  private static void drain(BlockingQueue<Batch> queue, BlockingQueue<Batch> free) {
    try {
      while (true) {
        Batch b = queue.take();
        if (b.last) {
          return;
        }
        if (b.pending.decrementAndGet() == 0) {
          free.put(b);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Keeps, of the use-after-free findings of one access that the shards made, the one of the lowest
   * granule: the one a single engine makes.
   */
  private static void firstUseAfterFree(List<List<Finding>> found, List<LongArrayList> granules) {
    Long2LongOpenHashMap lowest = new Long2LongOpenHashMap();
    for (int k = 0; k < found.size(); k++) {
      List<Finding> list = found.get(k);
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i).kind() == FindingKind.USE_AFTER_FREE) {
          long g = granules.get(k).getLong(i);
          long access = list.get(i).second().id();
          if (!lowest.containsKey(access) || Long.compareUnsigned(g, lowest.get(access)) < 0) {
            lowest.put(access, g);
          }
        }
      }
    }
    if (lowest.isEmpty()) {
      return;
    }
    for (int k = 0; k < found.size(); k++) {
      List<Finding> list = found.get(k);
      LongArrayList g = granules.get(k);
      int kept = 0;
      for (int i = 0; i < list.size(); i++) {
        Finding f = list.get(i);
        if (f.kind() != FindingKind.USE_AFTER_FREE || lowest.get(f.second().id()) == g.getLong(i)) {
          list.set(kept++, f);
        }
      }
      list.subList(kept, list.size()).clear();
    }
  }

  /** Merges the workers' ordered findings into one order, one finding per (kind, events, bytes). */
  private static void merge(List<List<Finding>> found, FindingSink sink) {
    int[] next = new int[found.size()];
    Finding pending = null;
    while (true) {
      int best = -1;
      for (int k = 0; k < found.size(); k++) {
        if (next[k] < found.get(k).size() && (best < 0 || FindingOrder.ORDER.compare(
            found.get(k).get(next[k]), found.get(best).get(next[best])) < 0)) {
          best = k;
        }
      }
      if (best < 0) {
        break;
      }
      Finding f = found.get(best).get(next[best]++);
      if (pending != null && sameFinding(pending, f)) {
        // the shard that owns the earlier access's first granule knows what it overwrote
        if (!pending.valueChange() && f.valueChange()
            || !pending.valueChange() && !f.valueChange() && ownsFirst(best, found.size(), f)) {
          pending = f;
        }
        continue;
      }
      if (pending != null) {
        sink.accept(pending);
      }
      pending = f;
    }
    if (pending != null) {
      sink.accept(pending);
    }
  }

  /** Whether shard {@code k} of {@code count} owns the first granule of {@code f}'s earlier access. */
  private static boolean ownsFirst(int k, int count, Finding f) {
    return new Shard(k, count).owns(f.first().addr() >>> 3);
  }

  private static boolean sameFinding(Finding a, Finding b) {
    return a.kind() == b.kind() && a.first().id() == b.first().id()
        && a.second().id() == b.second().id() && a.addr() == b.addr() && a.size() == b.size();
  }
}
