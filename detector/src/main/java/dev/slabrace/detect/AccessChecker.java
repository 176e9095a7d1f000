package dev.slabrace.detect;

import dev.slabrace.detect.clock.VectorClock;
import dev.slabrace.detect.heap.FreedObject;
import dev.slabrace.detect.lkmm.AccessKind;
import dev.slabrace.detect.lkmm.Dependency;
import dev.slabrace.detect.lkmm.Markings;
import dev.slabrace.detect.lkmm.Ordering;
import dev.slabrace.detect.shadow.ShadowMemory;
import dev.slabrace.finding.WarningCode;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.Op;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.function.IntFunction;

/**
 * Checks one memory access against the shadow cells of the bytes it touches, reports the earlier
 * accesses it races with and uses of freed bytes, and records it in the shadow.
 *
 * <pre>
 * Implementation notes
 *
 * Per granule: cells whose bytes overlap the access conflict when one of the two writes and they
 * are not both marked; a conflict with another task's cell is a race unless Ordering says the cell
 * is ordered before this access. Cells of the same task are dominated and dropped when this access
 * covers their bytes and is at least as race-prone (see dominates); a plain write also drops the
 * cells of other tasks that its task's own clocks order before it (FastTrack's write rule), since a
 * later access ordered after the write is ordered after them; where an smp_wmb() of the task could
 * still make the write visible without them, it covers them instead (CoveredCells). One finding per
 * earlier access, however many granules the two share, on the overlap of the two accesses' bytes.
 * An access that touches freed bytes is a use-after-free, reported once; it is still checked, and
 * recorded over its bytes that are not freed (a whole freed granule has a mark and no cells; beside
 * a FREED cell, cells for the access's other bytes of the granule).
 * </pre>
 *
 * <p><b>Which races are reported.</b> The shadow keeps every earlier access that no later one makes
 * redundant, so an access may race with any number of them: ten thousand tasks storing once each to
 * one address make 49,995,000 racing pairs. FastTrack (Flanagan and Freund, PLDI 2009) checks an
 * access against the last write and the reads since it, and reports that; it keeps no more state,
 * so it also misses a later access that is ordered after the last write but not after an earlier
 * one. The shadow here keeps them all (no racy access is missed) until a granule holds more than
 * CrowdedGranules.CROWD, when the oldest already named are evicted, and the reports are bounded
 * instead: per 8-byte granule, an access that races with earlier cells reports against
 *
 * <ol>
 *   <li>the newest racing cell of each code location (top frame: the ip, else the stack's first
 *       frame), so that every pair of code locations that races is reported, and the last
 *       conflicting write is always among them (it is the newest of its location);
 *   <li>every racing cell that has not been named in a finding yet ({@link ShadowMemory#NAMED}),
 *       so that every racy access still in the shadow is named at least once;
 *   <li>further racing cells, in the granule's list order (newest first, but for cells reused in
 *       place), while their bytes in the granule are not yet covered, so that the racy bytes of the
 *       access are those of its findings.
 * </ol>
 *
 * <p>The other racing cells are folded: counted (foldedRaces, a note for the user), not reported.
 * One finding is made per earlier event however many granules chose it. Each rule looks at one
 * granule only, so {@code --threads}' shards choose the same. Consequences: every access that
 * races with something is named in at least one finding, every racing pair of code locations has a
 * report, every racy byte appears in a finding; the findings of one access are bounded by its
 * granules times (code locations + 8) plus earlier accesses named for the first time, so they stay
 * linear in the trace. An access inside an RCU read-side section reports every racing cell, as its
 * races are decided when the section ends (a grace period may still order them) and a chosen one
 * could be dropped then.
 */
final class AccessChecker {
  /**
   * How many marked stores of one task, to the same bytes from the same code location, a granule
   * keeps at least: the newest ones; older ones are dropped when the granule's list of marked stores
   * is compacted (ShadowMemory.countMarkedStore).
   *
   * <p>No marked store dominates another (the S plane and an address dependency order exactly the
   * stores a load read, see Ordering), so without a bound a counter that one task updates with
   * relaxed RMWs or WRITE_ONCE grows a cell per update and every access walks them all. For a later
   * plain access B, marked stores of the same task at epochs e1 < e2 are ordered before B by a
   * threshold (e <= W or WX of B's read clock, write clock, dependency clock or grace-period clock)
   * or by an exact match (e in the S set of one of those clocks, or the store B's dependency read).
   * If an old store in the run is unordered, it lies above some threshold, and so does every newer
   * store; one of the newest eight is then unordered too, with the same code locations and bytes,
   * unless B's task has received direct reads (rfe) of all eight of them: only then is the old
   * store's race lost. That needs a task to read eight successive values of one location and skip
   * an older one, with no fence of the writer in between; it is the one bound of the shadow that
   * can hide a race, and DifferentialTest's traces with bursts of marked stores never meet it. Only
   * the occurrence counts and which event of the run a report names change otherwise.
   */
  static final int MARKED_STORE_RUN = 8;

