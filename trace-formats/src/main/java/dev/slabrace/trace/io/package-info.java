/**
 * Byte-level input for text trace formats: {@link dev.slabrace.trace.io.LineReader} splits a stream
 * into lines in one reused buffer, {@link dev.slabrace.trace.io.Gzip} recognises compressed input by
 * its magic bytes and decompresses it member after member, checking each and rejecting data after
 * the last, and {@link dev.slabrace.trace.io.InternCache} maps names in a reader's buffer to the ids
 * they were interned as without building Strings. Problems with the input itself (an overlong line,
 * a truncated or corrupt gzip stream, data after its last member) become
 * {@link dev.slabrace.trace.TraceFormatException}s naming the file and line. This package depends
 * only on the JDK and the exception type of {@code dev.slabrace.trace}.
 */
package dev.slabrace.trace.io;
