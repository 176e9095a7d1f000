package dev.slabrace.trace.std;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.SymbolTable;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.Arrays;

/**
 * The symbols of STD code locations, {@code loc:<loc>}: a location seen before maps to its symbol
 * through a dense array (small non-negative locations, the usual case) or a primitive map, with no
 * String built.
 */
final class LocationSymbols {
  private final SymbolTable symbols;
  private final int denseLimit;
  private final Long2IntOpenHashMap sparse = new Long2IntOpenHashMap();
  /** Symbol + 1 of each location below the array's length; 0 for one not seen yet. */
  private int[] dense = new int[1024];

  /** Creates the map into {@code symbols}, keeping locations below {@code denseLimit} in an array. */
  LocationSymbols(SymbolTable symbols, int denseLimit) {
    this.symbols = symbols;
    this.denseLimit = denseLimit;
    sparse.defaultReturnValue(EventCursor.NONE);
  }

  /** Returns the symbol id of location {@code loc}, interning it if it is new. */
  int symbol(long loc) {
    if (loc >= 0 && loc < dense.length) {
      int s = dense[(int) loc] - 1;
      return s >= 0 ? s : denseMiss((int) loc);
    }
    if (loc >= 0 && loc < denseLimit) {
      dense = Arrays.copyOf(dense, (int) Math.min(denseLimit, Math.max(loc + 1, 2L * dense.length)));
      return denseMiss((int) loc);
    }
    int s = sparse.get(loc);
    if (s == EventCursor.NONE) {
      s = symbols.intern(StdEventSource.LOCATION_PREFIX + loc);
      sparse.put(loc, s);
    }
    return s;
  }

  private int denseMiss(int loc) {
    int s = symbols.intern(StdEventSource.LOCATION_PREFIX + loc);
    dense[loc] = s + 1;
    return s;
  }
}
