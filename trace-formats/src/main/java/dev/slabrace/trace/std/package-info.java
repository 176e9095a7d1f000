/**
 * RAPID's STD text trace format ({@code trace-formats/spec/std.md}): {@link
 * dev.slabrace.trace.std.StdEventSource} reads {@code <thread>|<op>(<decor>)|<loc>} lines straight
 * from a byte buffer, interning thread, variable and lock names without building a String for a name
 * seen before; {@link dev.slabrace.trace.std.StdGenerator} writes seeded synthetic traces of any
 * length for tests and benchmarks. Depends on the event model and fastutil only.
 */
package dev.slabrace.trace.std;
