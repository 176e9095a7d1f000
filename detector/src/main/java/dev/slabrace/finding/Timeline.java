package dev.slabrace.finding;

import java.util.List;

/**
 * The events around one finding as the engine saw them: one lane per task involved, each with its
 * recent events in program order, the happens-before edges between them that the trace shows, and the
 * edges that are missing. Reporters draw it; they never reconstruct it.
 *
 * @param lanes one lane per task, the earlier access's task first
 * @param edges edges that exist between events of the lanes, in the order of their target event
 * @param missing edges whose absence makes a race: first access to second access, then for a
 *     user handoff the pointer's store to its load; empty for a use-after-free or double free
 */
public record Timeline(List<Lane> lanes, List<Edge> edges, List<Edge> missing) {

  /** What part an event plays in the finding. */
  public enum Role {
    /** Context: a synchronisation, fence, allocation or access near the finding. */
    CONTEXT,
    /** One of the finding's two events. */
    ACCESS,
    /** The allocation, publishing store or reading load of a user handoff. */
    HANDOFF
  }

  /**
   * One task's events, in program order.
   *
   * @param task the task's id as the trace wrote it
   * @param events its events around the finding, by increasing id
   */
  public record Lane(String task, List<Event> events) {}

  /**
   * One event of a lane, resolved to names.
   *
   * @param id the event id
   * @param op the contract's op ({@code load}, {@code rmw}, {@code fence}, {@code lock}...)
   * @param mo the access marking's wire name for loads, stores and RMWs ({@code plain} or
   *     {@code marked} when the event had left the engine's window and only its marking is known),
   *     else empty
   * @param detail what else identifies it: the fence kind, the lock, signal or callback key, the
   *     cache of an allocation, {@code failed} for a failed cmpxchg, the child task; or empty
   * @param addr the accessed, allocated or freed address (0 for events without one)
   * @param size the bytes accessed or allocated (0 if not known)
   * @param region what an access's bytes are ({@code slab->stride}, an object), or empty
   * @param hasValue whether {@code value} is known
   * @param value the value a load read or a store or RMW wrote
   * @param cpu the CPU, or -1
   * @param frame the code location, or empty
   * @param role what part it plays in the finding
   */
  public record Event(long id, String op, String mo, String detail, long addr, long size,
      String region, boolean hasValue, long value, int cpu, String frame, Role role) {}

  /**
   * An ordering edge between two events, or a missing one.
   *
   * @param from the earlier event's id
   * @param to the later event's id
   * @param kind {@code rf} (a marked load read a marked store: an LKMM hb edge), {@code lock}, {@code signal}, {@code fork},
   *     {@code join}, {@code reuse} (a free before an allocation of the same memory),
   *     {@code call_rcu}; for missing edges {@code hb} or {@code handoff}
   */
  public record Edge(long from, long to, String kind) {}
}
