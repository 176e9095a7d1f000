package dev.slabrace.detect;

import dev.slabrace.detect.shadow.ShadowMemory;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectIterator;

/**
 * Records of granules crowded with reads: which cells each task has in a granule whose main list
 * holds READERS or more cells, all of them reads that no finding has named, so that a read need not
 * walk the other tasks' cells.
 *
 * <pre>
 * Implementation notes
 *
 * A read conflicts with no other task's read, so in such a list it could only meet its own task's
 * cells (which it may dominate or stand for, AccessChecker); the walk over everybody else's changes
 * nothing. Many tasks reading one location, none racing yet, did exactly that: forty thousand
 * readers took 28 s, and five thousand tasks polling one flag with READ_ONCE twenty times each
 * 106 s (a task keeps up to a ring of marked read cells there, TaskState.RECENT_LOADS). With a
 * record, a read visits its own task's cells alone, in list order, as the walk would have, and
 * then reuses one or adds its cell at the front; a read that would remove a cell (which needs the
 * cell before it in the list) walks the list after all.
 *
 * A record is current while ShadowMemory's mark for its granule is: every cell added to or removed
 * from the granule's main list clears the mark, and so does the checker after any access that may
 * change a cell in place (a write, a named read). The mark is set again only when the list's cells
 * are known: after a read that took the shortcut (the record takes its new cell; a cell reused in
 * place keeps its place in the list), or after a read that walked a crowded list, by reading the
 * list again. What the shortcut needs is then exact: the list has only reads (no write, freed or
 * covered cell), none named, and the reading task's cells are the ones recorded, in list order.
 * While no granule has a mark, neither the checks nor the adds and removes touch the marks
 * (GranuleTable counts them). Records whose mark was cleared are dropped when the table has grown
 * to twice its size after the last sweep.
 * </pre>
 */
final class ReadCrowds {
  /** One crowded granule's main list: its length and each task's cells in it. */
  static final class Crowd {
    int length;
    /** The cell of each task that has one in the list. */
    private final Int2IntOpenHashMap single = new Int2IntOpenHashMap();
    /** The cells of each task that has several, in list order (newest added first). */
    private final Int2ObjectOpenHashMap<IntArrayList> several = new Int2ObjectOpenHashMap<>();

    Crowd() {
      single.defaultReturnValue(ShadowMemory.NIL);
    }

    /** Returns the cells of {@code task} in list order if it has several, else null. */
    IntArrayList several(int task) {
      return several.get(task);
    }

    /** Returns the cell of {@code task} if it has exactly one, else {@link ShadowMemory#NIL}. */
    int single(int task) {
      return single.get(task);
    }

    /** Records {@code cell} of {@code task} after its cells met so far, or before them. */
    private void record(int task, int cell, boolean front) {
      IntArrayList l = several.get(task);
      if (l == null) {
        int one = single.remove(task);
        if (one == ShadowMemory.NIL) {
          single.put(task, cell);
          return;
        }
        l = new IntArrayList(4);
        l.add(one);
        several.put(task, l);
      }
      if (front) {
        l.add(0, cell);
      } else {
        l.add(cell);
      }
    }

    private void clear() {
      length = 0;
      single.clear();
      several.clear();
    }
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

  /** Returns the current record of {@code granule}, or null. */
  Crowd current(long granule) {
    return shadow.readCrowd(granule) ? crowds.get(granule) : null;
  }

  /** Records the cell of {@code task} that a read which took the shortcut added at the front. */
  void added(long granule, Crowd c, int task, int cell) {
    c.length++;
    c.record(task, cell, true);
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
    c.clear();
    for (int cell = shadow.head(granule); cell != ShadowMemory.NIL; cell = shadow.next(cell)) {
      if ((shadow.flags(cell) & UNLIKE_READS) != 0) {
        shadow.readCrowdStale(granule);
        c.clear();
        return;
      }
      c.length++;
      c.record(shadow.task(cell), cell, false);
    }
    if (c.length < READERS) {
      shadow.readCrowdStale(granule);
      c.clear();
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
