package dev.slabrace.detect;

import dev.slabrace.detect.shadow.ShadowMemory;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectIterator;

/**
 * Records of granules crowded with reads: how many cells each task has in a granule whose main list
 * holds READERS or more cells, all of them reads that no finding has named, so that a read by a
 * task with no cell there need not walk them.
 *
 * <pre>
 * Implementation notes
 *
 * A read conflicts with no other task's read, so in such a list it could only meet its own task's
 * cells (which it may dominate or stand for, AccessChecker); a task that has none there would walk
 * the whole list and change nothing but add its cell. Many tasks reading one location, none racing
 * yet, did exactly that: forty thousand readers took 28 s. With a record, such a read adds its cell
 * at once, as the walk would have.
 *
 * A record is current while ShadowMemory's mark for its granule is: every cell added to or removed
 * from the granule's main list clears the mark, and the checker sets it again only when it knows
 * the list's cells: after a read that took the shortcut (the record counts its new cell) or that
 * walked a list of unnamed reads only (the record is made from the list, or updated with what the
 * walk did to its task's cells). What the shortcut needs is then exact: the list has only reads
 * (no write, freed or covered cell), none named, and none of the reading task. Records whose mark
 * was cleared are dropped when the table has grown to twice its size after the last sweep.
 * </pre>
 */
final class ReadCrowds {
  /** One crowded granule's main list: its length and each task's number of cells in it. */
  static final class Crowd {
    int length;
    final Int2IntOpenHashMap cells = new Int2IntOpenHashMap();
  }

  /** From how many cells of unnamed reads a granule's main list gets a record. */
  static final int READERS = 64;

  private final ShadowMemory shadow;
  private final Long2ObjectOpenHashMap<Crowd> crowds = new Long2ObjectOpenHashMap<>();
  private int sweepAt = 1024;

  ReadCrowds(ShadowMemory shadow) {
    this.shadow = shadow;
  }

  /**
   * Returns the current record of {@code granule} if a read by {@code task} may take the shortcut
   * (the task has no cell there), else null.
   */
  Crowd shortcut(long granule, int task) {
    if (!shadow.readCrowd(granule)) {
      return null;
    }
    Crowd c = crowds.get(granule);
    return c == null || c.cells.get(task) != 0 ? null : c;
  }

  /** Counts the cell of {@code task} that a read which took the shortcut added to {@code granule}. */
  void added(long granule, Crowd c, int task) {
    c.length++;
    c.cells.addTo(task, 1);
    shadow.readCrowdCurrent(granule);
  }

  /**
   * After a read by {@code task} walked {@code granule}'s list of unnamed reads and added or reused
   * its cell: updates a record that was current before the walk ({@code before}, else null) with
   * the list's new length and the task's cells left, or makes one from the list if it is crowded.
   */
  void walked(long granule, Crowd before, int task, int length, int ownCells) {
    if (before != null) {
      before.length = length;
      before.cells.put(task, ownCells);
      shadow.readCrowdCurrent(granule);
      return;
    }
    if (length < READERS) {
      return;
    }
    Crowd c = crowds.get(granule);
    if (c == null) {
      if (crowds.size() >= sweepAt) {
        sweep();
      }
      c = new Crowd();
      crowds.put(granule, c);
    }
    c.length = 0;
    c.cells.clear();
    for (int cell = shadow.head(granule); cell != ShadowMemory.NIL; cell = shadow.next(cell)) {
      c.length++;
      c.cells.addTo(shadow.task(cell), 1);
    }
    shadow.readCrowdCurrent(granule);
  }

  /** Returns the record of {@code granule} if it is current, else null. */
  Crowd current(long granule) {
    return shadow.readCrowd(granule) ? crowds.get(granule) : null;
  }

  /** Drops the records that are no longer current. */
  private void sweep() {
    ObjectIterator<Long2ObjectMap.Entry<Crowd>> it = crowds.long2ObjectEntrySet().fastIterator();
    while (it.hasNext()) {
      if (!shadow.readCrowd(it.next().getLongKey())) {
        it.remove();
      }
    }
    sweepAt = Math.max(1024, 2 * crowds.size());
  }
}
