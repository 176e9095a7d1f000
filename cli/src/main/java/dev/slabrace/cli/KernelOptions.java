package dev.slabrace.cli;

import dev.slabrace.symbolize.Symbolizer;
import dev.slabrace.trace.kernel.KernelInputs;
import dev.slabrace.trace.kernel.KernelSymbols;
import dev.slabrace.trace.kernel.KprobeDefinitions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What {@code analyze} is told about the kernel a trace came from ({@code --kprobe-events},
 * {@code --kallsyms}, {@code --vmlinux}), as a picocli mixin, and reading those files into the
 * reader's {@link KernelInputs} and a {@link Symbolizer}.
 */
final class KernelOptions {
  @Option(
      names = "--kprobe-events",
      paramLabel = "FILE",
      description = "the kprobe events the ftrace trace was captured with, as written to tracefs"
          + " kprobe_events: each memory fetch argument (+0x18(%%di):u32, +8($arg2), @sym+4) whose"
          + " base is fetched too becomes a plain load at the probe")
  private String kprobeEvents;

  @Option(
      names = "--kallsyms",
      paramLabel = "FILE",
      description = "the kernel's symbols (/proc/kallsyms or the build's System.map): addresses of"
          + " functions for --vmlinux and of @SYM kprobe fetches; default with --vmlinux: the"
          + " System.map beside it, if any")
  private String kallsyms;

  @Option(
      names = "--vmlinux",
      paramLabel = "FILE",
      description = "the kernel image with debug info: frames gain file:line and inlined calls, read"
          + " from its line tables by llvm-symbolizer or addr2line (one process for the run), like"
          + " scripts/decode_stacktrace.sh")
  private String vmlinux;

  /**
   * The kernel files read: what the reader uses, and the symbolizer of {@code --vmlinux} (null
   * without it).
   */
  record Kernel(KernelInputs inputs, Symbolizer symbolizer, String vmlinux) {
    /** Says on {@code err} that the symbolizer failed during the run, if it did. */
    void warnIfFailed(PrintWriter err) {
      if (symbolizer != null && symbolizer.failure().isPresent()) {
        err.println("slabrace: " + vmlinux + ": warning: " + symbolizer.command() + " failed, later"
            + " frames are not symbolised: " + symbolizer.failure().get().getMessage());
      }
    }

    /** Ends the symbolizer's process, if any; a failure to is a line on {@code err}. */
    void close(PrintWriter err) {
      if (symbolizer != null) {
        try {
          symbolizer.close();
        } catch (IOException e) {
          err.println("slabrace: " + ErrorHandler.describe(vmlinux, e));
          err.flush();
        }
      }
    }
  }

  /** Returns the files named, which no output may replace. */
  List<String> files() {
    List<String> files = new ArrayList<>(3);
    for (String file : new String[] {kprobeEvents, kallsyms, vmlinux}) {
      if (file != null) {
        files.add(file);
      }
    }
    return files;
  }

  /**
   * Reads the files named; without {@code --kallsyms}, the System.map of a build tree beside its
   * vmlinux, if there is one. Returns null after a line on {@code err} naming the file that could not
   * be read.
   */
  Kernel read(PrintWriter err) {
    String reading = kprobeEvents;
    try {
      KprobeDefinitions probes = kprobeEvents == null ? KprobeDefinitions.NONE
          : KprobeDefinitions.read(Path.of(kprobeEvents), kprobeEvents);
      Path map = kallsyms != null ? Path.of(kallsyms) : vmlinux == null ? null
          : Path.of(vmlinux).resolveSibling("System.map");
      reading = kallsyms != null ? kallsyms : String.valueOf(map);
      KernelSymbols symbols = map == null || (kallsyms == null && !Files.isRegularFile(map))
          ? KernelSymbols.NONE : KernelSymbols.read(map, reading);
      reading = vmlinux;
      Symbolizer symbolizer = vmlinux == null ? null
          : Symbolizer.open(Path.of(vmlinux), symbols, System.getenv("PATH"));
      return new Kernel(new KernelInputs(probes, symbols), symbolizer, vmlinux);
    } catch (IOException | InvalidPathException e) {
      IOException io = e instanceof IOException i ? i : new IOException("invalid file name", e);
      err.println("slabrace: " + ErrorHandler.describe(reading, io));
      err.flush();
      return null;
    }
  }
}
