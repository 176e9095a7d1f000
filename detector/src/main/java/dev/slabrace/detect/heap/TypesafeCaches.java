package dev.slabrace.detect.heap;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.SymbolTable;
import java.util.Arrays;
import java.util.Set;

/**
 * The kmem_caches whose objects are SLAB_TYPESAFE_BY_RCU: those a {@code cache} event declares with
 * {@code typesafe_by_rcu}, and those named on the command line ({@code --typesafe-cache}) for traces
 * that cannot declare them. A later declaration of a cache replaces an earlier one.
 */
public final class TypesafeCaches {
  private static final byte UNKNOWN = 0;
  private static final byte NO = 1;
  private static final byte YES = 2;

  private final SymbolTable symbols;
  private final Set<String> names;
  /** Per symbol id: whether that cache is type-safe, decided on first use or by a declaration. */
  private byte[] state = new byte[64];
  private boolean any;

  /** Creates the set of the caches named {@code names}, whose symbols are in {@code symbols}. */
  public TypesafeCaches(SymbolTable symbols, Set<String> names) {
    this.symbols = symbols;
    this.names = Set.copyOf(names);
    this.any = !names.isEmpty();
  }

  /** Whether any cache is, or may be, SLAB_TYPESAFE_BY_RCU. */
  public boolean any() {
    return any;
  }

  /** A {@code cache} event declares cache symbol {@code cache} with {@code flags}. */
  public void declare(int cache, int flags) {
    boolean typesafe = (flags & EventCursor.TYPESAFE_BY_RCU) != 0;
    grow(cache);
    state[cache] = typesafe ? YES : NO;
    any |= typesafe;
  }

  /** Whether cache symbol {@code cache} (or {@link EventCursor#NONE}) is SLAB_TYPESAFE_BY_RCU. */
  public boolean contains(int cache) {
    if (!any || cache < 0) {
      return false;
    }
    grow(cache);
    if (state[cache] == UNKNOWN) {
      state[cache] = names.contains(symbols.name(cache)) ? YES : NO;
    }
    return state[cache] == YES;
  }

  private void grow(int cache) {
    if (cache >= state.length) {
      state = Arrays.copyOf(state, Math.max(2 * state.length, cache + 1));
    }
  }
}
