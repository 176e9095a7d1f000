package dev.slabrace.detect.lkmm;

import dev.slabrace.detect.clock.VectorClock;

/**
 * What a marked load received, as an access that depends on it sees it: the clock of the store it
 * read, and that store's writer and epoch (for the S plane). An address dependency pre-bounds the
 * dependent access with it (addr in w-pre-bounded and r-pre-bounded), a data or control dependency
 * a dependent marked store (ppo), and a marked read is checked with its own (vis ends in
 * {@code rfe ; [Marked]}).
 */
public record Dependency(VectorClock clock, int writer, int writerEpoch) {
  /** A load that read no store with a clock: it orders nothing. */
  public static final Dependency NONE = new Dependency(null, -1, 0);
}