  private final ShadowMemory shadow;
  private final FindingFactory factory;
  private HeapTracker heap;
  private Shard shard = Shard.ALL;
  private final RacingCells races = new RacingCells();
  private final RaceReporter reporter;
  private final CoveredCells coveredCells;
  private final CrowdedGranules crowded;
  /** The engine's tasks by index (null: a task with no state of its own). */
  private final IntFunction<TaskState> tasks;
  private final ReadCrowds readCrowds;
  /**
   * The lists of the access being checked that outgrew CrowdedGranules.CROWD: granule << 1, | 1 for
   * its marked stores.
   */
  private final LongArrayList crowdedLists = new LongArrayList();
  /** The racing cells of the granule being checked, in the order met. */
  private final IntArrayList granuleRaces = new IntArrayList();
  /** Per code location, the index in granuleRaces of its newest racing cell. */
  private final Int2IntOpenHashMap newestOfLocation = new Int2IntOpenHashMap();
  private boolean[] chosen = new boolean[16];
  private boolean everyPair;
  private boolean readCrowdShortcut = true;
  /** Whether crowded granules evict named cells (CrowdedGranules); off in every-pair mode. */
  private boolean evictCrowds = true;
  /** The granule of the use-after-free reported last (where the access first met freed bytes). */
  private long useAfterFreeGranule;
  private long foldedRaces;
  private final Engine.Warner warner;
  /**
   * The store that the load being checked names with rf, or NO_REF (no rf, no load, or a load
   * that spans granules); then the load's granule and bytes in it, and the oldest store to all of
   * those bytes, later than the named one in line order, that the walk found ordered before the
   * load (NO_REF: none). See overwrittenBy.
   */
  private long rfStore = EventCursor.NO_REF;
  private long rfGranule;
  private int rfOff;
  private int rfEnd;
  private long overwriting;
  /**
   * Of the stores to all of the load's bytes later than the one rf names, the oldest (NO_REF:
   * none); of the task's own loads without rf covering those bytes, the newest (-1: none). See
   * laterStore.
   */
  private long oldestLaterStore;
  private long newestOwnRead;

  AccessChecker(ShadowMemory shadow, FindingFactory factory, Engine.Delivery delivery,
      IntFunction<TaskState> tasks, Engine.Warner warner) {
    this.warner = warner;
    this.shadow = shadow;
    this.factory = factory;
    this.tasks = tasks;
    this.reporter = new RaceReporter(shadow, factory, delivery);
    this.coveredCells = new CoveredCells(shadow, tasks);
    this.crowded = new CrowdedGranules(shadow, coveredCells);
    this.readCrowds = new ReadCrowds(shadow);
  }

  /** Returns the cells that plain writes covered (CoveredCells). */
  CoveredCells coveredCells() {
    return coveredCells;
  }

  /** Sets the part of the address space this checker owns. */
  void shard(Shard s) {
    this.shard = s;
  }

  /** Reports every racing pair instead of the bounded selection (for tests that compare the two). */
  void everyPair(boolean on) {
    this.everyPair = on;
    this.evictCrowds = !on;
  }

  /** Lets crowded granules evict named cells (CrowdedGranules); on by default. */
  void evictCrowds(boolean on) {
    this.evictCrowds = on;
  }

  /** Lets reads of granules crowded with reads skip their walk (ReadCrowds); on by default. */
  void readCrowdShortcut(boolean on) {
    this.readCrowdShortcut = on;
  }

  /** Returns how many named cells were evicted from crowded granules (CrowdedGranules). */
  long evictedCells() {
    return crowded.evicted();
  }

  /** Returns how many racing (earlier cell, later access) pairs of a granule were folded. */
  long foldedRaces() {
    return foldedRaces;
  }

  /** Sets the heap, whose freed objects name the bytes of a use-after-free. */
  void heap(HeapTracker h) {
    this.heap = h;
    reporter.heap(h);
  }

  /**
   * Returns the granule where the access of the use-after-free finding delivered last met freed
   * bytes first: of the engines of a sharded analysis, each of which reports the first it meets in
   * its own granules, the one with the lowest granule reports what a single engine reports.
   */
  long useAfterFreeGranule() {
    return useAfterFreeGranule;
  }

