/**
 * The byte level that every reader shares, each concern once: {@link
 * dev.slabrace.trace.io.LineReader} is the one line splitter, splitting a stream into lines in one
 * reused buffer with the options a format needs ({@link dev.slabrace.trace.io.LineOptions}: the
 * longest line and what a longer one does, and what the search for a line's end notes on the way,
 * in the word-at-a-time kernels of {@code LineScan}); {@link dev.slabrace.trace.io.ByteInterner} is
 * the one interner of names looked up straight from a reader's buffer; {@link
 * dev.slabrace.trace.io.Swar} is the byte toolkit (eight bytes at a time: loads, broadcast bytes,
 * zero-byte tests), so no reader declares its own word constants; {@link dev.slabrace.trace.io.Gzip}
 * recognises compressed input by its magic bytes and decompresses it member after member, checking
 * each and rejecting data after the last; {@link dev.slabrace.trace.io.TraceInput} holds an input's
 * first bytes for format detection. Problems with the input itself (an overlong line, a truncated or
 * corrupt gzip stream, data after its last member) become {@link
 * dev.slabrace.trace.TraceFormatException}s naming the file and line. This package depends only on
 * the JDK and the exception type of {@code dev.slabrace.trace}.
 */
package dev.slabrace.trace.io;
