package dev.slabrace.detect;

import dev.slabrace.detect.shadow.ShadowMemory;
import java.util.Arrays;

/**
 * The bound on a granule's lists of cells: when more than CROWD earlier accesses that no later one
 * made redundant pile up in one of a granule's two lists (its main list, its marked stores), the
 * oldest of those already named in a finding are evicted, so that an access walks at most about
 * CROWD cells of each however many tasks race on a location.
 *
 * <pre>
 * Implementation notes
 *
 * Cells of other tasks stay in the shadow until an access ordered after them makes them redundant
 * (FastTrack's write rule, AccessChecker). Tasks that race on one location never do, so each access
 * walked every earlier one: ten thousand tasks storing once each to one address cost 50 million
 * cell visits, forty thousand 800 million. FastTrack (Flanagan and Freund, PLDI 2009) keeps the last
 * write alone and forgets the writes before it as soon as a racing one replaces it.
 *
 * Here, once a list of a granule holds more than CROWD cells, the NAMED ones (their access is in
 * a delivered finding already) are evicted oldest first, by event id, until KEEP cells are left or
 * no named one is. Never evicted: FREED cells (use-after-free needs them) and cells not yet named
 * (their access would then never be reported), so every racy access is still named at least once
 * while its cell is in the shadow. What eviction loses: a later access that is ordered after the
 * cells kept but not after an evicted one is not reported against it; if it races with evicted
 * cells only, it is not reported at all, as FastTrack would not. The evictions are counted in a
 * note. Each decision looks at one granule's list, so the engines of --threads evict alike.
 *
 * Evicting down to KEEP rather than CROWD lets a crowded granule take CROWD - KEEP accesses before
 * the next eviction, whose cost (a walk and a sort of at most the list) is then spread over them.
 * With CROWD at 64, the differential test's bursts of twenty marked stores from a few tasks crowded
 * a granule's marked stores and lost a race (seed 840454); hence 256.
 * </pre>
 */
final class CrowdedGranules {
  /**
   * How many cells a list of a granule holds before its named cells are evicted: far more than the
   * marked stores that the compaction of marked-store runs keeps for a few tasks and code locations
   * (AccessChecker.MARKED_STORE_RUN each), so that only many tasks racing on a location meet it.
   */
  static final int CROWD = 256;
  /** How many cells an eviction leaves, at most. */
  static final int KEEP = 192;

  private final ShadowMemory shadow;
  private final CoveredCells coveredCells;
  /** The event ids of a crowded list's named cells: reused scratch. */
  private long[] ids = new long[CROWD + 1];
  private long evicted;

  CrowdedGranules(ShadowMemory shadow, CoveredCells coveredCells) {
    this.shadow = shadow;
    this.coveredCells = coveredCells;
  }

  /** Returns how many cells were evicted. */
  long evicted() {
    return evicted;
  }

  /**
   * Evicts named cells of {@code granule}'s main list, or of its marked stores, oldest first, if the
   * list holds more than CROWD.
   */
  void evict(long granule, boolean markedStores) {
    int length = 0;
    int named = 0;
    int head = markedStores ? shadow.markedHead(granule) : shadow.head(granule);
    for (int c = head; c != ShadowMemory.NIL; c = shadow.next(c)) {
      length++;
      if (evictable(c)) {
        if (named == ids.length) {
          ids = Arrays.copyOf(ids, 2 * named);
        }
        ids[named++] = shadow.eventId(c);
      }
    }
    if (length <= CROWD || named == 0) {
      return;
    }
    int drop = Math.min(named, length - KEEP);
    Arrays.sort(ids, 0, named);
    long newestDropped = ids[drop - 1];
    int prev = ShadowMemory.NIL;
    int c = head;
    while (c != ShadowMemory.NIL) {
      int next = shadow.next(c);
      if (evictable(c) && shadow.eventId(c) <= newestDropped) {
        if ((shadow.flags(c) & ShadowMemory.COVERED) != 0) {
          coveredCells.unlinked(c);
        }
        shadow.remove(granule, prev, c);
        evicted++;
      } else {
        prev = c;
      }
      c = next;
    }
  }

  private boolean evictable(int c) {
    return (shadow.flags(c) & (ShadowMemory.NAMED | ShadowMemory.FREED)) == ShadowMemory.NAMED;
  }
}
