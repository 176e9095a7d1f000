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
 * from the granule's main list clears the mark, and so does the checker after any access that may
 * change a cell in place (a write, a named read). The mark is set again only when the list's cells
 * are known: after a read that took the shortcut (the record counts its new cell), or after a read
 * that walked a crowded list, by counting the list again (a second walk, for a task that has cells
 * there). What the shortcut needs is then exact: the list has only reads (no write, freed or
 * covered cell), none named, and none of the reading task. While no granule has a mark, neither
 * the checks nor the adds and removes touch the marks (GranuleTable counts them). Records whose mark
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
  /** The flags of a cell that is not a read no finding has named. */
  private static final int UNLIKE_READS = ShadowMemory.WRITE | ShadowMemory.FREED
      | ShadowMemory.COVERED | ShadowMemory.NAMED;

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
   * After a read walked {@code granule}'s crowded list and recorded its own cell, named by no
   * finding: makes the granule's record from the list if its cells are READERS or more reads that
   * no finding has named, else marks it stale (the walk may have changed the list in place).
   */
  void walked(long granule) {
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
      if ((shadow.flags(cell) & UNLIKE_READS) != 0) {
        shadow.readCrowdStale(granule);
        return;
      }
      c.length++;
      c.cells.addTo(shadow.task(cell), 1);
    }
    if (c.length < READERS) {
      shadow.readCrowdStale(granule);
    } else {
      shadow.readCrowdCurrent(granule);
    }
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
