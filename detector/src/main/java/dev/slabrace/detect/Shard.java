package dev.slabrace.detect;

/**
 * Which part of the address space one engine checks when a trace is analysed by several engines in
 * parallel ({@code analyze --threads N}): every engine replays every event's synchronisation, but
 * checks and records only the shadow granules it owns. Ownership goes by 64-byte block, so an
 * object's neighbouring fields usually stay together.
 *
 * @param index this engine's share, from 0
 * @param count how many engines share the trace
 */
record Shard(int index, int count) {
  /** The whole address space: a single engine. */
  static final Shard ALL = new Shard(0, 1);

  private static final long MIX = 0x9E3779B97F4A7C15L;
  private static final int GRANULES_PER_BLOCK_SHIFT = 3;
  /** How many granules a block of ownership holds: every granule of one is owned alike. */
  static final int BLOCK_GRANULES = 1 << GRANULES_PER_BLOCK_SHIFT;

  Shard {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("shard " + index + " of " + count);
    }
  }

  /** Whether this engine checks granule {@code granule} (an address shifted right by 3). */
  boolean owns(long granule) {
    if (count == 1) {
      return true;
    }
    long h = (granule >>> GRANULES_PER_BLOCK_SHIFT) * MIX;
    return (h >>> 32) % count == index; // h >>> 32 is below 2^32: no unsigned remainder needed
  }

  /** Whether this engine checks any of the {@code count} granules from {@code first} on. */
  boolean ownsAny(long first, long count) {
    if (this.count == 1) {
      return true;
    }
    long last = first + (count - 1);
    for (long g = first; Long.compareUnsigned(g, last) <= 0; g = (g | (BLOCK_GRANULES - 1)) + 1) {
      if (owns(g)) {
        return true;
      }
      if (g >>> GRANULES_PER_BLOCK_SHIFT == last >>> GRANULES_PER_BLOCK_SHIFT) {
        break; // the last block: the next one would wrap past the top of the address space
      }
    }
    return false;
  }

  /**
   * Whether this engine reports what concerns a whole object or event rather than bytes (an
   * allocation racing with its free, a double free, the handoff counts), so that only one does.
   */
  boolean primary() {
    return index == 0;
  }
}