  /**
   * Checks access {@code e} of kind {@code kind}, pre-bounded by {@code dep} and its write by
   * {@code writeDep} (Ordering.ordered; null if nothing).
   */
  void check(EventCursor e, AccessKind kind, TaskState t, Dependency dep, Dependency writeDep) {
    final long a = e.addr;
    final long n = e.size;
    if (!shard.ownsAny(a >>> 3, GranuleWalk.granules(a, n))) {
      return; // the engines that own its bytes check and record the whole access
    }
    if (heap.hasTypesafeFreed()) {
      FreedObject freed = heap.typesafeFreed(a, n);
      // SLAB_TYPESAFE_BY_RCU: a reader whose section began before the free may still touch the
      // object, and is checked as usual against the next owner; anyone else uses freed memory
      if (freed != null && (t.rcuDepth == 0 || t.rcuSectionStart > freed.freeId())) {
        if (shard.owns(a >>> 3)) {
          useAfterFreeGranule = a >>> 3;
          reporter.useAfterFree(e, t, freed);
        }
        return;
      }
    }
    rfStore = e.op == Op.LOAD && (a & 7) + n <= 8 ? e.rf : EventCursor.NO_REF;
    if (rfStore != EventCursor.NO_REF) {
      rfGranule = a >>> 3;
      rfOff = (int) (a & 7);
      rfEnd = rfOff + (int) n;
      overwriting = EventCursor.NO_REF;
      oldestLaterStore = EventCursor.NO_REF;
      newestOwnRead = -1;
    }
    final boolean bWrite = kind.writes();
    final boolean bMarked = kind.marked();
    final boolean rmw = kind.reads() && kind.writes();
    final int bFlags = CellKinds.flags(kind)
        | (kind == AccessKind.MARKED_READ && Markings.acquires(e) ? ShadowMemory.ACQUIRE : 0)
        | (e.op == Op.LOAD && e.rf != EventCursor.NO_REF ? ShadowMemory.RF : 0);
    final int self = t.index;
    final int epoch = t.clocks.epoch();
    races.clear();
    boolean useAfterFree = false;
    boolean hasPrevious = false;
    long previous = 0;
    if (rmw && e.hasOldValue) {
      hasPrevious = true;
      previous = e.oldValue;
    } else if (bWrite && e.hasValue) {
      int c = ShadowValues.lastValueCell(shadow, a, n);
      if (c != ShadowMemory.NIL) {
        hasPrevious = true;
        previous = shadow.value(c);
      }
    }
    final long first = a >>> 3;
    final int startOffset = (int) (a & 7);
    final long granules = (startOffset + n + 7) >>> 3;
    // a freed large object has no FREED cells: its bytes count as one in the first granule they meet
    final HeapTracker.FreedRange range = heap.freedRange(a, n);
    final long rangeGranule = range == null ? -1
        : (Long.compareUnsigned(range.first(), a) > 0 ? range.first() : a) >>> 3;
    for (long i = 0; i < granules; i++) {
      final long g = first + i;
      if (!shard.owns(g)) {
        continue;
      }
      final int off = i == 0 ? startOffset : 0;
      final int end = (int) Math.min(8, startOffset + n - i * 8);
      final int mark = shadow.freedMark(g);
      if (mark != ShadowMemory.NIL) {
        // a whole freed granule: no cells (the free removed them, freed bytes record none)
        if (!useAfterFree) {
          useAfterFree = true;
          useAfterFreeGranule = g;
          reporter.useAfterFree(e, t, heap.freedObject(mark));
        }
        continue;
      }
      int prev = ShadowMemory.NIL;
      int reuse = ShadowMemory.NIL;
      // the bytes of [off, end) that are freed (FREED cells, freed large objects), a bit each
      int freedBytes = range == null ? 0 : rangeBytes(g, off, end);
      // the newest own read cell covering [off, end) whose ordering is a prefix (see standsFor),
      // and whether it is an acquire load's (see dominates)
      int cover = 0;
      boolean coverAcquire = false;
      // the use-after-free to report here, the free of the lowest freed byte: the large object's
      // range (uafCell NIL) or a FREED cell, whose first byte in [off, end) is uafByte
      int uafByte = 8;
      int uafCell = ShadowMemory.NIL;
      if (g == rangeGranule && !useAfterFree) {
        uafByte = (int) ((Long.compareUnsigned(range.first(), a) > 0 ? range.first() : a) & 7);
      }
      granuleRaces.clear();
      // a read of a list crowded with unnamed reads meets only its own task's cells (ReadCrowds)
      final ReadCrowds.Crowd shortcut = !bWrite && range == null && readCrowdShortcut
          ? readCrowdShortcut(g, off, end, kind, t) : null;
      if (shortcut != null) {
        reuse = shortcutReuse;
      }
      int walked = shortcut != null ? shortcut.length : 0;
      // whether a walked cell could be evicted (named, and not FREED)
      boolean evictable = false;
      int c = shortcut != null ? ShadowMemory.NIL : shadow.head(g);
      while (c != ShadowMemory.NIL) {
        walked++;
        evictable |= (shadow.flags(c) & (ShadowMemory.NAMED | ShadowMemory.FREED))
            == ShadowMemory.NAMED;
        final int next = shadow.next(c);
        final int cOff = shadow.offset(c);
        final int cEnd = cOff + shadow.length(c);
        if (cOff >= end || off >= cEnd) {
          prev = c;
          c = next;
          continue;
        }
        final int cf = shadow.flags(c);
        final boolean covered = off <= cOff && cEnd <= end;
        if ((cf & (ShadowMemory.FREED | ShadowMemory.COVERED)) != 0) {
          if ((cf & ShadowMemory.FREED) != 0) {
            freedBytes |= overlap(c, off, end);
            if (!useAfterFree && Math.max(cOff, off) < uafByte) {
              uafByte = Math.max(cOff, off);
              uafCell = c;
            }
          } else if ((shadow.task(c) == self && covered
              && dominates(kind, CellKinds.of(cf), cf, shadow.epoch(c), 0, false))
              || coveredCells.gone(c)) {
            // skipped while covered (CoveredCells); dominated, or gone at its writer's release
            coveredCells.unlinked(c);
            shadow.remove(g, prev, c);
            c = next;
            continue;
          }
          prev = c;
          c = next;
          continue;
        }
        final AccessKind cell = CellKinds.of(cf);
        if (shadow.task(c) == self) {
          if (rfStore != EventCursor.NO_REF) {
            if (cell.writes()) {
              overwrittenBy(g, c); // in program order before the load: coherence
              laterStore(g, c);
            } else {
              ownRead(g, c, cf);
            }
          }
          final int ce = shadow.epoch(c);
          if (covered && dominates(kind, cell, cf, ce, cover, coverAcquire)) {
            if (reuse == ShadowMemory.NIL && cOff == off && cEnd == end) {
              reuse = c;
            } else {
              shadow.remove(g, prev, c);
              c = next;
              continue;
            }
          }
          if (!bWrite && reuse != c && !cell.writes() && cOff <= off && end <= cEnd && ce > cover
              && standsFor(cell, cf, ce, t)) {
            cover = ce;
            coverAcquire = (cf & ShadowMemory.ACQUIRE) != 0;
          }
        } else if ((cell.writes() || bWrite) && !(cell.marked() && bMarked)
            && checkOther(g, c, cell, covered, kind, t, dep, writeDep)) {
          shadow.remove(g, prev, c);
          c = next;
          continue;
        }
        prev = c;
        c = next;
      }
      if (uafByte < 8) {
        useAfterFree = true;
        useAfterFreeGranule = g;
        if (uafCell != ShadowMemory.NIL) {
          reporter.useAfterFree(e, t, uafCell);
        } else {
          reporter.useAfterFree(e, t, range.object());
        }
      }
      if (!bMarked && checkMarkedStores(g, off, end, kind, t, dep, writeDep)
          >= CrowdedGranules.CROWD && evictCrowds) {
        crowdedLists.add(g << 1 | 1);
      }
      if (g == rfGranule && rfStore != EventCursor.NO_REF) {
        markedStoresOverwriting(g, a, n, kind, t, dep);
      }
      // a crowded list is evicted from once this access's reports no longer need its cells, if it
      // has named cells or gets some (the racing cells, this access's)
      if (walked >= CrowdedGranules.CROWD && (evictable || !granuleRaces.isEmpty()) && evictCrowds) {
        crowdedLists.add(g << 1);
      }
      final int named = !granuleRaces.isEmpty() && chooseRaces(off, end, t.rcuDepth > 0)
          ? ShadowMemory.NAMED : 0;
      if (freedBytes == 0) {
        int cell = reuse != ShadowMemory.NIL ? shadow.reset(reuse, bFlags | named)
            : shadow.add(g, off, end - off, bFlags | named);
        shadow.describe(cell, self, epoch, e.id, a, n, e.ip, e.stack, e.cpu);
        shadow.values(cell, e.hasValue, e.value, hasPrevious, previous);
        if (bWrite && bMarked) {
          shadow.countMarkedStore(g, MARKED_STORE_RUN);
        }
        if (named != 0 || bWrite || range != null) {
          shadow.readCrowdStale(g); // a reused cell changes no list: the record is stale anyway
        } else if (shortcut != null) {
          if (reuse == ShadowMemory.NIL) {
            readCrowds.added(g, shortcut, self, cell);
          }
        } else if (walked >= ReadCrowds.READERS - 1) {
          readCrowds.walked(g); // a crowded list: its record, if it holds unnamed reads only
        }
      } else {
        recordAroundFreed(g, overlapAll(off, end) & ~freedBytes, bFlags | named, e, self, epoch,
            hasPrevious, previous, bWrite && bMarked);
      }
    }
    if (rfStore != EventCursor.NO_REF) {
      if (oldestLaterStore != EventCursor.NO_REF && oldestLaterStore < newestOwnRead) {
        overwriting = older(overwriting, oldestLaterStore); // read by an earlier load: laterStore
      }
      if (overwriting != EventCursor.NO_REF) {
        warner.warn(WarningCode.LOAD_OF_OVERWRITTEN_STORE, rfStore, overwriting);
      }
    }
    for (int r = 0; r < races.size(); r++) {
      int c = races.cell(r);
      reporter.race(e, t, c, shadow.task(c), shadow.epoch(c), CellKinds.of(shadow.flags(c)), kind);
    }
    if (!crowdedLists.isEmpty()) {
      for (int i = 0; i < crowdedLists.size(); i++) {
        long list = crowdedLists.getLong(i);
        crowded.evict(list >>> 1, (list & 1) != 0);
      }
      crowdedLists.clear();
    }
  }

