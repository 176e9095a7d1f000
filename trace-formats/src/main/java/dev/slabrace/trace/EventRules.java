package dev.slabrace.trace;

/**
 * What every event must hold for the analysis, whatever format it came in: the fields its op needs
 * and the limits of sizes and addresses. JSON Lines checks the same rules field by field as it reads;
 * the binary format carries any field on any event, so its events are checked here (see
 * {@link CheckedEventSource}).
 */
public final class EventRules {
  /** The largest memory access, in bytes: a page. */
  public static final long MAX_ACCESS_SIZE = 4096;
  /** The largest object or region, in bytes: 2^40 (1 TiB). */
  public static final long MAX_OBJECT_SIZE = 1L << 40;

  private EventRules() {}

  /** Returns what is wrong with the event in {@code c}, or null if it is well-formed. */
  public static String problem(EventCursor c) {
    Op op = c.op;
    switch (op) {
      case HEADER, STACK -> {
        return null;
      }
      case REGION -> {
        return c.name == EventCursor.NONE ? "region without a name"
            : extent(c, "addr", 1, MAX_OBJECT_SIZE);
      }
      case CACHE -> {
        return c.name == EventCursor.NONE ? "cache without a name" : null;
      }
      default -> { }
    }
    if (c.task == EventCursor.NONE) {
      return op.wireName() + " without a task";
    }
    return switch (op) {
      case LOAD, STORE, RMW -> extent(c, "addr", 1, MAX_ACCESS_SIZE);
      case ALLOC -> extent(c, "ptr", 1, MAX_OBJECT_SIZE);
      case FREE -> extent(c, "ptr", 0, MAX_OBJECT_SIZE);
      case FENCE -> c.fence == null ? "fence without a kind" : null;
      case FORK, JOIN -> c.child == EventCursor.NONE ? op.wireName() + " without a child task" : null;
      default -> null;
    };
  }

  /** Checks the size against [min, max] and that the bytes do not run past 2^64. */
  private static String extent(EventCursor c, String field, long min, long max) {
    if (c.size < min || c.size > max) {
      return c.op.wireName() + " of size " + Long.toUnsignedString(c.size) + " (expected " + min
          + " to " + max + ")";
    }
    if (c.size > 0 && Long.compareUnsigned(c.addr, -c.size) > 0) {
      return field + " 0x" + Long.toHexString(c.addr) + " with size " + c.size
          + " runs past the end of the address space";
    }
    return null;
  }
}
