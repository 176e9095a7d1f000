package dev.slabrace.detect.shadow;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;

/**
 * Granule-indexed cells of earlier accesses, a granule's first cell alone and the rest in blocks of
 * four cells that belong to that granule, in pages of primitive arrays.
 *
 * <pre>
 * Implementation notes
 *
 * A granule is 8 aligned bytes (addr >>> 3). Its cells form two singly linked lists through next,
 * newest first: the marked stores (marked writes and RMWs, which a marked access never conflicts
 * with, so a marked access walks only the main list) and the main list of everything else. A
 * cell records one earlier access's bytes within the granule (offset, length), its task and epoch
 * (FastTrack: an epoch c@t, packed as t << 32 | c), whether it wrote and was marked, and what the
 * reporter needs later (event id, whole access range, code location, cpu, value). An access that
 * spans granules has one cell in each. A FREED cell marks bytes of a freed object: any later access
 * to them is a use-after-free until an allocation covers them again; a granule all of whose bytes
 * a free covered carries a freed mark instead (freedMark), which costs no cell.
 *
 * Layout, for the cache: a cell's hot fields (epoch word, next and flags: what the check walks)
 * are 16 bytes. A granule without cells gets its first cell in a page of singles, slot by slot
 * (most granules never get a second one); its later cells go into a free slot of the block of its
 * head (of either list) when there is one, else into an empty block of BLOCK = 4 consecutive
 * slots. So a granule of up to five cells has its hot fields in two places (the single and one
 * block of 64 bytes), and the walk costs one or two lines of cells rather than one per cell. The
 * cold fields of a cell (read only to report) are side by side in a second array, so recording an
 * access writes one or two lines, not one per field.
 *
 * Invariant: every cell of a block belongs to the same granule (a block is only filled through
 * its granule's head, and only an empty block is handed to another); a free block slot's epoch
 * word is FREE_SLOT, and a block all of whose slots are free is on the free-block list; a free
 * single is on the free-single list. A granule holds at most one single (it gets one only when it
 * has no cells), and every block in use holds a live cell, so the shadow holds at most BLOCK slots
 * per live cell, and one for a granule of one cell. Where cells sit never changes their lists'
 * order.
 *
 * Invariant: cells are only dropped when a later access of the same task dominates them or a write
 * is ordered after them (FastTrack's write rule), when an allocation or free resets the bytes, or
 * when a run of one task's marked stores to the same bytes from the same code location outgrows
 * what the caller keeps (countMarkedStore).
 * Reads by different tasks accumulate (FastTrack's read-shared state) until such a write.
 * </pre>
 *
 * <p>Over 500 lines on purpose: the cell layout (blocks of cells, two packed longs each, with the cold
 * fields beside them) and the list operations that walk and relink it share one private
 * representation; split apart, the packing would have to be public and every accessor on the
 * engine's hottest path would cross a class for it.
 */
public final class ShadowMemory {
  /** No cell. */
  public static final int NIL = -1;

  /** The access wrote. */
  public static final int WRITE = 1;
  /** The access was marked (never races with another marked access). */
  public static final int MARKED = 1 << 1;
  /** The access was an RMW (read-write). */
  public static final int RMW = 1 << 2;
  /** The bytes belong to a freed object; {@link #addr} and {@link #size} give the object. */
  public static final int FREED = 1 << 3;
  /** {@link #value} is known. */
  public static final int HAS_VALUE = 1 << 4;
  /** {@link #previous} (the value a write overwrote) is known. */
  public static final int HAS_PREVIOUS = 1 << 5;
  /**
   * The access has been named in a delivered data-race finding, as the earlier or the later access:
   * the checker need not report it again only to name it (AccessChecker's selection of reports).
   */
  public static final int NAMED = 1 << 6;
  /**
   * The access is a marked read that a dependency into a marked store ordered (the D plane, which
   * orders that read alone): a later read of its task no longer stands for it (AccessChecker).
   */
  public static final int DEPENDED_ON = 1 << 7;
  /**
   * Another task's plain write, ordered after the access, covered its bytes but does not yet stand
   * for it: checks skip the cell until that writer's next release drops it or its next smp_wmb()
   * makes it count again (AccessChecker, CoveredCells). Bit 14: bits 8 to 13 hold the cell's bytes.
   */
  public static final int COVERED = 1 << 14;
  /**
   * The access is an acquire load (smp_load_acquire): ordered before every later access of its
   * task (acq-po), so before whatever a later marked event of its task is ordered before
   * (AccessChecker.orderedAfterAcquire); it therefore stands for no earlier read of its task.
   */
  public static final int ACQUIRE = 1 << 15;
  /**
   * The access is a load whose rf named the store it read: unlike a load without one, it may have
   * read an older store than the latest (AccessChecker's coherence warning).
   */
  public static final int RF = 1 << 16;

