package dev.slabrace.trace.jsonl;

import com.fasterxml.jackson.core.io.SerializedString;

/** A field of a JSON Lines event that the format defines (everything but {@code op}), with its bit. */
enum Field {
  /** Explicit event id. */
  ID("id"),
  /** Task id: number or string. */
  TID("tid"),
  /** CPU number. */
  CPU("cpu"),
  /** Timestamp in ns. */
  TS("ts"),
  /** Code location. */
  IP("ip"),
  /** Inline stack: array of frames. */
  STACK("stack"),
  /** Reference to, or for a {@code stack} event the declaration of, a stack id. */
  SID("sid"),
  /** Access or region address. */
  ADDR("addr"),
  /** Allocated or freed object. */
  PTR("ptr"),
  /** Size in bytes. */
  SIZE("size"),
  /** Value a load read or a store wrote. */
  VAL("val"),
  /** Value an RMW read. */
  OLD("old"),
  /** Value an RMW wrote. */
  NEW("new"),
  /** Access marking. */
  MO("mo"),
  /** Whether an RMW succeeded. */
  OK("ok"),
  /** Address dependency on an earlier load. */
  DEP("dep"),
  /** Control dependency on an earlier load. */
  CTRL("ctrl"),
  /** The store a load read from. */
  RF("rf"),
  /** Fence kind. */
  KIND("kind"),
  /** Lock key. */
  LOCK("lock"),
  /** Lock mode: excl or shared. */
  MODE("mode"),
  /** Signal/wait object key. */
  OBJ("obj"),
  /** RCU callback key. */
  CB("cb"),
  /** Forked or joined task. */
  CHILD("child"),
  /** Slab cache name. */
  CACHE("cache"),
  /** Region name. */
  NAME("name"),
  /** Region class. */
  CLASS("class"),
  /** Frames of a {@code stack} event. */
  FRAMES("frames"),
  /** Data dependency of a store on an earlier load. */
  DATA("data"),
  /** Flags of a {@code cache} event. */
  FLAGS("flags");

  /** The field's JSON name. */
  final String wireName;
  /** The field's bit in a presence mask. */
  final int bit;
  /** The JSON name, pre-encoded for the writer. */
  final SerializedString serialized;

  Field(String wireName) {
    this.wireName = wireName;
    this.bit = 1 << ordinal();
    this.serialized = new SerializedString(wireName);
  }

  /** Returns the field with this JSON name, or {@code null} for {@code op} and unknown names. */
  static Field of(String name) {
    return switch (name) {
      case "id" -> ID;
      case "tid" -> TID;
      case "cpu" -> CPU;
      case "ts" -> TS;
      case "ip" -> IP;
      case "stack" -> STACK;
      case "sid" -> SID;
      case "addr" -> ADDR;
      case "ptr" -> PTR;
      case "size" -> SIZE;
      case "val" -> VAL;
      case "old" -> OLD;
      case "new" -> NEW;
      case "mo" -> MO;
      case "ok" -> OK;
      case "dep" -> DEP;
      case "ctrl" -> CTRL;
      case "rf" -> RF;
      case "kind" -> KIND;
      case "lock" -> LOCK;
      case "mode" -> MODE;
      case "obj" -> OBJ;
      case "cb" -> CB;
      case "child" -> CHILD;
      case "cache" -> CACHE;
      case "name" -> NAME;
      case "class" -> CLASS;
      case "frames" -> FRAMES;
      case "data" -> DATA;
      case "flags" -> FLAGS;
      default -> null;
    };
  }

  /** Returns the lowest-numbered field whose bit is set in {@code mask}. */
  static Field first(int mask) {
    return values()[Integer.numberOfTrailingZeros(mask)];
  }

  @Override
  public String toString() {
    return wireName;
  }
}