  /** The cell a read that took the read-crowd shortcut reuses, or NIL: it adds one. */
  private int shortcutReuse;

  /**
   * Returns the current record of {@code g}'s main list, crowded with unnamed reads, if the read
   * {@code kind} of {@code [off, end)} by task {@code t} may skip the walk, and sets shortcutReuse;
   * else null. The read visits its task's cells as the walk in check would, in list order, and
   * takes no shortcut if it would remove one: removing a cell needs the cell before it.
   */
  private ReadCrowds.Crowd readCrowdShortcut(long g, int off, int end, AccessKind kind,
      TaskState t) {
    ReadCrowds.Crowd crowd = readCrowds.current(g);
    if (crowd == null) {
      return null;
    }
    IntArrayList several = crowd.several(t.index);
    int one = several == null ? crowd.single(t.index) : ShadowMemory.NIL;
    int n = several != null ? several.size() : one != ShadowMemory.NIL ? 1 : 0;
    int reuse = ShadowMemory.NIL;
    int cover = 0;
    boolean coverAcquire = false;
    for (int i = 0; i < n; i++) {
      int c = several != null ? several.getInt(i) : one;
      int cOff = shadow.offset(c);
      int cEnd = cOff + shadow.length(c);
      if (cOff >= end || off >= cEnd) {
        continue;
      }
      int cf = shadow.flags(c);
      AccessKind cell = CellKinds.of(cf);
      int ce = shadow.epoch(c);
      if (off <= cOff && cEnd <= end && dominates(kind, cell, cf, ce, cover, coverAcquire)) {
        if (reuse != ShadowMemory.NIL || cOff != off || cEnd != end) {
          return null; // the walk would remove it
        }
        reuse = c;
      }
      if (reuse != c && cOff <= off && end <= cEnd && ce > cover && standsFor(cell, cf, ce, t)) {
        cover = ce;
        coverAcquire = (cf & ShadowMemory.ACQUIRE) != 0;
      }
    }
    shortcutReuse = reuse;
    return crowd;
  }

