package dev.slabrace.report;

import dev.slabrace.finding.EngineNote;
import dev.slabrace.finding.MissingEdge;
import dev.slabrace.finding.TraceSummary;
import dev.slabrace.finding.TraceWarning;
import java.util.ArrayList;
import java.util.List;

/**
 * The wording of what the engine decides as codes: each {@link dev.slabrace.finding.WarningCode}
 * and {@link dev.slabrace.finding.NoteCode} as the sentence standard error and the JSON report print,
 * and a handoff's {@link dev.slabrace.finding.MissingEdge} as every report says it. The engine hands
 * over codes with arguments; every sentence is written here, once (docs/warnings.md quotes the
 * warnings).
 */
public final class Messages {
  private Messages() {}

  /** Returns the sentence of {@code w}: what was inconsistent and how the analysis carried on. */
  public static String warning(TraceWarning w) {
    return switch (w.code()) {
      case SHARED_LOCK_WHILE_HELD_EXCLUSIVELY -> "shared lock of " + w.name(0) + " while task "
          + w.name(1) + " holds it exclusively; acquired anyway";
      case LOCK_WHILE_HELD -> "lock of " + w.name(0) + " while it is held; acquired anyway";
      case SHARED_UNLOCK_NOT_HELD -> "shared unlock of " + w.name(0)
          + " which no task holds shared; released anyway";
      case UNLOCK_NOT_HELD -> "unlock of " + w.name(0) + " which task " + w.name(1)
          + " does not hold; released anyway";
      case FORK_OF_RUNNING_TASK -> "fork of task " + w.name(0)
          + " which already ran; ordered from here";
      case JOIN_OF_UNSEEN_TASK -> "join of task " + w.name(0) + " which never ran; no ordering";
      case RCU_UNLOCK_OUTSIDE_SECTION -> "rcu_read_unlock outside any read-side section; ignored";
      case GRACE_PERIOD_INSIDE_SECTION ->
          "grace period waited for inside an RCU read-side section (a deadlock); carried on";
      case GP_BEGIN_WHILE_WAITING -> "gp_begin while task " + w.name(0)
          + " already waits for a grace period; the earlier one is dropped";
      case GP_END_WITHOUT_BEGIN -> "gp_end without gp_begin; treated as a full barrier";
      case GRACE_PERIOD_ENDED_BEFORE_READERS -> "grace period (gp_begin at event " + w.number(0)
          + ") ended while " + w.number(1) + " read-side section(s) that began before it were"
          + " still running; those sections are not ordered before it";
      case CALL_RCU_ALREADY_PENDING -> "call_rcu of callback " + w.name(0)
          + " which is already pending; ignored";
      case CB_BEGIN_NOT_QUEUED -> "cb_begin of callback " + w.name(0)
          + " that no call_rcu queued; no ordering assumed";
      case CALLBACK_BEFORE_READERS -> "callback " + w.name(0) + " starts while " + w.number(1)
          + " read-side section(s) running at its call_rcu have not ended";
      case CB_END_NOT_RUNNING -> "cb_end of callback " + w.name(0)
          + " that is not running on task " + w.name(1) + "; ignored";
      case RCU_BARRIER_BEFORE_CALLBACKS -> "rcu_barrier returned while " + w.number(0)
          + " queued callback(s) had not ended; they are not ordered before it";
      case ALLOC_OF_LIVE_OBJECT -> "alloc of 0x" + Long.toHexString(w.number(0))
          + " which is still allocated (alloc at event " + w.number(1)
          + "); the old object is dropped without a free";
      case LOAD_OF_OVERWRITTEN_STORE -> "load reads the store of event " + w.number(0)
          + ", which the store of event " + w.number(1) + ", ordered before the load, overwrote:"
          + " the LKMM forbids this execution (coherence); analysed as the trace gives it";
    };
  }

