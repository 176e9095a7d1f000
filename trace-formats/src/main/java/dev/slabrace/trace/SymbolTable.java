package dev.slabrace.trace;

import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;

/** An interning table of strings (code locations, cache and region names) to dense {@code int} ids. */
public final class SymbolTable {
  private final Object2IntOpenHashMap<String> ids = new Object2IntOpenHashMap<>();
  private final AppendOnlyArray<String> names = new AppendOnlyArray<>();

  /** Creates an empty table. */
  public SymbolTable() {
    ids.defaultReturnValue(EventCursor.NONE);
  }

  /** Returns the id of {@code name}, adding it if it is new. */
  public int intern(String name) {
    int id = ids.getInt(name);
    if (id == EventCursor.NONE) {
      id = names.size();
      names.add(name);
      ids.put(name, id);
    }
    return id;
  }

  /** Returns the id of {@code name}, or {@link EventCursor#NONE} if it was never interned. */
  public int find(String name) {
    return ids.getInt(name);
  }

  /** Returns the string with id {@code id}. */
  public String name(int id) {
    return names.get(id);
  }

  /** Returns how many symbols the table holds. */
  public int size() {
    return names.size();
  }
}
