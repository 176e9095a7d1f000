package dev.slabrace.trace.ftrace;

import dev.slabrace.trace.SymbolTable;

/**
 * A cache of names that occur as regions of ftrace lines (event names, call sites, cache names): a
 * region seen before gives back its String, or the symbol it was interned as, without a substring.
 * It holds at most {@link #MAX_ENTRIES} names; past that, regions are simply cut out as before.
 */
final class RegionCache {
  /** What {@link #symbol} would intern past this many names, it interns without caching. */
  static final int MAX_ENTRIES = 1 << 16;
  /** Characters hashed at each end of a region: call sites differ at their ends, names anywhere. */
  private static final int HASHED = 8;

  /*
   * Implementation notes: open addressing with linear probing, at most half full, keyed by a hash of
   * the region's length and first and last characters; a hit is confirmed with regionMatches.
   */

  private String[] keys = new String[64];
  private int[] hashes = new int[64];
  private int[] ids = new int[64];
  private int mask = 63;
  private int size;

  /** Returns {@code s.substring(from, to)}, the same String for the same characters. */
  String name(String s, int from, int to) {
    int h = hash(s, from, to);
    int slot = find(s, from, to, h);
    if (keys[slot] != null) {
      return keys[slot];
    }
    String name = s.substring(from, to);
    add(slot, name, h, -1);
    return name;
  }

  /** Returns the id of {@code s.substring(from, to)} in {@code symbols}, interning it if new. */
  int symbol(String s, int from, int to, SymbolTable symbols) {
    int h = hash(s, from, to);
    int slot = find(s, from, to, h);
    if (keys[slot] != null) {
      return ids[slot];
    }
    String name = s.substring(from, to);
    int id = symbols.intern(name);
    add(slot, name, h, id);
    return id;
  }

  /** Returns the slot holding the region, or the empty slot where it would go. */
  private int find(String s, int from, int to, int h) {
    int len = to - from;
    for (int slot = h & mask; ; slot = (slot + 1) & mask) {
      String k = keys[slot];
      if (k == null || (hashes[slot] == h && k.length() == len && s.regionMatches(from, k, 0, len))) {
        return slot;
      }
    }
  }

  private void add(int slot, String name, int h, int id) {
    if (size == MAX_ENTRIES) {
      return;
    }
    keys[slot] = name;
    hashes[slot] = h;
    ids[slot] = id;
    if (2 * ++size > mask + 1) {
      String[] oldKeys = keys;
      int[] oldHashes = hashes;
      int[] oldIds = ids;
      keys = new String[oldKeys.length * 2];
      hashes = new int[keys.length];
      ids = new int[keys.length];
      mask = keys.length - 1;
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldKeys[i] != null) {
          int s = oldHashes[i] & mask;
          while (keys[s] != null) {
            s = (s + 1) & mask;
          }
          keys[s] = oldKeys[i];
          hashes[s] = oldHashes[i];
          ids[s] = oldIds[i];
        }
      }
    }
  }

  /** Hashes the length and at most the first and last {@link #HASHED} characters. */
  private static int hash(String s, int from, int to) {
    int h = to - from;
    int headEnd = Math.min(to, from + HASHED);
    for (int i = from; i < headEnd; i++) {
      h = 31 * h + s.charAt(i);
    }
    for (int i = Math.max(headEnd, to - HASHED); i < to; i++) {
      h = 31 * h + s.charAt(i);
    }
    return h ^ (h >>> 16);
  }
}
