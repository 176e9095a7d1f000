package dev.slabrace.finding;

import java.util.Locale;

/**
 * What a {@link TraceWarning} says: the kind of inconsistency of a well-formed trace the engine met,
 * and what it did instead. Each constant's comment names the warning's arguments in order; names
 * (locks, tasks, callbacks) are strings as the trace spells them, counts and event ids are longs. The
 * sentences are worded in {@code dev.slabrace.report.Messages}; docs/warnings.md lists them.
 * {@link #wireName()} is the code that JSON reports and SARIF notifications give.
 */
public enum WarningCode {
  /**
   * A shared lock of a lock another task holds exclusively; the lock is acquired anyway. Arguments:
   * the lock's name, the holding task's name.
   */
  SHARED_LOCK_WHILE_HELD_EXCLUSIVELY,
  /**
   * An exclusive lock of a lock some task already holds (exclusively or shared); it is acquired
   * anyway. Argument: the lock's name.
   */
  LOCK_WHILE_HELD,
  /**
   * A shared unlock of a lock no task holds shared; it still releases. Argument: the lock's name.
   */
  SHARED_UNLOCK_NOT_HELD,
  /**
   * An exclusive unlock by a task that does not hold the lock; it still releases. Arguments: the
   * lock's name, the unlocking task's name.
   */
  UNLOCK_NOT_HELD,
  /**
   * A fork of a task that already had events; the child is ordered after the fork from there on.
   * Argument: the child task's name.
   */
  FORK_OF_RUNNING_TASK,
  /** A join of a task that never had an event; the join orders nothing. Argument: the task's name. */
  JOIN_OF_UNSEEN_TASK,
  /** An rcu_read_unlock outside any read-side section; it is ignored. No arguments. */
  RCU_UNLOCK_OUTSIDE_SECTION,
  /**
   * A grace period waited for inside the task's own RCU read-side section (a deadlock in the
   * kernel); the analysis carries on. No arguments.
   */
  GRACE_PERIOD_INSIDE_SECTION,
  /**
   * A gp_begin of a task already waiting for a grace period; the earlier grace period is dropped.
   * Argument: the task's name.
   */
  GP_BEGIN_WHILE_WAITING,
  /** A gp_end without a gp_begin; it is treated as a full barrier. No arguments. */
  GP_END_WITHOUT_BEGIN,
  /**
   * A grace period ended while read-side sections that began before it were still running; they are
   * not ordered before its end. Arguments: the gp_begin's event id, how many sections still ran.
   */
  GRACE_PERIOD_ENDED_BEFORE_READERS,
  /**
   * A call_rcu of a callback that is already pending; it is ignored. Argument: the callback's name.
   */
  CALL_RCU_ALREADY_PENDING,
  /**
   * A cb_begin of a callback no call_rcu queued; no ordering is assumed. Argument: the callback's
   * name.
   */
  CB_BEGIN_NOT_QUEUED,
  /**
   * A callback started while read-side sections running at its call_rcu had not ended; it is still
   * ordered after its call_rcu and the sections that did end. Arguments: the callback's name, how
   * many sections still ran.
   */
  CALLBACK_BEFORE_READERS,
  /**
   * A cb_end of a callback that is not running on the ending task; it is ignored. Arguments: the
   * callback's name, the task's name.
   */
  CB_END_NOT_RUNNING,
  /**
   * An rcu_barrier returned while queued callbacks had not ended; they are not ordered before it.
   * Argument: how many callbacks were outstanding.
   */
  RCU_BARRIER_BEFORE_CALLBACKS,
  /**
   * An alloc of an address that is still allocated; the old object is dropped without a free.
   * Arguments: the address, the old object's alloc event id.
   */
  ALLOC_OF_LIVE_OBJECT,
  /**
   * A load whose rf names a store that a later store to all of its bytes (in line order) overwrote,
   * where that later store is ordered before the load: in program order (coherence), or visible to
   * it (plain-coherence where one of the two is plain; happens-before or propagation where both
   * are marked), or read by an earlier load of the task (coherence: a load without rf reads the
   * latest store). The LKMM forbids the execution; the load is analysed as the trace gives it.
   * Arguments: the store rf names, the overwriting store.
   */
  LOAD_OF_OVERWRITTEN_STORE;

  /**
   * Returns the code as reports give it: the constant's name in lower case with hyphens
   * ({@code load-of-overwritten-store}), the style of {@link FindingKind#wireName()}.
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