  /**
   * Returns the bytes of {@code [off, end)} of granule {@code g} that freed large objects' ranges
   * hold, a bit each: they count as FREED cells' bytes.
   */
  private int rangeBytes(long g, int off, int end) {
    int bytes = 0;
    long base = g << 3;
    long from = base + off;
    long to = base + end; // exclusive
    HeapTracker.FreedRange r;
    while (Long.compareUnsigned(from, to) < 0 && (r = heap.freedRange(from, to - from)) != null) {
      long lo = Long.compareUnsigned(r.first(), from) > 0 ? r.first() : from;
      long hi = Long.compareUnsigned(r.last(), to - 1) < 0 ? r.last() : to - 1;
      bytes |= overlapAll((int) (lo - base), (int) (hi - base + 1));
      from = hi + 1;
    }
    return bytes;
  }

  /**
   * Records an access in a granule where some of its bytes are freed: a cell for each run of the
   * bytes in {@code live} (a bit each), none over the freed ones (their free stays what later
   * accesses meet there).
   */
  private void recordAroundFreed(long g, int live, int cellFlags, EventCursor e, int self,
      int epoch, boolean hasPrevious, long previous, boolean markedStore) {
    int rest = live;
    while (rest != 0) {
      int from = Integer.numberOfTrailingZeros(rest);
      int to = Integer.numberOfTrailingZeros(~(rest >>> from)) + from;
      rest &= ~overlapAll(from, to);
      int cell = shadow.add(g, from, to - from, cellFlags);
      shadow.describe(cell, self, epoch, e.id, e.addr, e.size, e.ip, e.stack, e.cpu);
      shadow.values(cell, e.hasValue, e.value, hasPrevious, previous);
      if (markedStore) {
        shadow.countMarkedStore(g, MARKED_STORE_RUN);
      }
    }
  }

  /**
   * Checks a plain access against the granule's marked stores (a marked access never conflicts with
   * them): the same rules as the main list, where a plain write dominates its task's marked stores.
   * Returns how many cells it walked if the list has or gets cells named in a finding (which may be
   * evicted once the access is reported), else 0.
   */
  private int checkMarkedStores(long g, int off, int end, AccessKind b, TaskState t,
      Dependency dep, Dependency writeDep) {
    int walked = 0;
    boolean named = false;
    final int racesBefore = granuleRaces.size();
    int prev = ShadowMemory.NIL;
    int c = shadow.markedHead(g);
    while (c != ShadowMemory.NIL) {
      walked++;
      named |= (shadow.flags(c) & ShadowMemory.NAMED) != 0;
      final int next = shadow.next(c);
      final int cOff = shadow.offset(c);
      final int cEnd = cOff + shadow.length(c);
      if (cOff < end && off < cEnd) {
        final boolean covered = off <= cOff && cEnd <= end;
        final boolean isCovered = (shadow.flags(c) & ShadowMemory.COVERED) != 0;
        if (rfStore != EventCursor.NO_REF && shadow.task(c) == t.index) {
          overwrittenBy(g, c); // in program order before the load: coherence
        }
        if (rfStore != EventCursor.NO_REF) {
          laterStore(g, c);
        }
        final boolean redundant = shadow.task(c) == t.index ? covered && b.writes()
            : isCovered ? coveredCells.gone(c)
            : checkOther(g, c, CellKinds.of(shadow.flags(c)), covered, b, t, dep, writeDep);
        if (redundant) {
          if (isCovered) {
            coveredCells.unlinked(c);
          }
          shadow.remove(g, prev, c);
          c = next;
          continue;
        }
      }
      prev = c;
      c = next;
    }
    return named || granuleRaces.size() > racesBefore ? walked : 0;
  }

  /**
   * Checks a conflicting cell of another task against the current access of task {@code t}: records
   * a race unless Ordering orders the cell before it, and returns whether the access, a plain write
   * covering the cell's bytes, makes the cell redundant (FastTrack's write rule). The rule holds
   * only when the task's own clocks order the cell (what a dependency orders before this write is
   * not ordered before the task's later accesses), and only for a write the task's later marked
   * stores are sure to make visible with it; otherwise the cell is covered (CoveredCells).
   */
  private boolean checkOther(long g, int c, AccessKind cell, boolean covered, AccessKind b,
      TaskState t, Dependency dep, Dependency writeDep) {
    final int u = shadow.task(c);
    final int ce = shadow.epoch(c);
    final VectorClock forReads = t.clocks.forReads();
    final VectorClock forWrites = t.clocks.forWrites();
    if (rfStore != EventCursor.NO_REF && cell.writes()) {
      laterStore(g, c);
    }
    if (!ordered(g, c, cell, b, forReads, forWrites, dep, writeDep)) {
      if (!RcuTracker.orderedAfterSections(t, u, ce, cell, b)) {
        granuleRaces.add(c);
      }
      return false;
    }
    if (rfStore != EventCursor.NO_REF && cell.writes()) {
      overwrittenBy(g, c); // one of the two plain, the write visible to the load: plain-coherence
    }
    // a plain write's dependencies are its address dependency alone: dep and writeDep are one
    if (!b.writes() || b.marked() || !covered
        || (dep != null && !ordered(g, c, cell, b, forReads, forWrites, null, null))) {
      return false;
    }
    // a read cell is ordered by the xbstar planes, which every marked store of the task carries
    if (!cell.writes() || t.clocks.carriesVisible(u, ce, cell.marked())) {
      return true;
    }
    coveredCells.cover(g, c, shadow.eventId(c), t);
    return false;
  }

