package dev.slabrace.finding;

import dev.slabrace.trace.MemOrder;
import java.util.Optional;

/**
 * The ordering edge a user handoff lacks, as the engine decided it: which case it is, with the task,
 * store and load it names. {@code dev.slabrace.report.Messages} words it ("make the load an acquire
 * (smp_load_acquire)...").
 *
 * @param kind which edge is missing
 * @param free whether the later access is the free of the object, rather than an access to it
 * @param task the later task, as the trace names it
 * @param store the store that published the object's address, when the trace shows it
 * @param load the later task's load of the object's address, when the trace shows it
 */
public record MissingEdge(Kind kind, boolean free, String task, Optional<Pointer> store,
    Optional<Pointer> load) {
  /**
   * A store or load of the object's address.
   *
   * @param order its marking
   * @param site its code location (the top frame)
   */
  public record Pointer(MemOrder order, String site) {}

  /** Which edge is missing, from what the trace shows of the address's way to the later task. */
  public enum Kind {
    /** The later task never loaded the object's address: nothing hands the object over. */
    NEVER_LOADED,
    /** The later task loaded the address from a store the trace does not show. */
    STORE_NOT_SHOWN,
    /** Neither the publishing store is a release nor the load an acquire. */
    NEITHER_ORDERED,
    /** The store is a release, the load is not an acquire. */
    LOAD_NOT_ACQUIRE,
    /** The load is an acquire, the store is not a release. */
    STORE_NOT_RELEASE,
    /**
     * Release and acquire are there, but the publishing task did not itself allocate or acquire
     * the object, so its release does not carry the allocation.
     */
    PUBLISHER_NOT_ORDERED
  }
}
