/**
 * The ftrace text format ({@code trace-formats/spec/ftrace.md}): {@link
 * dev.slabrace.trace.ftrace.FtraceEventSource} streams the tracefs {@code trace} file or {@code
 * trace-cmd report} output into the event model, split into lines by the shared {@code
 * io.LineReader} (which flags overlong lines and NUL bytes and tells printable lines), and {@link
 * dev.slabrace.trace.ftrace.FtraceEventSource#sniff} tells such a file from the others. The
 * package-private classes split the reader by concern: the line prefix ({@code FtraceLineScanner}),
 * the key=value payload ({@code Payload}), execution contexts as tasks ({@code FtraceTasks}), one
 * mapper per event family (heap, ordering edges, lockdep, user-added accesses) and the notes about
 * lost or missing evidence ({@code Evidence}). The common lines take a byte-level fast path first
 * ({@code FastPath}, with {@code BytePrefix} and {@code FastPayload}), which maps them into the same
 * state with no String per line and leaves every other line to the classes above. Depends on the
 * event model, {@code dev.slabrace.trace.io}, {@code dev.slabrace.trace.kernel} and fastutil.
 */
package dev.slabrace.trace.ftrace;
