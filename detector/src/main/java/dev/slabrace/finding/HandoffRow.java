package dev.slabrace.finding;

/**
 * One row of the handoff table: objects allocated at one site and freed at another by a different
 * task, and how many of those crossings an observed happens-before path ordered.
 *
 * @param allocSite the allocation's code location
 * @param freeSite the free's code location
 * @param crossed objects freed by a task other than the allocating one
 * @param ordered crossings where the allocation happens before the free
 * @param unordered crossings with no such ordering
 */
public record HandoffRow(String allocSite, String freeSite, long crossed, long ordered,
    long unordered) {}