  private static final int OFFSET_SHIFT = 8;
  private static final int LENGTH_SHIFT = 11;
  /** What a run of marked stores shares besides task and code location: kind and bytes. */
  /** The flag bits that say which bytes of its granule a cell covers. */
  private static final int RANGE_BITS = (7 << OFFSET_SHIFT) | (7 << LENGTH_SHIFT);
  private static final int RUN_BITS = WRITE | MARKED | RMW | RANGE_BITS;

  private final GranuleTable heads = new GranuleTable();
  /*
   * The fields the check walks on every access sit together, two longs per cell, so a granule's
   * cells cost a cache line or two rather than one per field: hot[2c] is the packed epoch
   * (task << 32 | epoch), hot[2c + 1] is next << 32 | flags. The rest is read only to report.
   */
  /*
   * Both arrays are kept in pages of PAGE cells, added one at a time as cells are used: growing never
   * copies the cells there are, never needs old and new arrays at once, and no page is large enough
   * to be a humongous object for the collector (which fragments a small heap). Cell c is at
   * page c >>> PAGE_BITS, index c & PAGE_MASK.
   */
  private static final int PAGE_BITS = 12;
  private static final int PAGE = 1 << PAGE_BITS;
  private static final int PAGE_MASK = PAGE - 1;
  private long[][] hot = new long[8][];
  /*
   * The fields read only to report, COLD longs per cell side by side at cold[page][COLD * index]:
   * the event id, the access's first byte and size, its code location (ip << 32 | stack), its cpu,
   * value and previous value.
   */
  private static final int COLD = 7;
  private static final int EVENT_ID = 0;
  private static final int ADDR = 1;
  private static final int SIZE = 2;
  private static final int LOCATION = 3;
  private static final int CPU = 4;
  private static final int VALUE = 5;
  private static final int PREVIOUS = 6;
  private long[][] cold = new long[8][];
  /* Cells of one granule per block (see the class notes); blocks never straddle pages. */
  private static final int BLOCK = 4;
  /** The epoch word of a free slot: no task is -1. */
  private static final long FREE_SLOT = -1L;
  private int pages;
  /** Whether a page holds single cells (any granule's) rather than blocks. */
  private boolean[] shared = new boolean[8];
  /** The next slot and the end of the page that singles, and blocks, are carved from. */
  private int singleNext;
  private int singleEnd;
  private int blockNext;
  private int blockEnd;
  /** Free single slots, linked through next. */
  private int freeSingles = NIL;
  /* countMarkedStore's groups of a granule's marked stores, found by runKey: reused scratch */
  private int[] runCell = new int[16];
  private int[] runCount = new int[16];
  private int[] runNext = new int[16];
  private final Long2IntOpenHashMap runIndex = new Long2IntOpenHashMap();
  /** The first slot of the first wholly free block; the rest are linked through next. */
  private int freeBlocks = NIL;
  private int live;
  /** Told the freed-object id of each FREED cell that resetBytes copies, and of each it removes. */
  private IntConsumer freedCellCopied = id -> { };
  private IntConsumer freedCellRemoved = id -> { };

  private int flagsOf(int c) {
    return (int) hot[c >>> PAGE_BITS][2 * (c & PAGE_MASK) + 1];
  }

