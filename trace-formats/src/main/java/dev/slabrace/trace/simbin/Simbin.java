package dev.slabrace.trace.simbin;

import dev.slabrace.trace.FenceKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.RegionClass;

/**
 * The constants of the simbin format ({@code trace-formats/spec/simbin.md}): magic, record kinds, field
 * bits, the byte codes of the model's enums, and limits. Codes are listed here explicitly, never
 * derived from enum order, so reordering an enum cannot change the format.
 */
final class Simbin {
  private Simbin() {}

  /** The first 8 bytes of every simbin file. */
  static final byte[] MAGIC = {(byte) 0x89, 'S', 'R', 'B', '\r', '\n', 0x1a, '\n'};
  /** The format version this code writes; it reads this one and {@link #VERSION_1}. */
  static final int VERSION = 2;
  /** The first version: no {@code cache} records, no data dependencies, no cache flags. */
  static final int VERSION_1 = 1;

  /** Record kind: a symbol definition. */
  static final int KIND_SYMBOL = 0x40;
  /** Record kind: a task definition. */
  static final int KIND_TASK = 0x41;
  /** Record kind: a stack definition. */
  static final int KIND_STACK = 0x42;
  /** Record kind: the trailer. */
  static final int KIND_TRAILER = 0xff;

  /** Event record kinds 1..25, by kind; index 0 is no event. Kind 25 (cache) is from version 2. */
  static final Op[] OPS = {null, Op.HEADER, Op.LOAD, Op.STORE, Op.RMW, Op.FENCE, Op.LOCK, Op.UNLOCK,
      Op.ALLOC, Op.FREE, Op.FORK, Op.JOIN, Op.SIGNAL, Op.WAIT, Op.RCU_READ_LOCK, Op.RCU_READ_UNLOCK,
      Op.GP_BEGIN, Op.GP_END, Op.SYNCHRONIZE_RCU, Op.CALL_RCU, Op.CB_BEGIN, Op.CB_END,
      Op.RCU_BARRIER, Op.REGION, Op.STACK, Op.CACHE};
  /** The highest event record kind. */
  static final int MAX_EVENT_KIND = OPS.length - 1;
  /** The highest event record kind of version 1. */
  static final int MAX_EVENT_KIND_V1 = 24;
  /** Memory orders by their 3-bit code in the attributes byte. */
  static final MemOrder[] MEM_ORDERS = {MemOrder.PLAIN, MemOrder.ONCE, MemOrder.ACQUIRE,
      MemOrder.RELEASE, MemOrder.RELAXED, MemOrder.FULL, MemOrder.DATA_RACE};
  /** Fence kinds by their byte code. */
  static final FenceKind[] FENCES = {FenceKind.MB, FenceKind.WMB, FenceKind.RMB, FenceKind.ACQUIRE,
      FenceKind.RELEASE, FenceKind.BEFORE_ATOMIC, FenceKind.AFTER_ATOMIC};
  /** Region classes by their byte code. */
  static final RegionClass[] REGION_CLASSES = {RegionClass.SLAB_META, RegionClass.OBJ_EXT,
      RegionClass.OBJECT, RegionClass.USER};

