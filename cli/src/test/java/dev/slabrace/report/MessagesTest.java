package dev.slabrace.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slabrace.finding.EngineNote;
import dev.slabrace.finding.MissingEdge;
import dev.slabrace.finding.NoteCode;
import dev.slabrace.finding.TraceSummary;
import dev.slabrace.finding.TraceWarning;
import dev.slabrace.finding.WarningCode;
import dev.slabrace.trace.MemOrder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The sentence of every warning and note code, as standard error and the JSON report print it
 * (docs/warnings.md quotes them); WarningsTest checks which code each inconsistent trace gives.
 */
final class MessagesTest {
  private final Set<WarningCode> warned = EnumSet.noneOf(WarningCode.class);

  private void assertWarning(String sentence, WarningCode code, Object... args) {
    warned.add(code);
    assertEquals(sentence, Messages.warning(new TraceWarning(1, 2, code, args)));
  }

  @Test
  void everyWarningCode_isWorded() {
    assertWarning("shared lock of l while task 0 holds it exclusively; acquired anyway",
        WarningCode.SHARED_LOCK_WHILE_HELD_EXCLUSIVELY, "l", "0");
    assertWarning("lock of l while it is held; acquired anyway", WarningCode.LOCK_WHILE_HELD, "l");
    assertWarning("shared unlock of l which no task holds shared; released anyway",
        WarningCode.SHARED_UNLOCK_NOT_HELD, "l");
    assertWarning("unlock of 0xffff888100a3c000 which task 7 does not hold; released anyway",
        WarningCode.UNLOCK_NOT_HELD, "0xffff888100a3c000", "7");
    assertWarning("fork of task 1 which already ran; ordered from here",
        WarningCode.FORK_OF_RUNNING_TASK, "1");
    assertWarning("join of task 7 which never ran; no ordering", WarningCode.JOIN_OF_UNSEEN_TASK,
        "7");
    assertWarning("rcu_read_unlock outside any read-side section; ignored",
        WarningCode.RCU_UNLOCK_OUTSIDE_SECTION);
    assertWarning("grace period waited for inside an RCU read-side section (a deadlock); carried on",
        WarningCode.GRACE_PERIOD_INSIDE_SECTION);
    assertWarning("gp_begin while task 0 already waits for a grace period; the earlier one is"
        + " dropped", WarningCode.GP_BEGIN_WHILE_WAITING, "0");
    assertWarning("gp_end without gp_begin; treated as a full barrier",
        WarningCode.GP_END_WITHOUT_BEGIN);
    assertWarning("grace period (gp_begin at event 4) ended while 2 read-side section(s) that began"
        + " before it were still running; those sections are not ordered before it",
        WarningCode.GRACE_PERIOD_ENDED_BEFORE_READERS, 4L, 2);
    assertWarning("call_rcu of callback cb which is already pending; ignored",
        WarningCode.CALL_RCU_ALREADY_PENDING, "cb");
    assertWarning("cb_begin of callback cb that no call_rcu queued; no ordering assumed",
        WarningCode.CB_BEGIN_NOT_QUEUED, "cb");
    assertWarning("callback cb starts while 1 read-side section(s) running at its call_rcu have not"
        + " ended", WarningCode.CALLBACK_BEFORE_READERS, "cb", 1);
    assertWarning("cb_end of callback cb that is not running on task 1; ignored",
        WarningCode.CB_END_NOT_RUNNING, "cb", "1");
    assertWarning("rcu_barrier returned while 3 queued callback(s) had not ended; they are not"
        + " ordered before it", WarningCode.RCU_BARRIER_BEFORE_CALLBACKS, 3);
    assertWarning("alloc of 0xffff888100a3c000 which is still allocated (alloc at event 5); the old"
        + " object is dropped without a free", WarningCode.ALLOC_OF_LIVE_OBJECT,
        0xffff888100a3c000L, 5L);
    assertWarning("load reads the store of event 3, which the store of event 7, ordered before the"
        + " load, overwrote: the LKMM forbids this execution (coherence); analysed as the trace"
        + " gives it", WarningCode.LOAD_OF_OVERWRITTEN_STORE, 3L, 7L);
    assertEquals(EnumSet.allOf(WarningCode.class), warned, "a sentence per code");
  }

