/**
 * The JSON Lines trace format ({@code trace-formats/spec/jsonl.md}): {@link
 * dev.slabrace.trace.jsonl.JsonlEventSource} streams a file's events into a reused cursor: an ordinary
 * line is decoded straight from its bytes ({@code ByteDecoder}), anything else — rare ops, unusual
 * spellings, every malformed line — with jackson-core's streaming parser, one short-lived parser per
 * line and no object tree, which also words every error; {@link
 * dev.slabrace.trace.jsonl.JsonlEventWriter} writes cursors back in canonical form. The package-private
 * classes split the reader by concern: which fields each op takes ({@code OpFields}), typed value reads
 * ({@code JsonValues}), task and stack-id keys, header metadata, and the per-line decoder. Lines come
 * from the shared {@code io.LineReader}; names seen before are found by their bytes in {@code
 * io.ByteInterner}s. Depends on the event model, {@code dev.slabrace.trace.io}, jackson-core and
 * fastutil.
 */
package dev.slabrace.trace.jsonl;
