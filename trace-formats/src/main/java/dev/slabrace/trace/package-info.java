/**
 * The event model shared by every trace format: the wire operations ({@link dev.slabrace.trace.Op}),
 * the reused {@link dev.slabrace.trace.EventCursor} that readers fill and the engine consumes, the
 * interning tables for names, tasks and stacks, the {@link dev.slabrace.trace.EventSource} contract,
 * and {@link dev.slabrace.trace.TraceStats}, what a trace holds; besides, the helpers every layer
 * above shares: {@link dev.slabrace.trace.Printable} escapes trace text for a line of output,
 * {@link dev.slabrace.trace.Failures} rethrows a failure caught on another thread.
 *
 * <p>One sub-package per format holds its reader and writer; {@link dev.slabrace.trace.TraceFormat}
 * is their registry, in sniffing order, with each format's sniffer and reader and writer factories,
 * and {@link dev.slabrace.trace.Traces} (open by content) and {@link dev.slabrace.trace.TraceOutputs}
 * (write by file name) know the formats only through it: a new format is a new package and one enum
 * constant ({@code trace-formats/spec/README.md}). Every reader extends {@link
 * dev.slabrace.trace.TraceReader}, the skeleton that holds the tables, name, lenient flag and skipped
 * count; wrappers extend {@link dev.slabrace.trace.ForwardingEventSource}. {@code io} holds the byte
 * level the readers share: the one line splitter, the one byte interner, the word-at-a-time toolkit
 * and gzip. Apart from the registry, which knows the format packages, this package depends on
 * nothing but the JDK and fastutil.
 */
package dev.slabrace.trace;
