/**
 * Object lifetimes and named regions: which objects are live (LiveObjects: for the free assertion
 * and the allocation-versus-free check), which were freed (FreedObjects, FreedTable: for the reuse
 * edge, use after free and double frees), and the {@code region} names that reports print. Byte
 * ranges that every access may meet are found by page (PageIndex), not in sorted maps; the sorted
 * views that only a finding needs are brought up to date when one asks. Depends on
 * {@code detect.clock} only.
 */
package dev.slabrace.detect.heap;