  /** Marks {@code cell} as named in a delivered finding ({@link #NAMED}). */
  public void name(int cell) {
    setFlags(cell, flagsOf(cell) | NAMED);
  }

  /** Sets or clears {@link #COVERED} on {@code cell}. */
  public void covered(int cell, boolean on) {
    setFlags(cell, on ? flagsOf(cell) | COVERED : flagsOf(cell) & ~COVERED);
  }

  /** Marks {@code cell} as a marked read a dependency ordered ({@link #DEPENDED_ON}). */
  public void dependedOn(int cell) {
    setFlags(cell, flagsOf(cell) | DEPENDED_ON);
  }

  private void setFlags(int c, int f) {
    hot[c >>> PAGE_BITS][2 * (c & PAGE_MASK) + 1] = (hot[c >>> PAGE_BITS][2 * (c & PAGE_MASK) + 1] & 0xffffffff00000000L) | (f & 0xffffffffL);
  }

  private int nextOf(int c) {
    return (int) (hot[c >>> PAGE_BITS][2 * (c & PAGE_MASK) + 1] >> 32);
  }

  private void setNext(int c, int n) {
    hot[c >>> PAGE_BITS][2 * (c & PAGE_MASK) + 1] = ((long) n << 32) | (hot[c >>> PAGE_BITS][2 * (c & PAGE_MASK) + 1] & 0xffffffffL);
  }

  /** Creates empty shadow memory. */
  public ShadowMemory() {
    runIndex.defaultReturnValue(NIL);
  }

  /**
   * Reads {@code granule}'s head, its first cell's flags and the first of that cell's cold fields
   * (the line describe writes when the check reuses the cell) so that a check soon after finds them
   * in the processor's cache; returns what it read, for the caller to keep the loads alive.
   */
  public int touch(long granule) {
    int c = heads.peek(granule);
    return c == NIL ? 0 : flagsOf(c) + (int) cold[c >>> PAGE_BITS][COLD * (c & PAGE_MASK)];
  }

  /** Returns the first cell of {@code granule}'s main list, or {@link #NIL}. */
  public int head(long granule) {
    return heads.get(granule);
  }

  /**
   * Whether the caller's record of {@code granule}'s main list is current: set by the caller, and
   * cleared by every cell added to or removed from that list (the checker's ReadCrowds).
   */
  public boolean readCrowd(long granule) {
    return heads.readCrowd(granule);
  }

  /** Marks the caller's record of {@code granule}'s main list current (it has cells). */
  public void readCrowdCurrent(long granule) {
    heads.readCrowd(granule, true);
  }

  /** Marks the caller's record of {@code granule}'s main list stale. */
  public void readCrowdStale(long granule) {
    heads.readCrowd(granule, false);
  }

  /** Returns the first cell of {@code granule}'s marked stores, or {@link #NIL}. */
  public int markedHead(long granule) {
    return heads.getMarked(granule);
  }

  /**
   * Returns the freed mark of {@code granule}: the FreedTable id of the free whose object covered
   * all its bytes, or {@link #NIL}. A marked granule stands for a FREED cell over the whole granule.
   */
  public int freedMark(long granule) {
    return heads.getFreed(granule);
  }

  /** Sets or ({@link #NIL}) clears the freed mark of {@code granule}. */
  public void markFreed(long granule, int id) {
    heads.setFreed(granule, id);
  }

  /**
   * Marks the whole granules {@code [first, first + count)} freed with {@code id}, handing each that
   * has cells to {@code withCells} first (it must remove them) and each mark replaced to
   * {@code replaced}. The same as {@link #markFreed} per granule, a page at a time.
   */
  public void markFreedRun(long first, long count, int id, LongConsumer withCells,
      IntConsumer replaced) {
    heads.markRun(first, count, id, withCells, replaced);
  }

  /**
   * Clears the freed marks of granules {@code [first, first + count)}, handing each to
   * {@code cleared}, and hands each granule with cells to {@code withCells} (it must remove them):
   * an allocation's reset of whole granules, a page at a time.
   */
  public void clearRun(long first, long count, IntConsumer cleared, LongConsumer withCells) {
    heads.clearRun(first, count, cleared, withCells);
  }

