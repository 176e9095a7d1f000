package dev.slabrace.trace;

import java.util.HashMap;
import java.util.Map;

/** An event kind of the trace contract; each constant's {@link #wireName()} is its JSON Lines {@code op}. */
public enum Op {
  /** Optional first event carrying free-form metadata. */
  HEADER("header"),
  /** A read of {@code size} bytes at {@code addr}. */
  LOAD("load"),
  /** A write of {@code size} bytes at {@code addr}. */
  STORE("store"),
  /** An atomic read-modify-write; a failed cmpxchg ({@code ok:false}) is a load only. */
  RMW("rmw"),
  /** A memory barrier of some {@link FenceKind}. */
  FENCE("fence"),
  /** Acquire of a lock, exclusive or shared. */
  LOCK("lock"),
  /** Release of a lock, exclusive or shared. */
  UNLOCK("unlock"),
  /** kmalloc / kmem_cache_alloc returned an object. */
  ALLOC("alloc"),
  /** kfree / kmem_cache_free of an object. */
  FREE("free"),
  /** The task starts task {@code child}. */
  FORK("fork"),
  /** The task waits for task {@code child} to end. */
  JOIN("join"),
  /** Release side of a one-way ordering edge on {@code obj}. */
  SIGNAL("signal"),
  /** Acquire side of a one-way ordering edge on {@code obj}. */
  WAIT("wait"),
  /** Start of an RCU read-side critical section. */
  RCU_READ_LOCK("rcu_read_lock"),
  /** End of an RCU read-side critical section. */
  RCU_READ_UNLOCK("rcu_read_unlock"),
  /** The task starts waiting for a grace period. */
  GP_BEGIN("gp_begin"),
  /** The grace period the task waited for has ended. */
  GP_END("gp_end"),
  /** {@code gp_begin} and {@code gp_end} at one point. */
  SYNCHRONIZE_RCU("synchronize_rcu"),
  /** Queues RCU callback {@code cb}. */
  CALL_RCU("call_rcu"),
  /** Callback {@code cb} starts running on the task. */
  CB_BEGIN("cb_begin"),
  /** Callback {@code cb} has finished. */
  CB_END("cb_end"),
  /** Returns after every callback queued earlier has ended. */
  RCU_BARRIER("rcu_barrier"),
  /** Names an address range for reports. */
  REGION("region"),
  /** Declares a stack for later {@code sid} references. */
  STACK("stack"),
  /** Declares a kmem_cache and its flags ({@code typesafe_by_rcu}) before its first use. */
  CACHE("cache");

  private static final Map<String, Op> BY_WIRE_NAME = new HashMap<>();

  static {
    for (Op op : values()) {
      BY_WIRE_NAME.put(op.wireName, op);
    }
  }

  private final String wireName;

  Op(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the name of this operation in the JSON Lines contract. */
  public String wireName() {
    return wireName;
  }

  /** Returns the operation with this wire name, or {@code null} if there is none. */
  public static Op fromWireName(String name) {
    return BY_WIRE_NAME.get(name);
  }

  /** Whether this event reads or writes memory at {@code addr}. */
  public boolean isAccess() {
    return this == LOAD || this == STORE || this == RMW;
  }

  /** Whether this event carries no task: trace metadata rather than execution. */
  public boolean isMetadata() {
    return this == HEADER || this == REGION || this == STACK || this == CACHE;
  }
}
