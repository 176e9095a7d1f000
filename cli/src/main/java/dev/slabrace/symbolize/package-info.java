/**
 * Symbolisation ({@code analyze --vmlinux}): frames such as {@code kmem_cache_free+0x1c/0x80} become
 * addresses through the kernel's symbols ({@code --kallsyms} or System.map), and addresses become
 * file:line and inlined calls through the vmlinux's DWARF line tables, read by llvm-symbolizer or
 * addr2line running as one subprocess for the whole run ({@link dev.slabrace.symbolize.LineTables}).
 * {@link dev.slabrace.symbolize.SymbolizingReporter} puts the result on each finding's accesses
 * ({@link dev.slabrace.finding.FrameSource}) before any reporter sees them. Depends on the report model
 * and the kernel symbols of the trace model.
 */
package dev.slabrace.symbolize;