  /** Whether cells of these flags go to the marked-store list. */
  public static boolean isMarkedStore(int cellFlags) {
    return (cellFlags & (WRITE | MARKED | FREED)) == (WRITE | MARKED);
  }

  /** Returns the cell after {@code cell} in its granule, or {@link #NIL}. */
  public int next(int cell) {
    return nextOf(cell);
  }

  /**
   * Adds a cell at the front of {@code granule}'s list for its flags (see {@link #isMarkedStore}) and
   * returns it; the caller fills it with the setters. Bytes {@code [offset, offset + length)} of the
   * granule are the cell's.
   */
  public int add(long granule, int offset, int length, int cellFlags) {
    boolean markedStore = isMarkedStore(cellFlags);
    if (!markedStore) {
      heads.readCrowd(granule, false);
    }
    int head = markedStore ? heads.getMarked(granule) : heads.get(granule);
    int other = markedStore ? heads.get(granule) : heads.getMarked(granule);
    int c;
    if (head == NIL && other == NIL) {
      c = newSingle(); // most granules never get a second cell: a block would be three quarters empty
    } else {
      c = slotBeside(head);
      if (c == NIL) {
        c = slotBeside(other);
        if (c == NIL) {
          c = newBlock();
        }
      }
    }
    hot[c >>> PAGE_BITS][2 * (c & PAGE_MASK)] = 0; // taken
    setFlags(c, cellFlags | (offset << OFFSET_SHIFT) | ((length - 1) << LENGTH_SHIFT));
    setNext(c, head);
    if (markedStore) {
      heads.setMarked(granule, c);
    } else {
      heads.set(granule, c);
    }
    live++;
    return c;
  }

  /** Returns a free slot in the block of {@code cell}, or {@link #NIL} (none, or no cell). */
  private int slotBeside(int cell) {
    if (cell == NIL || shared[cell >>> PAGE_BITS]) {
      return NIL;
    }
    long[] page = hot[cell >>> PAGE_BITS];
    int first = cell & ~(BLOCK - 1);
    int at = 2 * (first & PAGE_MASK);
    for (int s = 0; s < BLOCK; s++) {
      if (page[at + 2 * s] == FREE_SLOT) {
        return first + s;
      }
    }
    return NIL;
  }

  /** Takes a slot of the shared pages, for a granule's first cell. */
  private int newSingle() {
    int c = freeSingles;
    if (c != NIL) {
      freeSingles = nextOf(c);
      return c;
    }
    if (singleNext == singleEnd) {
      singleNext = grow(true);
      singleEnd = singleNext + PAGE;
    }
    return singleNext++;
  }

  /** Takes an empty block, from the free blocks or a new one, and returns its first slot. */
  private int newBlock() {
    int first = freeBlocks;
    if (first != NIL) {
      freeBlocks = nextOf(first);
      return first;
    }
    if (blockNext == blockEnd) {
      blockNext = grow(false);
      blockEnd = blockNext + PAGE;
    }
    first = blockNext;
    blockNext += BLOCK;
    long[] page = hot[first >>> PAGE_BITS];
    for (int s = 0; s < BLOCK; s++) {
      page[2 * ((first + s) & PAGE_MASK)] = FREE_SLOT;
    }
    return first;
  }

  /**
   * Reuses {@code cell} for a new access over the same bytes, in place: the hot path's alternative to
   * removing a dominated cell and adding one. Returns the cell, which the caller fills again. The
   * cell and the new flags must belong to the same list (see {@link #isMarkedStore}).
   */
  public int reset(int cell, int cellFlags) {
    setFlags(cell, cellFlags | (flagsOf(cell) & RANGE_BITS));
    return cell;
  }