  /** Field bit: the task, as id+1. */
  static final int F_TASK = 1;
  /** Field bit: the address, zigzag delta from the task's last address. */
  static final int F_ADDR = 1 << 1;
  /** Field bit: the size, a varint. */
  static final int F_SIZE = 1 << 2;
  /** Field bit: the code location symbol, as id+1. */
  static final int F_IP = 1 << 3;
  /** Field bit: the value, zigzag. */
  static final int F_VALUE = 1 << 4;
  /** Field bit: the attributes byte. */
  static final int F_ATTR = 1 << 5;
  /** Field bit: the cpu, zigzag. */
  static final int F_CPU = 1 << 6;
  /** Field bit: the key, zigzag delta from the last key. */
  static final int F_KEY = 1 << 7;
  /** Field bit: the timestamp, zigzag delta from the last timestamp. */
  static final int F_TS = 1 << 8;
  /** Field bit: the stack, as id+1. */
  static final int F_STACK = 1 << 9;
  /** Field bit: the old value, zigzag. */
  static final int F_OLD = 1 << 10;
  /** Field bit: the address dependency, zigzag of id - dep. */
  static final int F_DEP = 1 << 11;
  /** Field bit: the control dependency, zigzag of id - ctrl. */
  static final int F_CTRL = 1 << 12;
  /** Field bit: the store read from, zigzag of id - rf. */
  static final int F_RF = 1 << 13;
  /** Field bit: the fence kind byte. */
  static final int F_FENCE = 1 << 14;
  /** Field bit: the cache name symbol, as id+1. */
  static final int F_CACHE = 1 << 15;
  /** Field bit: the child task, as id+1. */
  static final int F_CHILD = 1 << 16;
  /** Field bit: the region name symbol, as id+1. */
  static final int F_NAME = 1 << 17;
  /** Field bit: the region class byte. */
  static final int F_CLASS = 1 << 18;
  /** Field bit: the id, zigzag delta from the previous id + 1. */
  static final int F_ID = 1 << 19;
  /** Field bit: header metadata, a count and key/value string pairs. */
  static final int F_META = 1 << 20;
  /** Field bit (version 2): the data dependency, zigzag of id - data. */
  static final int F_DATA = 1 << 21;
  /** Field bit (version 2): the cache flags of a cache record, a varint. */
  static final int F_FLAGS = 1 << 22;
  /** Every defined field bit. */
  static final int ALL_FIELDS = (1 << 23) - 1;
  /** Every field bit of version 1. */
  static final int ALL_FIELDS_V1 = (1 << 21) - 1;
  /** The cache flags this version defines: typesafe_by_rcu. */
  static final int CACHE_FLAGS = 1;
  /** The field bits that fit in a one-byte mask; any other bit takes the slower path. */
  static final int COMMON_FIELDS = 0x7f;

  /** Attributes: the memory order code. */
  static final int ATTR_MO = 0x07;
  /** Attributes: the RMW failed. */
  static final int ATTR_FAILED = 0x08;
  /** Attributes: shared lock mode. */
  static final int ATTR_SHARED = 0x10;
  /** Attributes: the key is a symbol id. */
  static final int ATTR_KEY_IS_NAME = 0x20;
  /** Attributes: bits that must be zero. */
  static final int ATTR_RESERVED = 0xc0;

  /** The longest string, in UTF-8 bytes. */
  static final int MAX_STRING = 1 << 16;
  /** The most frames a stack may have. */
  static final int MAX_FRAMES = 4096;
  /** The most metadata pairs a header may have. */
  static final int MAX_PAIRS = 4096;
  /** The longest varint, in bytes. */
  static final int MAX_VARINT = 10;
  /** An upper bound on an event record's length without metadata: kind, mask and every field. */
  static final int MAX_EVENT_BYTES = 256;

  /** Event record kind of each op, by {@link Op#ordinal()}. */
  static final int[] KIND_OF_OP = new int[Op.values().length];
  /** Attributes code of each memory order, by {@link MemOrder#ordinal()}. */
  static final int[] MO_CODE = new int[MemOrder.values().length];
  /** Byte code of each fence kind, by {@link FenceKind#ordinal()}. */
  static final int[] FENCE_CODE = new int[FenceKind.values().length];
  /** Byte code of each region class, by {@link RegionClass#ordinal()}. */
  static final int[] CLASS_CODE = new int[RegionClass.values().length];
  /** The attributes byte an event of each kind has when the byte is absent. */
  static final int[] DEFAULT_ATTR = new int[OPS.length];

  static {
    for (int c = 0; c < MEM_ORDERS.length; c++) {
      MO_CODE[MEM_ORDERS[c].ordinal()] = c;
    }
    for (int k = 1; k < OPS.length; k++) {
      KIND_OF_OP[OPS[k].ordinal()] = k;
      DEFAULT_ATTR[k] = MO_CODE[(OPS[k] == Op.RMW ? MemOrder.FULL : MemOrder.PLAIN).ordinal()];
    }
    for (int c = 0; c < FENCES.length; c++) {
      FENCE_CODE[FENCES[c].ordinal()] = c;
    }
    for (int c = 0; c < REGION_CLASSES.length; c++) {
      CLASS_CODE[REGION_CLASSES[c].ordinal()] = c;
    }
  }

  /** Maps a signed value to an unsigned one with small magnitudes small. */
  static long zigzag(long n) {
    return (n << 1) ^ (n >> 63);
  }

  /** Inverts {@link #zigzag}. */
  static long unzigzag(long z) {
    return (z >>> 1) ^ -(z & 1);
  }
}
