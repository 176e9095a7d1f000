package dev.slabrace.finding;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A race, use-after-free or double free decided by the engine: two events, earlier first, and the
 * bytes they conflict on.
 *
 * @param kind what was found
 * @param first the earlier event (for a use-after-free the free, for a double free the first free)
 * @param second the later event, the one whose processing found the problem
 * @param addr the first conflicting byte
 * @param size how many bytes conflict
 * @param region the name of the region covering {@code addr}, or empty
 * @param regionClass the region's class ({@code slab-meta}, {@code obj-ext}, ...), or empty
 * @param valueChange whether {@code oldValue -> newValue} is known and worth printing
 * @param oldValue the value before the racing write
 * @param newValue the value the racing write stored
 * @param triage whose fault a finding on slab data is
 * @param handoff how the later task got the object, when it came from another task
 * @param timeline the events around the finding, when the analysis captured them
 * @param typesafeCache the cache of the object the bytes belong to when it is SLAB_TYPESAFE_BY_RCU
 *     (a {@code cache} declaration with {@code typesafe_by_rcu}, or {@code --typesafe-cache}), or empty
 * @param object the object a use-after-free or double free hit, when the trace showed its allocation
 */
public record Finding(
    FindingKind kind,
    Access first,
    Access second,
    long addr,
    long size,
    String region,
    String regionClass,
    boolean valueChange,
    long oldValue,
    long newValue,
    Triage triage,
    Optional<Handoff> handoff,
    Optional<Timeline> timeline,
    String typesafeCache,
    Optional<SlabObject> object) {

  /** Creates a finding on bytes of no SLAB_TYPESAFE_BY_RCU cache, with no object named. */
  public Finding(FindingKind kind, Access first, Access second, long addr, long size, String region,
      String regionClass, boolean valueChange, long oldValue, long newValue, Triage triage,
      Optional<Handoff> handoff, Optional<Timeline> timeline) {
    this(kind, first, second, addr, size, region, regionClass, valueChange, oldValue, newValue,
        triage, handoff, timeline, "", Optional.empty());
  }

  /** Creates a finding with no triage. */
  public Finding(FindingKind kind, Access first, Access second, long addr, long size, String region,
      String regionClass, boolean valueChange, long oldValue, long newValue) {
    this(kind, first, second, addr, size, region, regionClass, valueChange, oldValue, newValue,
        Triage.NONE, Optional.empty(), Optional.empty());
  }

  /**
   * Returns this finding with {@code map} applied to each of its accesses: the two sides and the
   * handoff's allocation, store and load.
   */
  public Finding withAccesses(UnaryOperator<Access> map) {
    return new Finding(kind, map.apply(first), map.apply(second), addr, size, region, regionClass,
        valueChange, oldValue, newValue, triage,
        handoff.map(h -> new Handoff(h.object(), map.apply(h.allocation()), h.store().map(map),
            h.load().map(map), h.missingEdge())),
        timeline, typesafeCache,
        object.map(o -> new SlabObject(o.ptr(), o.size(), o.cache(), map.apply(o.allocation()))));
  }

  /** Returns this finding with {@code t} as its timeline. */
  public Finding withTimeline(Timeline t) {
    return new Finding(kind, first, second, addr, size, region, regionClass, valueChange, oldValue,
        newValue, triage, handoff, Optional.of(t), typesafeCache, object);
  }

  /** Returns this finding with {@code o} as the object it hit. */
  public Finding withObject(SlabObject o) {
    return new Finding(kind, first, second, addr, size, region, regionClass, valueChange, oldValue,
        newValue, triage, handoff, timeline, typesafeCache, Optional.of(o));
  }
}
