package dev.slabrace.sim.scenario;

import java.util.List;

/**
 * The finding a buggy scenario must produce, in the terms of the analysis's report, and the regions
 * that any of its findings may name (a bug usually shows at several addresses).
 *
 * @param kind the finding kind as the JSON report names it: {@code data-race}, {@code assert-race},
 *     {@code use-after-free} or {@code double-free}
 * @param region the region of the conflicting bytes, such as {@code slab->stride}
 * @param firstFunction a function in the earlier access's location or stack
 * @param secondFunction a function in the later access's location or stack
 * @param allowedRegions prefixes of the region names that every finding of the trace starts with
 */
public record Expectation(String kind, String region, String firstFunction, String secondFunction,
    List<String> allowedRegions) {

  /** Returns the expectation in one line, as test messages and the README print it. */
  @Override
  public String toString() {
    return kind + " on " + region + " between " + firstFunction + " and " + secondFunction;
  }
}
