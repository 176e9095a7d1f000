/**
 * RAPID's STD text trace format ({@code trace-formats/spec/std.md}): {@link
 * dev.slabrace.trace.std.StdEventSource} reads {@code <thread>|<op>(<decor>)|<loc>} lines straight
 * from the shared line splitter's buffer (trimmed lines, whitespace inside noted by the scan),
 * interning thread, variable and lock names once each in byte interners, without building a String
 * for a name seen before. Package-private: {@code StdSniffer} tells the format by its first line,
 * {@code StdOps} the operation names, {@code StdBatch} a run of parsed events whose variables are
 * interned together, {@code LocationSymbols} the code locations' symbols and {@code Text} the byte
 * ranges of messages. The synthetic trace generator {@code StdGenerator} is a test fixture, not part
 * of this package's main code. Depends on the event model, {@code dev.slabrace.trace.io} and fastutil.
 */
package dev.slabrace.trace.std;
