package dev.slabrace.detect;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.finding.Finding;
import dev.slabrace.finding.Timeline.Edge;
import dev.slabrace.finding.Timeline.Event;
import dev.slabrace.finding.Timeline.Lane;
import dev.slabrace.finding.Timeline.Role;
import dev.slabrace.finding.Timeline;
import dev.slabrace.finding.TraceResult;
import dev.slabrace.trace.EventSource;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Traces;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Timelines as the engine captures them: lanes, highlighted events, existing and missing edges. */
final class TimelineRecorderTest {
  private static final Path SAMPLES =
      Path.of(System.getProperty("slabrace.root", "..")).resolve("sample-traces");
  private static final AnalysisOptions CAPTURE =
      new AnalysisOptions(true, AnalysisOptions.ProgressListener.NONE);

  private static TraceResult analyze(String sample, AnalysisOptions options) throws IOException {
    try (EventSource source = Traces.open(SAMPLES.resolve(sample), sample, false)) {
      return Collect.analyze(source, options);
    }
  }

  private static List<Long> ids(Lane lane) {
    return lane.events().stream().map(Event::id).toList();
  }

  @Test
  void strideRace_twoLanes_cmpxchgReadByReadOnce_missingEdgeBetweenTheAccesses() throws IOException {
    Timeline t = analyze("stride-race.jsonl", CAPTURE).findings().get(0).timeline().orElseThrow();
    Lane writer = t.lanes().get(0);
    Lane reader = t.lanes().get(1);
    Event cmpxchg = writer.events().get(2);
    Event readOnce = reader.events().get(0);
    assertAll(
        () -> assertEquals(List.of("101", "202"), t.lanes().stream().map(Lane::task).toList()),
        () -> assertEquals(List.of(3L, 4L, 5L), ids(writer)),
        () -> assertEquals(List.of(6L, 7L), ids(reader)),
        () -> assertEquals(new Event(5, "rmw", "full", "", 0xffffea0004000030L, 8, "slab->obj_exts",
            true, 0xffff888100b00001L, 0, "alloc_slab_obj_exts+0x1c8/0x2b0", Role.CONTEXT), cmpxchg),
        () -> assertEquals("once", readOnce.mo()),
        () -> assertEquals(Role.ACCESS, writer.events().get(1).role()),
        () -> assertEquals(Role.ACCESS, reader.events().get(1).role()),
        () -> assertEquals(List.of(new Edge(5, 6, "rf")), t.edges()),
        () -> assertEquals(List.of(new Edge(4, 7, "hb")), t.missing()));
  }

  @Test
  void plainHandoff_lockEdge_plainPublishIsMissing() throws IOException {
    Finding stride = analyze("stride-early-plain-handoff.jsonl", CAPTURE).findings().stream()
        .filter(f -> f.region().equals("slab->stride")).findFirst().orElseThrow();
    Timeline t = stride.timeline().orElseThrow();
    assertAll(
        () -> assertEquals(List.of("101", "202", "303"), t.lanes().stream().map(Lane::task).toList()),
        () -> assertTrue(t.edges().contains(new Edge(6, 7, "lock")), t.edges().toString()),
        () -> assertEquals(List.of(new Edge(6, 7, "lock")), t.edges()),
        () -> assertEquals(List.of(new Edge(5, 13, "hb"), new Edge(11, 12, "handoff")), t.missing()),
        () -> assertEquals(Role.HANDOFF, t.lanes().get(1).events().stream()
            .filter(e -> e.id() == 9).findFirst().orElseThrow().role()));
  }

  @Test
  void captureOff_noTimelines() throws IOException {
    TraceResult r = analyze("stride-race.jsonl", AnalysisOptions.DEFAULT);
    assertTrue(r.findings().get(0).timeline().isEmpty());
  }

  @Test
  void longLane_keepsTheAccessesAndTheirNeighbours_rebuildsWhatTheRingLost() throws IOException {
    TraceBuilder t = new TraceBuilder();
    long first = t.store("1", 0x1000, 8, MemOrder.PLAIN, "writer+0x1/0x10");
    for (int i = 0; i < TimelineRing.CAPACITY + 10; i++) {
      t.store("1", 0x2000 + 8L * i, 8, MemOrder.ONCE, "filler+0x1/0x10");
    }
    long second = t.load("2", 0x1000, 8, MemOrder.PLAIN, "reader+0x1/0x10");
    Timeline tl = Collect.analyze(t.source(), CAPTURE).findings().get(0).timeline().orElseThrow();
    Lane writer = tl.lanes().get(0);
    assertAll(
        () -> assertEquals(TimelineBuilder.MAX_LANE_EVENTS + 1, writer.events().size()),
        () -> assertEquals(new Event(first, "store", "plain", "", 0x1000, 8, "", false, 0, 1,
            "writer+0x1/0x10", Role.ACCESS), writer.events().get(0)),
        () -> assertEquals(List.of(second), ids(tl.lanes().get(1))));
  }
}
