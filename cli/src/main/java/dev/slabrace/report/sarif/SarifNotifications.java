package dev.slabrace.report.sarif;

import dev.slabrace.finding.WarningCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The notification descriptors of a slabrace SARIF log: one per trace warning code, whose id is the
 * code JSON reports give, then one for each warning about the log itself. A run lists those its
 * notifications name ({@code tool.driver.notifications}), and each notification names its
 * descriptor by id and index, so that a consumer can group or filter warnings without parsing
 * their text (docs/warnings.md describes each).
 */
final class SarifNotifications {
  /** The id of the warning that a log holds more runs than GitHub code scanning accepts. */
  static final String TOO_MANY_RUNS = "too-many-runs";
  /** The id of the warning that a run holds only the first reports of its trace. */
  static final String RESULTS_LEFT_OUT = "results-left-out";

  /** A descriptor: its id and its one-sentence description. */
  record Descriptor(String id, String text) {}

  private static final List<Descriptor> ALL = build();

  private SarifNotifications() {}

  private static List<Descriptor> build() {
    List<Descriptor> all = new ArrayList<>();
    for (WarningCode code : WarningCode.values()) {
      all.add(new Descriptor(code.wireName(), text(code)));
    }
    all.add(new Descriptor(TOO_MANY_RUNS,
        "The log holds more runs than GitHub code scanning accepts in one file."));
    all.add(new Descriptor(RESULTS_LEFT_OUT,
        "The run holds only the first reports of its trace; the others are counted."));
    return List.copyOf(all);
  }

  /**
   * Returns the descriptors that a run's notifications name ({@code ids}, in any order and with
   * repeats), in a fixed order (the warning codes', then the log's): the run's
   * {@code tool.driver.notifications}.
   */
  @SafeVarargs
  static List<Descriptor> used(List<String>... ids) {
    Set<String> named = new HashSet<>();
    for (List<String> list : ids) {
      named.addAll(list);
    }
    List<Descriptor> used = new ArrayList<>();
    for (Descriptor d : ALL) {
      if (named.contains(d.id())) {
        used.add(d);
      }
    }
    return used;
  }

  /** Returns the index of the descriptor {@code id} in {@code descriptors}. */
  static int index(List<Descriptor> descriptors, String id) {
    for (int i = 0; i < descriptors.size(); i++) {
      if (descriptors.get(i).id().equals(id)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no descriptor " + id);
  }

  private static String text(WarningCode code) {
    return switch (code) {
      case SHARED_LOCK_WHILE_HELD_EXCLUSIVELY ->
          "A shared lock of a lock another task holds exclusively; acquired anyway.";
      case LOCK_WHILE_HELD -> "An exclusive lock of a lock that is held; acquired anyway.";
      case SHARED_UNLOCK_NOT_HELD -> "A shared unlock of a lock no task holds shared; released anyway.";
      case UNLOCK_NOT_HELD -> "An unlock of a lock the task does not hold; released anyway.";
      case FORK_OF_RUNNING_TASK -> "A fork of a task that already ran; ordered from the fork on.";
      case JOIN_OF_UNSEEN_TASK -> "A join of a task that never ran; it orders nothing.";
      case RCU_UNLOCK_OUTSIDE_SECTION -> "An rcu_read_unlock outside any read-side section; ignored.";
      case GRACE_PERIOD_INSIDE_SECTION ->
          "A grace period waited for inside the task's own read-side section (a deadlock).";
      case GP_BEGIN_WHILE_WAITING ->
          "A gp_begin while the task already waits for a grace period; the earlier one is dropped.";
      case GP_END_WITHOUT_BEGIN -> "A gp_end without a gp_begin; treated as a full barrier.";
      case GRACE_PERIOD_ENDED_BEFORE_READERS ->
          "A grace period ended while read-side sections that began before it still ran.";
      case CALL_RCU_ALREADY_PENDING -> "A call_rcu of a callback that is still pending; ignored.";
      case CB_BEGIN_NOT_QUEUED -> "A cb_begin of a callback no call_rcu queued; no ordering assumed.";
      case CALLBACK_BEFORE_READERS ->
          "A callback started while read-side sections running at its call_rcu had not ended.";
      case CB_END_NOT_RUNNING -> "A cb_end of a callback not running on the task; ignored.";
      case RCU_BARRIER_BEFORE_CALLBACKS ->
          "An rcu_barrier returned while queued callbacks had not ended.";
      case ALLOC_OF_LIVE_OBJECT ->
          "An alloc of an address still allocated; the old object is dropped without a free.";
      case LOAD_OF_OVERWRITTEN_STORE ->
          "A load reads a store that a store ordered before it overwrote: the LKMM forbids this"
              + " execution.";
    };
  }
}
