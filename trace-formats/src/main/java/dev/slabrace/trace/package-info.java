/**
 * The event model shared by every trace format: the wire operations ({@link dev.slabrace.trace.Op}),
 * the reused {@link dev.slabrace.trace.EventCursor} that readers fill and the engine consumes, the
 * interning tables for names, tasks and stacks, and the {@link dev.slabrace.trace.EventSource}
 * contract, and {@link dev.slabrace.trace.TraceStats}, what a trace holds; besides, the helpers every
 * layer above shares: {@link dev.slabrace.trace.Printable} escapes trace text for a line of output,
 * {@link dev.slabrace.trace.Failures} rethrows a failure caught on another thread. One sub-package
 * per format holds its reader and writer, and {@code io} the byte-level
 * input they share. Apart from {@link dev.slabrace.trace.Traces}, which detects the format and so knows
 * the format packages, this package depends on nothing but the JDK and fastutil.
 */
package dev.slabrace.trace;