  /**
   * The load being checked, of {@code [a, a + n)}, names an older store with rf: granule {@code
   * g}'s marked stores (which a marked access is not checked against) are looked at for one that
   * overwrote it and is ordered before the load (overwrittenBy): its task's own, another's visible
   * to the load, or another's that an earlier marked load of the task read at the load's bytes
   * (po-loc from that load: a read of a newer store, then of an older one, is a cycle in coherence,
   * CoRR). Only loads with rf pay for the walk.
   */
  private void markedStoresOverwriting(long g, long a, long n, AccessKind b, TaskState t,
      Dependency dep) {
    for (int c = shadow.markedHead(g); c != ShadowMemory.NIL; c = shadow.next(c)) {
      laterStore(g, c);
      int u = shadow.task(c);
      int ce = shadow.epoch(c);
      if (u == t.index || Ordering.ordered(u, ce, CellKinds.of(shadow.flags(c)), b,
          t.clocks.forReads(), t.clocks.forWrites(), dep, null) || t.readStore(u, ce, a, n)) {
        overwrittenBy(g, c);
      }
    }
  }

  /**
   * Write cell {@code c} of granule {@code g}, of any task and ordered or not: if it wrote all of
   * the load's bytes after the store rf names (line order), the oldest such is kept. Where an
   * earlier load of the load's task without rf, covering its bytes, came after that store
   * (ownRead), that load read it or a newer store (a load without rf reads the latest), and the
   * load's read of an older one is po-loc ; fr ; rf back to that load: a cycle in coherence (CoRR),
   * whatever orders the store.
   */
  private void laterStore(long g, int c) {
    oldestLaterStore = older(oldestLaterStore, overwrite(g, c));
  }

  /** Read cell {@code c} (flags {@code cf}) of the load's task: see laterStore. */
  private void ownRead(long g, int c, int cf) {
    if ((cf & ShadowMemory.RF) == 0 && coversLoad(g, c)) {
      newestOwnRead = Math.max(newestOwnRead, shadow.eventId(c));
    }
  }

  /** Whether cell {@code c} of granule {@code g} covers every byte of the load being checked. */
  private boolean coversLoad(long g, int c) {
    int cOff = shadow.offset(c);
    return g == rfGranule && cOff <= rfOff && rfEnd <= cOff + shadow.length(c);
  }

  /**
   * The event id of write cell {@code c} of granule {@code g} if it wrote every byte of the load
   * being checked after the store the load's rf names, in line order; else NO_REF.
   */
  private long overwrite(long g, int c) {
    if (!coversLoad(g, c)) {
      return EventCursor.NO_REF;
    }
    long id = shadow.eventId(c);
    return id > rfStore ? id : EventCursor.NO_REF;
  }

  /** Of two event ids (NO_REF: none), the older. */
  private static long older(long a, long b) {
    return a == EventCursor.NO_REF || (b != EventCursor.NO_REF && b < a) ? b : a;
  }

  /**
   * Write cell {@code c} of granule {@code g} is ordered before the load being checked, whose rf
   * names an older store: if it wrote every byte of the load and is later than that store in line
   * order (coherence order: the contract's line order is a linearisation of the run), the load
   * reads a store the cell overwrote, whichever of its bytes it read from the named store, which
   * the LKMM forbids. In program order, po-loc ; fr is a cycle in coherence. Across tasks, the
   * checker's ordering of a write before a read is wr-vis (it under-approximates it: an
   * over-report at worst, so what it finds ordered is): fr & wr-vis^-1 is rw-incoh in
   * plain-coherence where one of the two is plain; where both are marked, the write is vis-before
   * the load (cumul-fence* ; rfe? ; [Marked] ; xbstar), and the load's fre to it closes the chain
   * into a cycle that happens-before or propagation rules out (prop starts with fre). That last
   * step is checked, not proved: LkmmOracleSweep's loads of older stores count a warning on an
   * execution linux-kernel.cat allows as a disagreement, and have found none. A store that wrote
   * only some of the load's bytes may have left the named store's (mixed sizes), so it is not
   * counted, nor is a load that spans granules: not every forbidden execution gets a warning
   * (orderings through pb or rb that the clocks do not carry, either).
   */
  private void overwrittenBy(long g, int c) {
    overwriting = older(overwriting, overwrite(g, c));
  }

  /**
   * Whether cell {@code c} of granule {@code g}, of kind {@code cell}, is ordered before access
   * {@code b}: by Ordering over the clocks and bounds it is checked with, or, where that says it is
   * not, by the rules the checker decides at the race (orderedAfterAcquire, orderedThroughOwnWrite).
   */
  private boolean ordered(long g, int c, AccessKind cell, AccessKind b, VectorClock forReads,
      VectorClock forWrites, Dependency dep, Dependency writeDep) {
    return Ordering.ordered(shadow.task(c), shadow.epoch(c), cell, b, forReads, forWrites, dep,
        writeDep)
        || orderedAfterAcquire(c, b, forWrites, writeDep)
        || orderedThroughOwnWrite(g, c, cell, b, forWrites, writeDep);
  }

  /**
   * Whether acquire-load cell {@code c} is ordered before the plain write {@code b} because an event
   * of its task after it is: some entry of the task in b's clock ({@code forWrites}, and what b's
   * dependency received, {@code writeDep}) is newer than the load. Only tried for a race about to be
   * recorded, so it costs the hot path nothing.
   *
   * <p>acq-po ([Acquire] ; po ; [M]) is a fence in ppo: the load precedes every later access of its
   * task. An entry of task u newer than epoch c in a clock b is checked with came there only from
   * a marked event of u after c (a store carrying its frontiers, or the store itself in S or SX, a
   * load in D) and the chain of hb edges that carried it to an event pre-bounding b: the load
   * reaches that event by xbstar too, so rw-xbstar holds. This carries, without a set member in any
   * clock, what TaskClocks.markedLoad's M frontier cannot after a relaxed load that nothing orders
   * (litmus-disagreements, section 8).
   */
  private boolean orderedAfterAcquire(int c, AccessKind b, VectorClock forWrites,
      Dependency writeDep) {
    if ((shadow.flags(c) & ShadowMemory.ACQUIRE) == 0 || !b.writes() || b.marked()) {
      return false;
    }
    final int u = shadow.task(c);
    final int ce = shadow.epoch(c);
    return Ordering.hasLater(forWrites, u, ce)
        || (writeDep != null && ((writeDep.writer() == u && writeDep.writerEpoch() > ce)
            || (writeDep.clock() != null && Ordering.hasLater(writeDep.clock(), u, ce))));
  }