  @Test
  void everyNoteCode_isWorded() {
    assertEquals(List.of(
        "12 more racing pair(s) (counted per 8-byte granule) were folded into the findings of their"
            + " later access: each access reports, per granule, the newest racing access of each"
            + " code location, every racing access not yet named, and enough others to cover its"
            + " racy bytes",
        "7 earlier access(es) already named in a finding were evicted from 8-byte granules holding"
            + " more than 256 accesses that no later one made redundant (the oldest first): later"
            + " accesses are not reported against them, as FastTrack keeps only the last write",
        "1 object(s) freed by another task with no observed ordering from their allocation are not"
            + " reported as races: the trace shows no memory accesses before them (see 'slabrace"
            + " handoffs')",
        "2 marked read(s) named with rf one of the 70000 stores to marked locations that were not"
            + " kept because the trace had shown no rf yet; they were given no ordering",
        "5 more warning(s) after the first 1000 were counted but not kept"),
        List.of(new EngineNote(NoteCode.FOLDED_RACES, 12),
            new EngineNote(NoteCode.EVICTED_CELLS, 7, 256),
            new EngineNote(NoteCode.UNREPORTED_ALLOCATION_RACES, 1),
            new EngineNote(NoteCode.FORGOTTEN_READS, 2, 70000),
            new EngineNote(NoteCode.WARNINGS_NOT_KEPT, 5, 1000))
            .stream().map(Messages::note).toList());
    assertEquals(5, NoteCode.values().length, "a sentence above per code");
  }

  @Test
  void notes_readerNotesComeFirst() {
    TraceSummary r = new TraceSummary("t", 0, List.of(), 0, List.of("lost 3 events"),
        List.of(new EngineNote(NoteCode.WARNINGS_NOT_KEPT, 1, 1000)), List.of(), null);
    assertEquals(List.of("lost 3 events",
        "1 more warning(s) after the first 1000 were counted but not kept"), Messages.notes(r));
  }

  private static final Optional<MissingEdge.Pointer> STORE =
      Optional.of(new MissingEdge.Pointer(MemOrder.RELEASE, "publish+0x8/0x20"));
  private static final Optional<MissingEdge.Pointer> LOAD =
      Optional.of(new MissingEdge.Pointer(MemOrder.ONCE, "consume+0x8/0x30"));

  private static String edge(MissingEdge.Kind kind, boolean free, Optional<MissingEdge.Pointer> store,
      Optional<MissingEdge.Pointer> load) {
    return Messages.missingEdge(new MissingEdge(kind, free, "7", store, load));
  }

  @Test
  void everyMissingEdge_isWorded() {
    assertEquals(List.of(
        "task 7 never loaded the object's address in the trace; nothing orders its allocation and"
            + " initialisation before the free: hand it over with"
            + " smp_store_release/smp_load_acquire or under a common lock",
        "the object's address was read by a READ_ONCE/WRITE_ONCE load at consume+0x8/0x30 from a"
            + " store the trace does not show; nothing orders the allocation's stores before this"
            + " access: publish it with smp_store_release and read it with smp_load_acquire",
        "the pointer was published by a release store at publish+0x8/0x20 and read by a"
            + " READ_ONCE/WRITE_ONCE load at consume+0x8/0x30; nothing orders the allocation's"
            + " stores before the free: make the store a release (smp_store_release) and the load"
            + " an acquire (smp_load_acquire), or take a common lock",
        "the pointer was published by a release store at publish+0x8/0x20 but read by a"
            + " READ_ONCE/WRITE_ONCE load at consume+0x8/0x30: make the load an acquire"
            + " (smp_load_acquire); smp_rmb() alone does not order a later write or free",
        "the pointer was read by an READ_ONCE/WRITE_ONCE load at consume+0x8/0x30 but published by"
            + " a release store at publish+0x8/0x20: make the store a release (smp_store_release)",
        "the pointer was published by a release store at publish+0x8/0x20 and read by an"
            + " READ_ONCE/WRITE_ONCE load at consume+0x8/0x30, but the publishing task did not"
            + " itself allocate or acquire the object: order the allocation before the publishing"
            + " task's release"),
        List.of(edge(MissingEdge.Kind.NEVER_LOADED, true, Optional.empty(), Optional.empty()),
            edge(MissingEdge.Kind.STORE_NOT_SHOWN, false, Optional.empty(), LOAD),
            edge(MissingEdge.Kind.NEITHER_ORDERED, true, STORE, LOAD),
            edge(MissingEdge.Kind.LOAD_NOT_ACQUIRE, false, STORE, LOAD),
            edge(MissingEdge.Kind.STORE_NOT_RELEASE, false, STORE, LOAD),
            edge(MissingEdge.Kind.PUBLISHER_NOT_ORDERED, false, STORE, LOAD)));
    assertEquals(6, MissingEdge.Kind.values().length, "a sentence above per kind");
  }

  @Test
  void missingEdge_namesEachMarking() {
    List<String> markings = new ArrayList<>();
    for (MemOrder mo : MemOrder.values()) {
      String s = edge(MissingEdge.Kind.STORE_NOT_SHOWN, false, Optional.empty(),
          Optional.of(new MissingEdge.Pointer(mo, "f")));
      markings.add(s.substring("the object's address was read by a ".length(), s.indexOf(" load at")));
    }
    assertEquals(List.of("plain", "READ_ONCE/WRITE_ONCE", "acquire", "release", "relaxed",
        "fully ordered", "plain"), markings, "in MemOrder's order, data_race last");
  }
}
