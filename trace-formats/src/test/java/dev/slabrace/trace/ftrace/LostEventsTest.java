package dev.slabrace.trace.ftrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.trace.Op;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lost-event markers of both tools: the reader keeps going and says what the loss means. */
final class LostEventsTest {
  private static final String FREE = "  a-1  [001] .....  5.0: kmem_cache_free: call_site=f+0x1/0x2"
      + " ptr=ff29798582251c00 name=filp\n";
  private static final String OTHER_FREE = FREE.replace("c00", "d00");

  private static List<String> lossNotes(Decoded d) {
    return d.notes().stream().filter(n -> n.contains("frees may appear without their allocations"))
        .toList();
  }

  @Test
  void entriesHeader_overrunIsNoted() throws IOException {
    Decoded d = Decoded.of("# tracer: nop\n#\n# entries-in-buffer/entries-written: 231386/240746"
        + "   #P:2\n#\n" + FREE);
    assertEquals(1, d.events().size());
    List<String> notes = lossNotes(d);
    assertEquals(1, notes.size());
    assertTrue(notes.get(0).startsWith("line 3: ring buffer overrun: 9360 of 240746 events were"
        + " overwritten before the export"), notes.get(0));
  }

  @Test
  void bufferStartedMarker_isNotedWithItsLine() throws IOException {
    Decoded d = Decoded.of("# tracer: nop\n" + FREE + "\n##### CPU 1 buffer started ####\n" + OTHER_FREE);
    assertEquals(List.of(Op.FREE, Op.FREE), d.events().stream().map(Decoded.Ev::op).toList());
    assertEquals(5, d.events().get(1).line());
    List<String> notes = lossNotes(d);
    assertEquals(1, notes.size());
    assertTrue(notes.get(0).startsWith("line 4: CPU 1 buffer starts here, its earlier events were"
        + " overwritten"), notes.get(0));
  }

  @Test
  void lostAndDroppedMarkersOfTracePipeAndTraceCmd() throws IOException {
    Decoded d = Decoded.of("CPU:1 [LOST 340 EVENTS]\n" + FREE + "CPU:7 [204600 EVENTS DROPPED]\n"
        + "CPU:0 [EVENTS DROPPED]\nCPU:2 [LOST EVENTS]\n" + OTHER_FREE);
    assertEquals(2, d.events().size());
    List<String> notes = lossNotes(d);
    assertEquals(4, notes.size());
    assertTrue(notes.get(0).startsWith("line 1: CPU 1 lost 340 events here;"), notes.get(0));
    assertTrue(notes.get(1).startsWith("line 3: CPU 7 lost 204600 events here;"), notes.get(1));
    assertTrue(notes.get(2).startsWith("line 4: CPU 0 lost events here;"), notes.get(2));
    assertTrue(notes.get(3).startsWith("line 5: CPU 2 lost events here;"), notes.get(3));
  }

  @Test
  void manyMarkers_areSummarised() throws IOException {
    StringBuilder trace = new StringBuilder();
    for (int i = 0; i < Evidence.MAX_MARKER_NOTES + 5; i++) {
      trace.append("CPU:0 [LOST 10 EVENTS]\n").append(FREE.replace("c00", String.format("%03x", i)));
    }
    List<String> notes = lossNotes(Decoded.of(trace.toString()));
    assertEquals(Evidence.MAX_MARKER_NOTES + 1, notes.size());
    assertTrue(notes.get(notes.size() - 1).startsWith("5 more lost-event markers (50 more events"
        + " lost)"), notes.get(notes.size() - 1));
  }

  @Test
  void completeTrace_hasNoLossNotesButSaysWhatEvidenceIsMissing() throws IOException {
    Decoded d = Decoded.of("# tracer: nop\n# entries-in-buffer/entries-written: 1/1   #P:2\n" + FREE);
    assertEquals(List.of(), lossNotes(d));
    assertTrue(d.notes().contains("no load/store events (slab_access or slabrace_* kprobe lines):"
        + " no data race or use-after-free can be found, only allocations and frees are checked;"
        + " an object freed by another task than the one that allocated it, with no ordering seen"
        + " between them, is a handoff to review with 'slabrace handoffs', not a data race"),
        d.notes().toString());
    assertTrue(d.notes().stream().anyMatch(n -> n.startsWith("no sched_switch events")));
    assertTrue(d.notes().stream().anyMatch(n -> n.startsWith("no workqueue_queue_work")));
    assertTrue(d.notes().stream().anyMatch(n -> n.startsWith("no rcu_callback")));
  }
}
