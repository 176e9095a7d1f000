package dev.slabrace.detect;

import dev.slabrace.detect.lkmm.TaskClocks;
import dev.slabrace.detect.shadow.ShadowMemory;
import java.util.Arrays;

/**
 * The shadow cells that one task's plain writes covered but could not drop yet: they wait,
 * {@link ShadowMemory#COVERED} and skipped by checks, for the task's next release (then they go)
 * or its next smp_wmb() (then they count again).
 *
 * <pre>
 * Implementation notes
 *
 * FastTrack's write rule drops a cell c of another task when a plain write B covers its bytes and is
 * ordered after it: whatever is ordered after B is ordered after c. In the LKMM that holds for every
 * way B reaches a later access but one: smp_wmb() is not A-cumulative (linux-kernel.cat's
 * cumul-fence has A-cumul(strong-fence | po-rel) but a bare wmb), so B ; wmb ; WRITE_ONCE(y) makes
 * B visible to y's readers and not c, unless c is already in what the task forwards
 * (TaskClocks.carriesVisible: then B drops c at once). Such a c is covered instead, until the task
 *   - releases (a release write, a release fence, a strong fence): from then on every marked store
 *     of the task that makes B visible carries c too (the release's clock, forwarded by the next
 *     wmb, or the forward clock), and c goes;
 *   - makes an smp_wmb() first: its later marked stores may make B visible without c, and c counts
 *     again, as an ordinary cell.
 * While c waits, an access X that is not ordered after c is not ordered after B either (nothing the
 * task published since B makes B visible without c), so X races with B on c's bytes and skipping c
 * loses a pair, never a racy access or byte. Once c has gone, the same holds for good, and B may in
 * turn be covered by a later write, and so on: X is reported against the newest write of the
 * chain it races with, as FastTrack reports the last write. A copy that resetBytes cuts from a
 * covered cell is not on the list, and counts at once.
 * </pre>
 */
final class CoveredCells {
  private long[] granules = new long[8];
  private int[] cells = new int[8];
  private long[] ids = new long[8];
  private int size;
  /** The task's release and smp_wmb() counts when its first waiting cell was covered. */
  private int releasesAt;
  private int writeFencesAt;

  /** Whether no cell waits. */
  boolean isEmpty() {
    return size == 0;
  }

  /** Covers cell {@code c} of granule {@code g}, which records event {@code id}. */
  void cover(ShadowMemory shadow, long g, int c, long id, TaskClocks k) {
    if (size == 0) {
      releasesAt = k.releases();
      writeFencesAt = k.writeFences();
    } else if (size == cells.length) {
      granules = Arrays.copyOf(granules, 2 * size);
      cells = Arrays.copyOf(cells, 2 * size);
      ids = Arrays.copyOf(ids, 2 * size);
    }
    shadow.covered(c, true);
    granules[size] = g;
    cells[size] = c;
    ids[size] = id;
    size++;
  }

  /**
   * After an event of the task: drops its waiting cells if it released since the first was covered,
   * or makes them count again if it made an smp_wmb() first (an event does one or the other).
   */
  void settle(ShadowMemory shadow, TaskClocks k) {
    boolean fenced = k.writeFences() != writeFencesAt;
    if (!fenced && k.releases() == releasesAt) {
      return;
    }
    for (int i = 0; i < size; i++) {
      long g = granules[i];
      int c = cells[i];
      // the cell may have gone since: dominated, reset by a free, or cut down by a marked-store run
      if (shadow.holds(g, c, ids[i]) && (shadow.flags(c) & ShadowMemory.COVERED) != 0) {
        if (fenced) {
          shadow.covered(c, false);
        } else {
          shadow.remove(g, c);
        }
      }
    }
    size = 0;
  }
}
