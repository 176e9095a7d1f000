package dev.slabrace.trace.jsonl;

import static dev.slabrace.trace.jsonl.Field.ADDR;
import static dev.slabrace.trace.jsonl.Field.CACHE;
import static dev.slabrace.trace.jsonl.Field.CB;
import static dev.slabrace.trace.jsonl.Field.CHILD;
import static dev.slabrace.trace.jsonl.Field.CLASS;
import static dev.slabrace.trace.jsonl.Field.CPU;
import static dev.slabrace.trace.jsonl.Field.CTRL;
import static dev.slabrace.trace.jsonl.Field.DATA;
import static dev.slabrace.trace.jsonl.Field.DEP;
import static dev.slabrace.trace.jsonl.Field.FLAGS;
import static dev.slabrace.trace.jsonl.Field.FRAMES;
import static dev.slabrace.trace.jsonl.Field.ID;
import static dev.slabrace.trace.jsonl.Field.IP;
import static dev.slabrace.trace.jsonl.Field.KIND;
import static dev.slabrace.trace.jsonl.Field.LOCK;
import static dev.slabrace.trace.jsonl.Field.MO;
import static dev.slabrace.trace.jsonl.Field.MODE;
import static dev.slabrace.trace.jsonl.Field.NAME;
import static dev.slabrace.trace.jsonl.Field.NEW;
import static dev.slabrace.trace.jsonl.Field.OBJ;
import static dev.slabrace.trace.jsonl.Field.OK;
import static dev.slabrace.trace.jsonl.Field.OLD;
import static dev.slabrace.trace.jsonl.Field.PTR;
import static dev.slabrace.trace.jsonl.Field.RF;
import static dev.slabrace.trace.jsonl.Field.SID;
import static dev.slabrace.trace.jsonl.Field.SIZE;
import static dev.slabrace.trace.jsonl.Field.STACK;
import static dev.slabrace.trace.jsonl.Field.TID;
import static dev.slabrace.trace.jsonl.Field.TS;
import static dev.slabrace.trace.jsonl.Field.VAL;

import dev.slabrace.trace.EventRules;
import dev.slabrace.trace.Op;

/**
 * The table of the fields each op takes and requires, and of its size limits. A field an op does not take
 * is skipped like an unknown field. The header is not listed: all of its fields are metadata.
 */
final class OpFields {
  /** The largest access: a page. */
  static final long MAX_ACCESS_SIZE = EventRules.MAX_ACCESS_SIZE;
  /** The largest object or region: 2^40 bytes (1 TiB). */
  static final long MAX_OBJECT_SIZE = EventRules.MAX_OBJECT_SIZE;

  private static final int COMMON = mask(ID, TID, CPU, TS, IP, STACK, SID);
  private static final int[] TAKES = new int[Op.values().length];
  private static final int[] REQUIRES = new int[Op.values().length];

  static {
    rule(Op.LOAD, mask(ADDR, SIZE, VAL, MO, DEP, CTRL, RF), mask(ADDR, SIZE));
    rule(Op.STORE, mask(ADDR, SIZE, VAL, MO, DEP, DATA, CTRL), mask(ADDR, SIZE));
    rule(Op.RMW, mask(ADDR, SIZE, OLD, NEW, MO, OK, DEP, DATA, CTRL, RF), mask(ADDR, SIZE));
    rule(Op.FENCE, mask(KIND), mask(KIND));
    rule(Op.LOCK, mask(LOCK, MODE), mask(LOCK));
    rule(Op.UNLOCK, mask(LOCK, MODE), mask(LOCK));
    rule(Op.ALLOC, mask(PTR, SIZE, CACHE), mask(PTR, SIZE));
    rule(Op.FREE, mask(PTR, SIZE, CACHE), mask(PTR));
    rule(Op.FORK, mask(CHILD), mask(CHILD));
    rule(Op.JOIN, mask(CHILD), mask(CHILD));
    rule(Op.SIGNAL, mask(OBJ), mask(OBJ));
    rule(Op.WAIT, mask(OBJ), mask(OBJ));
    for (Op op : new Op[] {Op.RCU_READ_LOCK, Op.RCU_READ_UNLOCK, Op.GP_BEGIN, Op.GP_END,
        Op.SYNCHRONIZE_RCU, Op.RCU_BARRIER}) {
      rule(op, 0, 0);
    }
    rule(Op.CALL_RCU, mask(CB), mask(CB));
    rule(Op.CB_BEGIN, mask(CB), mask(CB));
    rule(Op.CB_END, mask(CB), mask(CB));
    TAKES[Op.REGION.ordinal()] = mask(ID, ADDR, SIZE, NAME, CLASS);
    REQUIRES[Op.REGION.ordinal()] = mask(ADDR, SIZE, NAME);
    TAKES[Op.STACK.ordinal()] = mask(ID, SID, FRAMES);
    REQUIRES[Op.STACK.ordinal()] = mask(SID, FRAMES);
    TAKES[Op.CACHE.ordinal()] = mask(ID, NAME, FLAGS);
    REQUIRES[Op.CACHE.ordinal()] = mask(NAME);
  }

  private OpFields() {}

  /** Returns the mask of fields that {@code op} reads. */
  static int takes(Op op) {
    return TAKES[op.ordinal()];
  }

  /** Returns the mask of fields that {@code op} must have. */
  static int requires(Op op) {
    return REQUIRES[op.ordinal()];
  }

  /** Returns the largest {@code size} that {@code op} accepts. */
  static long maxSize(Op op) {
    return op.isAccess() ? MAX_ACCESS_SIZE : MAX_OBJECT_SIZE;
  }

  /** An execution event: the common fields plus its own; it always requires a task. */
  private static void rule(Op op, int own, int required) {
    TAKES[op.ordinal()] = COMMON | own;
    REQUIRES[op.ordinal()] = TID.bit | required;
  }

  private static int mask(Field... fields) {
    int mask = 0;
    for (Field f : fields) {
      mask |= f.bit;
    }
    return mask;
  }
}