  /**
   * Unlinks {@code cell} from its list of {@code granule}; {@code previousCell} is the cell before it
   * in that list, or NIL.
   */
  public void remove(long granule, int previousCell, int cell) {
    int after = nextOf(cell);
    boolean markedStore = isMarkedStore(flagsOf(cell));
    if (!markedStore) {
      heads.readCrowd(granule, false);
    }
    if (previousCell == NIL) {
      if (markedStore) {
        heads.setMarked(granule, after);
      } else {
        heads.set(granule, after);
      }
    } else {
      setNext(previousCell, after);
    }
    if (shared[cell >>> PAGE_BITS]) {
      setNext(cell, freeSingles);
      freeSingles = cell;
      live--;
      return;
    }
    long[] page = hot[cell >>> PAGE_BITS];
    page[2 * (cell & PAGE_MASK)] = FREE_SLOT;
    int first = cell & ~(BLOCK - 1);
    int at = 2 * (first & PAGE_MASK);
    boolean empty = true;
    for (int s = 0; s < BLOCK; s++) {
      empty &= page[at + 2 * s] == FREE_SLOT;
    }
    if (empty) {
      setNext(first, freeBlocks);
      freeBlocks = first;
    }
    live--;
  }

  /**
   * Returns whether {@code cell} is still a cell of {@code granule} that records event {@code id}
   * (a slow path, for a cell remembered while other accesses may have removed or reused it).
   */
  public boolean holds(long granule, int cell, long id) {
    for (int list = 0; list < 2; list++) {
      for (int c = list == 0 ? heads.get(granule) : heads.getMarked(granule); c != NIL;
          c = nextOf(c)) {
        if (c == cell) {
          return eventId(c) == id;
        }
      }
    }
    return false;
  }

  /**
   * Resets bytes {@code [offset, end)} of {@code granule} (an allocation or free): hands every cell
   * of both lists that overlaps them to {@code before}, then removes the cells that lie within them
   * and cuts the others down to their bytes outside, so that an access reaching past an object's
   * bounds keeps the bytes the reset does not own. A cell with bytes on both sides keeps the lower
   * ones, and a copy of it takes the upper ones.
   */
  public void resetBytes(long granule, int offset, int end, IntConsumer before) {
    for (int list = 0; list < 2; list++) {
      int prev = NIL;
      int c = list == 0 ? heads.get(granule) : heads.getMarked(granule);
      while (c != NIL) {
        int next = nextOf(c);
        int cOff = offset(c);
        int cEnd = cOff + length(c);
        if (cOff < end && offset < cEnd) {
          before.accept(c);
          if (offset <= cOff && cEnd <= end) {
            if ((flagsOf(c) & FREED) != 0) {
              freedCellRemoved.accept(freedId(c));
            }
            remove(granule, prev, c);
            c = next;
            continue;
          }
          if (cOff < offset && end < cEnd) {
            copy(granule, c, end, cEnd - end); // at the list's head: not met again by this walk
            if ((flagsOf(c) & FREED) != 0) {
              freedCellCopied.accept(freedId(c));
            }
          }
          if (cOff < offset) {
            setRange(c, cOff, offset - cOff);
          } else {
            setRange(c, end, cEnd - end);
          }
        }
        prev = c;
        c = next;
      }
    }
  }

  /** Sets the bytes of the granule that {@code cell} covers. */
  private void setRange(int cell, int offset, int length) {
    setFlags(cell, (flagsOf(cell) & ~RANGE_BITS) | (offset << OFFSET_SHIFT)
        | ((length - 1) << LENGTH_SHIFT));
  }

  /** Adds to {@code granule} a copy of {@code cell} over bytes {@code [offset, offset + length)}. */
  private void copy(long granule, int cell, int offset, int length) {
    // the copy is not on its covering writer's list (CoveredCells): it counts again
    int c = add(granule, offset, length, flagsOf(cell) & ~(RANGE_BITS | COVERED));
    hot[c >>> PAGE_BITS][2 * (c & PAGE_MASK)] = hot[cell >>> PAGE_BITS][2 * (cell & PAGE_MASK)];
    System.arraycopy(cold[cell >>> PAGE_BITS], COLD * (cell & PAGE_MASK), cold[c >>> PAGE_BITS],
        COLD * (c & PAGE_MASK), COLD);
  }

