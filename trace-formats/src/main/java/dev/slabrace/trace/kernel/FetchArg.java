package dev.slabrace.trace.kernel;

/**
 * One fetch argument of a kprobe event, {@code NAME=FETCH[:TYPE]}: the field name its value is printed
 * under, what it fetches, and its type.
 *
 * @param name the field name in the trace line ({@code argN} when the definition gave none)
 * @param fetch what it fetches
 * @param type the type as written ({@code x64} when the definition gave none, the 64-bit default)
 * @param size how many bytes a memory fetch of this type reads; 0 when unknown (strings)
 * @param numeric whether the trace prints the value as a number ({@code uN}, {@code sN}, {@code xN})
 */
public record FetchArg(String name, Fetch fetch, String type, int size, boolean numeric) {
  /** Whether the printed value is a whole 64-bit number, so it can be an address. */
  public boolean fullWidth() {
    return numeric && size == Long.BYTES;
  }
}