  /**
   * Whether marked read cell {@code c} is ordered before the plain write {@code b} through a later
   * marked write of its task to the same bytes, still among granule {@code g}'s marked stores, that
   * is visible to b's writes, or that another task read with a read ordered before them
   * (TaskState.storeReadBefore: the write is xbstar-before b though not visible there; seed 8620650
   * of the oracle sweep). Only tried for a race about to be recorded, so it costs the hot path
   * nothing.
   *
   * <p>fr & int is in overwrite & int, in ppo (linux-kernel.cat: to-w): the read precedes every later
   * marked write of its task to its location. Whatever makes that write visible to b's writes (vis:
   * cumul-fence and rfe, then xbstar) is a chain of hb edges from the write to an event that
   * w-pre-bounds b, so the read reaches that event by xbstar too and rw-xbstar holds. That is all
   * the read needs: not what ww-nonrace asks of the write besides (b, a plain store, may also load,
   * so the write must be visible to b's reads too; seed 849417 of the oracle sweep, where an RMW of
   * another task read the write and smp_wmb() then w-pre-bounded b). The write's
   * clock does not carry the read: naming every such read in the D plane of the store cost the
   * simulator trace 40 to 50% (litmus-disagreements, section 8), and a read can race only with a
   * plain write of another task, which meets the store's cell in the same granule. A read of one
   * granule only, and a store that is among the newest MARKED_STORE_RUN of its run (outrun), so
   * that the shadow's compaction of marked stores decides nothing here.
   */
  private boolean orderedThroughOwnWrite(long g, int c, AccessKind cell, AccessKind b,
      VectorClock forWrites, Dependency writeDep) {
    if (cell.writes() || !cell.marked() || !b.writes() || b.marked()) {
      return false;
    }
    final int u = shadow.task(c);
    final int ce = shadow.epoch(c);
    final long lo = shadow.addr(c);
    final long size = shadow.size(c);
    if ((lo & 7) + size > 8) {
      return false; // a read of several granules: each would decide alone
    }
    for (int n = shadow.markedHead(g); n != ShadowMemory.NIL; n = shadow.next(n)) {
      if (shadow.task(n) != u || shadow.epoch(n) <= ce) {
        continue;
      }
      // the write covers the read's bytes (the same location), in unsigned address order
      final long nLo = shadow.addr(n);
      if (Long.compareUnsigned(nLo, lo) > 0
          || Long.compareUnsigned(lo - nLo + size, shadow.size(n)) > 0) {
        continue;
      }
      final int nf = shadow.flags(n);
      if ((nf & ShadowMemory.COVERED) != 0 && coveredCells.gone(n)) {
        continue;
      }
      if ((Ordering.visibleToWrite(u, shadow.epoch(n), forWrites, writeDep)
          || readBefore(u, shadow.epoch(n), forWrites, writeDep)) && !outrun(g, n)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether task {@code u} remembers a read by another task of its marked store at {@code epoch}
   * that is ordered before the write checked with {@code forWrites} and {@code writeDep}
   * (TaskState.storeReadBefore): the store is xbstar-before that write though not visible to it.
   */
  private boolean readBefore(int u, int epoch, VectorClock forWrites, Dependency writeDep) {
    TaskState owner = tasks.apply(u);
    return owner != null && owner.storeReadBefore(epoch, forWrites, writeDep);
  }

  /**
   * Whether marked store {@code n} has MARKED_STORE_RUN newer stores of its run in granule {@code
   * g}: the shadow may drop it whenever it compacts the granule (ShadowMemory.countMarkedStore), so
   * orderedThroughOwnWrite does not lean on it, whether or not it is still there.
   */
  private boolean outrun(long g, int n) {
    int newer = 0;
    for (int m = shadow.markedHead(g); m != ShadowMemory.NIL; m = shadow.next(m)) {
      if (m != n && shadow.epoch(m) > shadow.epoch(n) && shadow.sameRun(m, n)
          && ++newer >= MARKED_STORE_RUN) {
        return true;
      }
    }
    return false;
  }

  /**
   * Chooses which of the granule's racing cells to report (see the class comment), adds them to the
   * access's races in the order met, and returns whether the access is thereby named in a delivered
   * finding. {@code deferred}: the access is in an RCU read-side section, every cell is reported and
   * none counts as named.
   */
  private boolean chooseRaces(int off, int end, boolean deferred) {
    final int n = granuleRaces.size();
    if (everyPair || deferred) {
      for (int r = 0; r < n; r++) {
        int c = granuleRaces.getInt(r);
        races.add(shadow.eventId(c), c);
      }
      return false;
    }
    if (chosen.length < n) {
      chosen = new boolean[Math.max(n, 2 * chosen.length)];
    }
    newestOfLocation.clear();
    int covered = 0;
    for (int r = 0; r < n; r++) {
      int c = granuleRaces.getInt(r);
      chosen[r] = (shadow.flags(c) & ShadowMemory.NAMED) == 0;
      int location = factory.topSymbol(shadow.ip(c), shadow.stack(c));
      int best = newestOfLocation.getOrDefault(location, -1);
      if (best < 0 || shadow.eventId(c) > shadow.eventId(granuleRaces.getInt(best))) {
        newestOfLocation.put(location, r);
      }
    }
    for (int r : newestOfLocation.values()) {
      chosen[r] = true;
    }
    for (int r = 0; r < n; r++) {
      if (chosen[r]) {
        covered |= overlap(granuleRaces.getInt(r), off, end);
      }
    }
    for (int r = 0; r < n && covered != overlapAll(off, end); r++) {
      int bytes = overlap(granuleRaces.getInt(r), off, end);
      if (!chosen[r] && (bytes & ~covered) != 0) {
        chosen[r] = true;
        covered |= bytes;
      }
    }
    for (int r = 0; r < n; r++) {
      int c = granuleRaces.getInt(r);
      if (chosen[r]) {
        shadow.name(c);
        races.add(shadow.eventId(c), c);
      } else {
        foldedRaces++;
      }
    }
    return true;
  }

  /** The bytes of the granule, as a bit per byte, that cell {@code c} shares with [off, end). */
  private int overlap(int c, int off, int end) {
    int from = Math.max(off, shadow.offset(c));
    int to = Math.min(end, shadow.offset(c) + shadow.length(c));
    return from < to ? overlapAll(from, to) : 0;
  }

  /** The bytes {@code [off, end)} of a granule, a bit each ({@code off < end <= 8}). */
  private static int overlapAll(int off, int end) {
    return ((1 << end) - 1) & ~((1 << off) - 1);
  }

  /**
   * Whether a later access of the same task makes an earlier cell redundant: the same kind of access,
   * at least as race-prone. A plain write covers every earlier access of its task (its epoch is later,
   * so whatever orders it orders them); a read covers earlier reads that are no more marked. A marked
   * write covers nothing: the S plane orders exactly the store a load read, not the stores before it.
   * A marked read does not cover an earlier marked read either: the D plane may order the later one
   * alone (a dependency from it into a marked store). Between two marked reads, the earlier (of
   * epoch {@code cellEpoch}) is dropped only when a later read cell of the task over its bytes
   * stands for it (standsFor): {@code cover} is the epoch of the newest such cell met so far, and
   * {@code coverAcquire} whether it is an acquire load's, which stands for earlier acquire loads
   * only ({@code cellFlags}): an acquire is ordered before whatever a later marked event of its task
   * is (orderedAfterAcquire), and so is an earlier acquire, but not an earlier relaxed read.
   */
  private static boolean dominates(AccessKind b, AccessKind cell, int cellFlags, int cellEpoch,
      int cover, boolean coverAcquire) {
    if (b.writes()) {
      return !b.marked();
    }
    if (cell.writes()) {
      return false;
    }
    if (!b.marked()) {
      return true;
    }
    return cell.marked() && cellEpoch < cover
        && (!coverAcquire || (cellFlags & ShadowMemory.ACQUIRE) != 0);
  }

  /**
   * Whether a read cell of the current task ({@code cell}, {@code cellFlags}, {@code epoch}) orders,
   * whenever it is ordered before a later access, every earlier read of its task over its bytes: it is plain (R orders it, a prefix), or a
   * marked read that no dependency has ordered alone (the D plane; {@link ShadowMemory#DEPENDED_ON})
   * and none can any more, being older than the task's remembered loads. Polling a flag then costs a
   * task at most a ring of cells (TaskState.RECENT_LOADS) and one that stands for the older ones.
   */
  private static boolean standsFor(AccessKind cell, int cellFlags, int epoch, TaskState t) {
    return !cell.marked()
        || ((cellFlags & ShadowMemory.DEPENDED_ON) == 0 && !t.mayBeDependedOn(epoch));
  }

  /**
   * The marked write {@code e} of task {@code t} depends ({@code ctrl}, {@code dep}, {@code data})
   * on remembered marked loads: their cells are marked {@link ShadowMemory#DEPENDED_ON}, as the D
   * plane now orders each of them alone.
   */
  void dependedOn(EventCursor e, TaskState t) {
    if (e.ctrl != EventCursor.NO_REF) {
      dependedOn(t, e.ctrl);
    }
    if (e.dep != EventCursor.NO_REF) {
      dependedOn(t, e.dep);
    }
    if (e.data != EventCursor.NO_REF) {
      dependedOn(t, e.data);
    }
  }

  /**
   * Marks the cells of remembered marked load {@code load} of task {@code t} {@link
   * ShadowMemory#DEPENDED_ON}: a dependency names it, so a later read of its task no longer stands
   * for it.
   */
  void dependedOn(TaskState t, long load) {
    if (t.load(load) == null) {
      return;
    }
    int epoch = t.loadEpoch(load);
    long a = t.loadAddr(load);
    long last = (a + t.loadSize(load) - 1) >>> 3;
    for (long g = a >>> 3; g <= last; g++) {
      if (!shard.owns(g)) {
        continue;
      }
      for (int c = shadow.head(g); c != ShadowMemory.NIL; c = shadow.next(c)) {
        int f = shadow.flags(c);
        if (shadow.task(c) == t.index && shadow.epoch(c) == epoch
            && (f & (ShadowMemory.MARKED | ShadowMemory.WRITE)) == ShadowMemory.MARKED) {
          shadow.dependedOn(c);
        }
      }
    }
  }

}