  /**
   * Counts a marked store just added to {@code granule}, and when the granule's credit runs out keeps
   * only the newest {@code keep} marked stores of each task, bytes, kind and code location (the
   * caller's rule says why that loses no finding). The credit is then as many stores as were kept,
   * plus 16, so the walk costs a constant per store however long a counter is updated, and finding a
   * store's group costs a constant however many tasks and code locations store to the granule.
   */
  public void countMarkedStore(long granule, int keep) {
    if (heads.spendCredit(granule) >= 0) {
      return;
    }
    int groups = 0;
    int kept = 0;
    int prev = NIL;
    int c = heads.getMarked(granule);
    while (c != NIL) {
      int next = nextOf(c);
      long key = runKey(c);
      int group = runIndex.get(key);
      while (group != NIL && !sameRun(runCell[group], c)) {
        group = runNext[group];
      }
      if (group == NIL) {
        if (groups == runCell.length) {
          runCell = Arrays.copyOf(runCell, 2 * groups);
          runCount = Arrays.copyOf(runCount, 2 * groups);
          runNext = Arrays.copyOf(runNext, 2 * groups);
        }
        group = groups++;
        runCell[group] = c;
        runCount[group] = 0;
        runNext[group] = runIndex.put(key, group);
      }
      if (++runCount[group] > keep) {
        remove(granule, prev, c);
      } else {
        kept++;
        prev = c;
      }
      c = next;
    }
    heads.credit(granule, kept + 16);
    runIndex.clear();
    if (groups > 256) {
      runIndex.trim(); // clear() costs the table's capacity: do not keep a large one
    }
  }

  /** A hash of what sameRun compares; runs that share it are told apart by sameRun. */
  private long runKey(int c) {
    return (hot[c >>> PAGE_BITS][2 * (c & PAGE_MASK)] >>> 32) * 0x9E3779B97F4A7C15L ^ (flagsOf(c) & RUN_BITS)
        ^ (long) ip(c) << 20 ^ (long) stack(c) << 42;
  }

  /**
   * Whether marked-store cells {@code a} and {@code b} are of one run, which countMarkedStore keeps
   * the newest of: the same task, kind, bytes of the granule and code location.
   */
  public boolean sameRun(int a, int b) {
    return hot[a >>> PAGE_BITS][2 * (a & PAGE_MASK)] >>> 32 == hot[b >>> PAGE_BITS][2 * (b & PAGE_MASK)] >>> 32 // same task
        && (flagsOf(a) & RUN_BITS) == (flagsOf(b) & RUN_BITS)
        && coldOf(a, LOCATION) == coldOf(b, LOCATION);
  }

  /** Returns how many cells are in use (live shadow state). */
  public int liveCells() {
    return live;
  }

  /** Returns how many granules have cells or a freed mark. */
  public int granules() {
    return heads.size();
  }

  /**
   * Returns the granules of {@code [first, first + count)} that have cells or a freed mark, in increasing order.
   * Costs the smaller of the range's and the table's pages of 64 granules, so a range of any size is
   * cheap when little memory is shadowed.
   */
  public long[] granulesWithCells(long first, long count) {
    return heads.granulesWithCells(first, count);
  }

  /** Sets where the access came from and what it was. */
  public void describe(int cell, int task, int taskEpoch, long id, long accessAddr, long accessSize,
      int ipSymbol, int stackId, int cpuNumber) {
    hot[cell >>> PAGE_BITS][2 * (cell & PAGE_MASK)] = ((long) task << 32) | (taskEpoch & 0xffffffffL);
    long[] page = cold[cell >>> PAGE_BITS];
    int at = COLD * (cell & PAGE_MASK);
    page[at + EVENT_ID] = id;
    page[at + ADDR] = accessAddr;
    page[at + SIZE] = accessSize;
    page[at + LOCATION] = (long) ipSymbol << 32 | (stackId & 0xffffffffL);
    page[at + CPU] = cpuNumber;
  }

