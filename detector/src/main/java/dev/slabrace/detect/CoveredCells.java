package dev.slabrace.detect;

import dev.slabrace.detect.shadow.ShadowMemory;
import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * The shadow cells that a task's plain write covered but could not drop yet: {@link
 * ShadowMemory#COVERED} and skipped by checks, they wait for the writer's next release (then they
 * are gone, and the next walk of their granule unlinks them) or its next smp_wmb() (then they count
 * again).
 *
 * <pre>
 * Implementation notes
 *
 * FastTrack's write rule drops a cell c of another task when a plain write B covers its bytes and
 * is ordered after it: whatever is ordered after B is ordered after c. In the LKMM that holds for
 * every way B reaches a later access but one: smp_wmb() is not A-cumulative (linux-kernel.cat's
 * cumul-fence has A-cumul(strong-fence | po-rel) but a bare wmb), so B ; wmb ; WRITE_ONCE(y) makes
 * B visible to y's readers and not c, unless c is already in what the task forwards
 * (TaskClocks.carriesVisible: then B drops c at once). Such a c is covered instead, until the task
 *   - releases (a release write, a release fence, a strong fence): from then on every marked store
 *     of the task that makes B visible carries c too (the release's clock, forwarded by the next
 *     wmb, or the forward clock), and c is gone;
 *   - makes an smp_wmb() first: its later marked stores may make B visible without c, and c counts
 *     again, as an ordinary cell.
 * While c waits, an access X that is not ordered after c is not ordered after B either (nothing the
 * task published since B makes B visible without c), so X races with B on c's bytes and skipping c
 * loses a pair, never a racy access or byte. Once c is gone, the same holds for good, and B may in
 * turn be covered by a later write, and so on: X is reported against the newest write of the
 * chain it races with, as FastTrack reports the last write. A copy that resetBytes cuts from a
 * covered cell counts at once.
 *
 * Cost: covering remembers the writer and its release count per cell (a map) and the cell on the
 * writer's list; a release forgets the list at once and leaves each gone cell to the next walk
 * that meets it (it has the cell's predecessor at hand); only an smp_wmb() walks the list. A list
 * holds at most MAX_WAITING cells; past it a write leaves the cells it would cover as they are.
 * </pre>
 */
final class CoveredCells {
  private final ShadowMemory shadow;
  private final IntFunction<TaskState> tasks;
  /** Per covered cell: the covering task and its release count then, task << 32 | count. */
  private final Int2LongOpenHashMap coverer = new Int2LongOpenHashMap();
  /** How many tasks have waiting cells: while none has, no event needs settling. */
  private int waitingTasks;

  /** Cells waiting on one task's next release or smp_wmb(). */
  static final class Waiting {
    private long[] granules = new long[8];
    private int[] cells = new int[8];
    private long[] ids = new long[8];
    private int size;
    /** The task's release and smp_wmb() counts when its first waiting cell was covered. */
    private int releasesAt;
    private int writeFencesAt;
  }

  /** {@code tasks} gives the state of a task by index, null if it has none. */
  CoveredCells(ShadowMemory shadow, IntFunction<TaskState> tasks) {
    this.shadow = shadow;
    this.tasks = tasks;
    coverer.defaultReturnValue(NONE);
  }

  /**
   * How many cells one task may have waiting: a task that neither releases nor fences, while its
   * plain writes keep covering other tasks' cells, leaves the rest ordinary (kept, as without the
   * write rule) rather than growing its list without end.
   */
  static final int MAX_WAITING = 4096;

  /** No covering task known (never for a COVERED cell). */
  private static final long NONE = Long.MIN_VALUE;

  /** Covers cell {@code c} of granule {@code g}, which records event {@code id}, for t's write. */
  void cover(long g, int c, long id, TaskState t) {
    Waiting w = t.waitingCells();
    if (w.size == MAX_WAITING) {
      return; // the cell stays an ordinary one: exact, and the list stays bounded
    }
    int releases = t.clocks.releases();
    if (w.size == 0) {
      waitingTasks++;
      w.releasesAt = releases;
      w.writeFencesAt = t.clocks.writeFences();
    } else if (w.size == w.cells.length) {
      w.granules = Arrays.copyOf(w.granules, 2 * w.size);
      w.cells = Arrays.copyOf(w.cells, 2 * w.size);
      w.ids = Arrays.copyOf(w.ids, 2 * w.size);
    }
    shadow.covered(c, true);
    coverer.put(c, (long) t.index << 32 | (releases & 0xffffffffL));
    w.granules[w.size] = g;
    w.cells[w.size] = c;
    w.ids[w.size] = id;
    w.size++;
  }

  /**
   * Whether covered cell {@code c} is gone: its covering task has released since. The caller
   * unlinks it and calls {@link #unlinked}.
   */
  boolean gone(int c) {
    long v = coverer.get(c);
    if (v == NONE) {
      return false;
    }
    TaskState t = tasks.apply((int) (v >>> 32));
    return t != null && t.clocks.releases() != (int) v;
  }

  /** Forgets covered cell {@code c}, which its walk has unlinked. */
  void unlinked(int c) {
    coverer.remove(c);
  }

  /** Whether some task has cells waiting for its next release or smp_wmb(). */
  boolean anyWaiting() {
    return waitingTasks != 0;
  }

  /**
   * After an event of task {@code t}: if it made an smp_wmb() since its first waiting cell was
   * covered, they count again; if it released, they are gone (an event does one or the other).
   */
  void settle(TaskState t) {
    Waiting w = t.waitingCells();
    if (w.size == 0) {
      return;
    }
    if (t.clocks.writeFences() != w.writeFencesAt) {
      for (int i = 0; i < w.size; i++) {
        int c = w.cells[i];
        // the cell may have gone since: dominated, reset by a free, or cut from a marked-store run
        if (shadow.holds(w.granules[i], c, w.ids[i])
            && (shadow.flags(c) & ShadowMemory.COVERED) != 0) {
          shadow.covered(c, false);
          coverer.remove(c);
        }
      }
      w.size = 0;
      waitingTasks--;
    } else if (t.clocks.releases() != w.releasesAt) {
      w.size = 0; // gone: gone(c) says so to the next walk of each
      waitingTasks--;
    }
  }
}
