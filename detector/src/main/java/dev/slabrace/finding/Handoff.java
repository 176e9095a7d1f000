package dev.slabrace.finding;

import java.util.Optional;

/**
 * How the later task of a finding got hold of the object: the object's allocation, the store that
 * published its address, the load on the later task that read it, and the ordering edge that is
 * missing.
 *
 * @param object what the object is ({@code kmalloc-64 object 0xffff888100a3c000})
 * @param allocation the allocation event
 * @param store the store of the object's address that the load read, if the trace shows it
 * @param load the later task's load of the object's address, if the trace shows it
 * @param missingEdge what is missing (the report says how to add it)
 */
public record Handoff(
    String object, Access allocation, Optional<Access> store, Optional<Access> load,
    MissingEdge missingEdge) {}