  /**
   * Sets what is told the freed-object id of a FREED cell when resetBytes splits it in two
   * ({@code copied}) or removes it ({@code removed}), so that the ids can be counted as marks are.
   */
  public void onFreedCells(IntConsumer copied, IntConsumer removed) {
    this.freedCellCopied = copied;
    this.freedCellRemoved = removed;
  }

  /** Sets the freed-object id (a FreedTable id) of FREED cell {@code cell}. */
  public void setFreedId(int cell, int id) {
    cold[cell >>> PAGE_BITS][COLD * (cell & PAGE_MASK) + VALUE] = id;
  }

  /** Returns the freed-object id of FREED cell {@code cell} (setFreedId). */
  public int freedId(int cell) {
    return (int) coldOf(cell, VALUE);
  }

  /** Sets the value the access read or wrote, and the value a write overwrote, where known. */
  public void values(int cell, boolean hasValue, long v, boolean hasPrevious, long prev) {
    if (hasValue) {
      setFlags(cell, flagsOf(cell) | HAS_VALUE);
      cold[cell >>> PAGE_BITS][COLD * (cell & PAGE_MASK) + VALUE] = v;
    }
    if (hasPrevious) {
      setFlags(cell, flagsOf(cell) | HAS_PREVIOUS);
      cold[cell >>> PAGE_BITS][COLD * (cell & PAGE_MASK) + PREVIOUS] = prev;
    }
  }

  /** Returns the cell's flag bits ({@link #WRITE}, {@link #MARKED}, ...). */
  public int flags(int cell) {
    return flagsOf(cell);
  }

  /** Returns the cell's first byte within its granule. */
  public int offset(int cell) {
    return (flagsOf(cell) >>> OFFSET_SHIFT) & 7;
  }

  /** Returns how many of the granule's bytes the cell covers. */
  public int length(int cell) {
    return ((flagsOf(cell) >>> LENGTH_SHIFT) & 7) + 1;
  }

  /** Returns the task of the cell's access. */
  public int task(int cell) {
    return (int) (hot[cell >>> PAGE_BITS][2 * (cell & PAGE_MASK)] >>> 32);
  }

  /** Returns the epoch of the cell's access. */
  public int epoch(int cell) {
    return (int) hot[cell >>> PAGE_BITS][2 * (cell & PAGE_MASK)];
  }

  private long coldOf(int cell, int field) {
    return cold[cell >>> PAGE_BITS][COLD * (cell & PAGE_MASK) + field];
  }

  /** Returns the event id of the cell's access. */
  public long eventId(int cell) {
    return coldOf(cell, EVENT_ID);
  }

  /** Returns the first byte of the whole access (or of the freed object). */
  public long addr(int cell) {
    return coldOf(cell, ADDR);
  }

  /** Returns the size of the whole access (or of the freed object). */
  public long size(int cell) {
    return coldOf(cell, SIZE);
  }

  /** Returns the access's code location symbol. */
  public int ip(int cell) {
    return (int) (coldOf(cell, LOCATION) >> 32);
  }

  /** Returns the access's stack id. */
  public int stack(int cell) {
    return (int) coldOf(cell, LOCATION);
  }

  /** Returns the access's cpu. */
  public int cpu(int cell) {
    return (int) coldOf(cell, CPU);
  }

  /** Returns the value read or written (valid with {@link #HAS_VALUE}). */
  public long value(int cell) {
    return coldOf(cell, VALUE);
  }

  /** Returns the value a write overwrote (valid with {@link #HAS_PREVIOUS}). */
  public long previous(int cell) {
    return coldOf(cell, PREVIOUS);
  }

  /** Adds a page of cells, of singles or of blocks, and returns its first cell. */
  private int grow(boolean singles) {
    if (pages == hot.length) {
      hot = Arrays.copyOf(hot, 2 * pages);
      cold = Arrays.copyOf(cold, 2 * pages);
      shared = Arrays.copyOf(shared, 2 * pages);
    }
    hot[pages] = new long[2 * PAGE];
    cold[pages] = new long[COLD * PAGE];
    shared[pages] = singles;
    return pages++ << PAGE_BITS;
  }
}
