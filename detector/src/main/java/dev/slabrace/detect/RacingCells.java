package dev.slabrace.detect;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;

/**
 * The earlier accesses the current access races with, one entry per earlier event however many
 * granules they share, in the order first met. Reused from access to access; its cells stay valid
 * until the check ends, since racing cells are never removed during it.
 */
final class RacingCells {
  private final LongOpenHashSet events = new LongOpenHashSet();
  private final IntArrayList cells = new IntArrayList();

  void clear() {
    if (!cells.isEmpty()) {
      events.clear();
      cells.clear();
    }
  }

  void add(long eventId, int cell) {
    if (events.add(eventId)) {
      cells.add(cell);
    }
  }

  int size() {
    return cells.size();
  }

  int cell(int r) {
    return cells.getInt(r);
  }
}
