package dev.slabrace.trace.kernel;

/**
 * What the user gave about the kernel beside a trace: the kprobe definitions it was captured with and
 * its symbol addresses.
 *
 * @param kprobes the kprobe events ({@code --kprobe-events}), or {@link KprobeDefinitions#NONE}
 * @param symbols the symbols ({@code --kallsyms}), or {@link KernelSymbols#NONE}
 */
public record KernelInputs(KprobeDefinitions kprobes, KernelSymbols symbols) {
  /** Nothing given. */
  public static final KernelInputs NONE = new KernelInputs(KprobeDefinitions.NONE, KernelSymbols.NONE);
}
