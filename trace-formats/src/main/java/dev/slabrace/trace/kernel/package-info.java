/**
 * What the user tells slabrace about the kernel beside the trace: its symbol addresses
 * ({@link dev.slabrace.trace.kernel.KernelSymbols}, from {@code /proc/kallsyms} or {@code System.map})
 * and the kprobe events it was traced with ({@link dev.slabrace.trace.kernel.KprobeDefinitions}, from
 * the text written to tracefs {@code kprobe_events}). Readers use them to turn kprobe fetch arguments
 * into loads; reporters use the symbols to find frames in the kernel image. Errors name the file and
 * line ({@link dev.slabrace.trace.TraceFormatException}). Depends on the event model's exception only.
 */
package dev.slabrace.trace.kernel;
