/**
 * Object lifetimes and named regions: which objects are live (for the free assertion and the
 * allocation-versus-free check), which were freed (for the reuse edge and double frees), and the
 * {@code region} names that reports print. Depends on {@code detect.clock} only.
 */
package dev.slabrace.detect.heap;
