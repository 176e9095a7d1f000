package dev.slabrace.detect;

import static dev.slabrace.trace.MemOrder.PLAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.slabrace.finding.Finding;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.ForwardingEventSource;
import dev.slabrace.trace.TraceFormatException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two-thread analysis ({@link PipelinedAnalysis#run}) and the one-thread batches that look ahead
 * ({@link PipelinedAnalysis#runOnThisThread}) against the one-event-at-a-time loop: the same findings
 * in the same order and the same progress calls, and a reader error after N events comes after the
 * findings of those N events, as the same exception.
 */
final class PipelinedAnalysisTest {
  /** Racy stores of many tasks to a few addresses: findings all along the trace, many batches. */
  private static TraceBuilder racyTrace(int events) {
    TraceBuilder t = new TraceBuilder();
    for (int i = 0; i < events; i++) {
      t.store(Integer.toString(i % 7), 0x1000 + 8 * (i % 5), 8, PLAIN, "f" + (i % 3) + "+0x1/0x10");
    }
    return t;
  }

  private static List<String> oneThread(EventSource source, List<Long> progress) throws IOException {
    List<String> out = new ArrayList<>();
    Engine engine = new Engine(source, f -> out.add(line(f)));
    EventCursor cursor = new EventCursor();
    long n = 0;
    try {
      while (source.next(cursor)) {
        engine.onEvent(cursor);
        if ((++n & (AnalysisOptions.PROGRESS_INTERVAL - 1)) == 0) {
          progress.add(n);
        }
      }
      engine.finish();
    } catch (IOException e) {
      out.add("error: " + e.getMessage());
    }
    return out;
  }

  /** One of PipelinedAnalysis' loops. */
  private interface Loop {
    void run(EventSource source, Engine engine, AnalysisOptions.ProgressListener progress)
        throws IOException;
  }

  private static List<String> pipelined(EventSource source, List<Long> progress) throws IOException {
    return analysed(source, progress, PipelinedAnalysis::run);
  }

  private static List<String> batched(EventSource source, List<Long> progress) throws IOException {
    return analysed(source, progress, PipelinedAnalysis::runOnThisThread);
  }

  private static List<String> analysed(EventSource source, List<Long> progress, Loop loop)
      throws IOException {
    List<String> out = new ArrayList<>();
    Engine engine = new Engine(source, f -> out.add(line(f)));
    try {
      loop.run(source, engine, progress::add);
      engine.finish();
    } catch (IOException e) {
      out.add("error: " + e.getMessage());
    }
    return out;
  }

  private static String line(Finding f) {
    return f.kind().wireName() + " " + f.first().id() + " " + f.second().id() + " " + f.addr();
  }

  @Test
  void sameFindingsInTheSameOrder() throws IOException {
    int events = 3 * AnalysisOptions.PROGRESS_INTERVAL + 5;
    List<Long> progressOne = new ArrayList<>();
    List<Long> progressTwo = new ArrayList<>();
    List<String> expected = oneThread(racyTrace(events).source(), progressOne);
    List<String> actual = pipelined(racyTrace(events).source(), progressTwo);
    assertEquals(expected, actual);
    assertEquals(List.of(65536L, 131072L, 196608L), progressTwo);
    assertEquals(progressOne, progressTwo);
    List<Long> progressBatched = new ArrayList<>();
    assertEquals(expected, batched(racyTrace(events).source(), progressBatched));
    assertEquals(progressOne, progressBatched);
  }

  @Test
  void aReaderErrorComesAfterTheFindingsOfTheEventsBeforeIt() throws IOException {
    // the error falls inside the third batch, after a finding in that batch
    int before = 2 * PipelinedAnalysis.BATCH + 100;
    List<String> expected = oneThread(failingAfter(racyTrace(before + 50).source(), before), new ArrayList<>());
    List<String> actual = pipelined(failingAfter(racyTrace(before + 50).source(), before), new ArrayList<>());
    assertEquals("error: trace.txt:" + (before + 1) + ": bad line", expected.get(expected.size() - 1));
    assertEquals(expected, actual);
    assertEquals(expected,
        batched(failingAfter(racyTrace(before + 50).source(), before), new ArrayList<>()));
    // the last finding before the error is the last event's
    assertEquals(Long.toString(before - 1), expected.get(expected.size() - 2).split(" ")[2]);
  }

  @Test
  void anErrorOfTheAnalysisIsThrownAndTheReaderLetGo() {
    RuntimeException boom = new RuntimeException("sink failed");
    EventSource source = racyTrace(10 * PipelinedAnalysis.BATCH).source();
    Engine engine = new Engine(source, f -> {
      throw boom;
    });
    assertSame(boom, assertThrows(RuntimeException.class,
        () -> PipelinedAnalysis.run(source, engine, n -> { })));
  }

  /** {@code source} with a malformed line after its first {@code n} events. */
  private static EventSource failingAfter(EventSource source, int n) {
    return new ForwardingEventSource(source) {
      private int read;

      @Override
      public boolean next(EventCursor into) throws IOException {
        if (read == n) {
          throw TraceFormatException.atLine("trace.txt", n + 1, "bad line");
        }
        read++;
        return source.next(into);
      }

      @Override
      public void close() {}
    };
  }
}
