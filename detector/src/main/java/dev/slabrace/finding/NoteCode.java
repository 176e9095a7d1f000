package dev.slabrace.finding;

/**
 * What an {@link EngineNote} says: something the engine could not decide or report for want of
 * evidence or room. Each constant's comment says what its count and limit are; the sentences are
 * worded in {@code dev.slabrace.report.Messages}.
 */
public enum NoteCode {
  /**
   * Racing pairs (counted per 8-byte granule) the access checker folded into the findings of their
   * later access instead of reporting each. Count: the pairs folded; no limit.
   */
  FOLDED_RACES,
  /**
   * Cells of accesses already named in a finding that were evicted from granules crowded with more
   * earlier accesses than the limit (the engine's CrowdedGranules): a later access is not reported
   * against them. Count: the cells evicted; limit: the cells a granule holds before eviction.
   */
  EVICTED_CELLS,
  /**
   * Objects freed by another task with no observed ordering from their allocation that are not
   * reported as races because the trace shows no memory accesses before them. Count: the objects;
   * no limit.
   */
  UNREPORTED_ALLOCATION_RACES,
  /**
   * Marked reads whose rf named a marked store that was not kept because the trace had shown no rf
   * yet (the engine's store table gives up keeping old stores until a first rf once they take a
   * bounded amount of memory); they were given no ordering. Count: the reads; limit: the stores to
   * marked locations not kept.
   */
  FORGOTTEN_READS,
  /**
   * Warnings beyond the engine's cap, counted but not kept. Count: the warnings dropped; limit: the
   * warnings kept.
   */
  WARNINGS_NOT_KEPT
}