  /** Returns the sentence of {@code n}: what the engine could not decide, or left out. */
  public static String note(EngineNote n) {
    return switch (n.code()) {
      case FOLDED_RACES -> n.count() + " more racing pair(s) (counted per 8-byte granule) were"
          + " folded into the findings of their later access: each access reports, per granule,"
          + " the newest racing access of each code location, every racing access not yet named,"
          + " and enough others to cover its racy bytes";
      case EVICTED_CELLS -> n.count() + " earlier access(es) already named in a finding were"
          + " evicted from 8-byte granules holding more than " + n.limit() + " accesses that"
          + " no later one made redundant (the oldest first): later accesses are not reported"
          + " against them, as FastTrack keeps only the last write";
      case UNREPORTED_ALLOCATION_RACES -> n.count() + " object(s) freed by another task with no"
          + " observed ordering from their allocation are not reported as races: the trace shows"
          + " no memory accesses before them (see 'slabrace handoffs')";
      case FORGOTTEN_READS -> n.count() + " marked read(s) named with rf one of the " + n.limit()
          + " stores to marked locations that were not kept because the trace had shown no rf yet;"
          + " they were given no ordering";
      case WARNINGS_NOT_KEPT -> n.count() + " more warning(s) after the first " + n.limit()
          + " were counted but not kept";
    };
  }

  /** Returns what a user handoff lacks and how to add it, in one sentence. */
  public static String missingEdge(MissingEdge e) {
    String what = e.free() ? "the free" : "this access";
    String loadAt = e.load().map(p -> at(p, "load")).orElse("");
    String storeAt = e.store().map(p -> at(p, "store")).orElse("");
    return switch (e.kind()) {
      case NEVER_LOADED -> "task " + e.task() + " never loaded the object's address in the trace;"
          + " nothing orders its allocation and initialisation before " + what + ": hand it over"
          + " with smp_store_release/smp_load_acquire or under a common lock";
      case STORE_NOT_SHOWN -> "the object's address was read by a " + loadAt + " from a store the"
          + " trace does not show; nothing orders the allocation's stores before " + what
          + ": publish it with smp_store_release and read it with smp_load_acquire";
      case NEITHER_ORDERED -> "the pointer was published by a " + storeAt + " and read by a "
          + loadAt + "; nothing orders the allocation's stores before " + what + ": make the"
          + " store a release (smp_store_release) and the load an acquire (smp_load_acquire), or"
          + " take a common lock";
      case LOAD_NOT_ACQUIRE -> "the pointer was published by a " + storeAt + " but read by a "
          + loadAt + ": make the load an acquire (smp_load_acquire); smp_rmb() alone does not"
          + " order a later write or free";
      case STORE_NOT_RELEASE -> "the pointer was read by an " + loadAt + " but published by a "
          + storeAt + ": make the store a release (smp_store_release)";
      case PUBLISHER_NOT_ORDERED -> "the pointer was published by a " + storeAt + " and read by an "
          + loadAt + ", but the publishing task did not itself allocate or acquire the object:"
          + " order the allocation before the publishing task's release";
    };
  }

  /** Returns {@code "plain load at f+0x8/0x20"}: a pointer access's marking and site. */
  private static String at(MissingEdge.Pointer p, String access) {
    String marking = switch (p.order()) {
      case PLAIN, DATA_RACE -> "plain";
      case ONCE -> "READ_ONCE/WRITE_ONCE";
      case RELAXED -> "relaxed";
      case ACQUIRE -> "acquire";
      case RELEASE -> "release";
      case FULL -> "fully ordered";
    };
    return marking + " " + access + " at " + p.site();
  }

  /** How the note that a trace holds no events begins. */
  static final String EMPTY = "the trace holds no events: ";

  /** Returns the note that a trace holds no events, with {@code whyEmpty}, its likely cause. */
  public static String emptyTrace(String whyEmpty) {
    return EMPTY + whyEmpty;
  }

  /**
   * Returns every note of a trace in the order they are printed: that it holds no events (if so),
   * the reader's notes as it worded them, then the engine's.
   */
  public static List<String> notes(TraceSummary summary) {
    List<String> notes = new ArrayList<>();
    if (summary.whyEmpty() != null) {
      notes.add(emptyTrace(summary.whyEmpty()));
    }
    notes.addAll(summary.notes());
    summary.engineNotes().forEach(n -> notes.add(note(n)));
    return notes;
  }
}
