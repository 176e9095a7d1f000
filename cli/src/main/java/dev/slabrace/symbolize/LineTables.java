package dev.slabrace.symbolize;

import dev.slabrace.finding.FrameSource.SourceLine;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A kernel image's DWARF line tables, read by one llvm-symbolizer (preferred) or addr2line subprocess
 * that lives as long as the run: addresses go in batches on its standard input and come back as the
 * chain of source lines at each, inlined calls first.
 *
 * <pre>
 * Implementation notes
 *
 * llvm-symbolizer --obj=FILE --inlining --functions=linkage --print-address prints per address its
 * echo, then FUNCTION and FILE:LINE:COLUMN per frame of the inline chain, then a blank line.
 * addr2line -e FILE -f -i -a prints the echo (0x + 16 digits) and FUNCTION, FILE:LINE pairs with no
 * end marker, so each batch ends with the address 0, whose block (echo, "??", "??:0") marks the end;
 * address 0 is never looked up. Both tools flush after each address they read. A batch is at most
 * BATCH addresses, so what is written never fills the pipe while the tool waits for its output to be
 * read. Unknown places are "??" and "??:0" or "??:?"; addr2line may add " (discriminator N)".
 * The tool's standard error goes to a file, so that it can neither block nor be lost.
 * </pre>
 */
public final class LineTables implements Closeable {
  /** The most addresses written before their answers are read. */
  static final int BATCH = 256;
  private static final String SENTINEL = "0x0000000000000000";
  private static final String UNKNOWN = "??";

  /** The two tools, in order of preference. */
  enum Tool {
    /** LLVM's symbolizer. */
    LLVM_SYMBOLIZER("llvm-symbolizer"),
    /** binutils' addr2line. */
    ADDR2LINE("addr2line");

    final String command;

    Tool(String command) {
      this.command = command;
    }
  }

  private final Tool tool;
  private final Process process;
  private final Writer in;
  private final BufferedReader out;
  private final Path errors;

  private LineTables(Tool tool, Process process, Path errors) {
    this.tool = tool;
    this.process = process;
    this.errors = errors;
    this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
  }

  /**
   * Starts the preferred tool found on {@code path} (a PATH value) over {@code image}.
   *
   * @throws IOException if neither tool is on the path, or it cannot be started
   */
  public static LineTables start(Path image, String path) throws IOException {
    for (Tool tool : Tool.values()) {
      Optional<Path> command = find(tool.command, path);
      if (command.isPresent()) {
        return start(tool, command.get(), image);
      }
    }
    throw new IOException("--vmlinux needs llvm-symbolizer (LLVM) or addr2line (binutils) to read"
        + " its line tables, and neither is on PATH: install one (apt install binutils, dnf install"
        + " binutils)");
  }

  private static LineTables start(Tool tool, Path command, Path image) throws IOException {
    List<String> args = new ArrayList<>();
    args.add(command.toString());
    if (tool == Tool.LLVM_SYMBOLIZER) {
      args.addAll(List.of("--obj=" + image, "--inlining", "--functions=linkage", "--print-address"));
    } else {
      args.addAll(List.of("-e", image.toString(), "-f", "-i", "-a"));
    }
    Path errors = Files.createTempFile("slabrace-symbolizer", ".err");
    errors.toFile().deleteOnExit();
    ProcessBuilder pb = new ProcessBuilder(args).redirectError(errors.toFile());
    return new LineTables(tool, pb.start(), errors);
  }

  /** Returns the command running: llvm-symbolizer or addr2line. */
  public String command() {
    return tool.command;
  }

  /**
   * Returns, for each address, the chain of source lines at it: the inlined calls innermost first,
   * then the function that contains the address (empty if the line tables do not cover it). Functions
   * or files the tool does not know are empty strings, unknown lines 0.
   *
   * @throws IOException if the tool stopped or printed something else than expected
   */
  public List<List<SourceLine>> lookup(long[] addresses) throws IOException {
    List<List<SourceLine>> result = new ArrayList<>(addresses.length);
    for (int from = 0; from < addresses.length; from += BATCH) {
      int to = Math.min(addresses.length, from + BATCH);
      for (int i = from; i < to; i++) {
        in.write("0x" + Long.toHexString(addresses[i]) + "\n");
      }
      if (tool == Tool.ADDR2LINE) {
        in.write("0\n");
      }
      in.flush();
      if (tool == Tool.LLVM_SYMBOLIZER) {
        for (int i = from; i < to; i++) {
          result.add(llvmBlock());
        }
      } else {
        addr2lineBatch(to - from, result);
      }
    }
    return result;
  }

  /** One llvm-symbolizer answer: echo, pairs, blank line. */
  private List<SourceLine> llvmBlock() throws IOException {
    read();
    List<SourceLine> chain = new ArrayList<>(1);
    String function;
    while (!(function = read()).isEmpty()) {
      chain.add(line(function, read()));
    }
    return known(chain);
  }

  /** The answers of addr2line to {@code count} addresses and the sentinel: blocks that start with echoes. */
  private void addr2lineBatch(int count, List<List<SourceLine>> result) throws IOException {
    List<SourceLine> chain = null;
    int blocks = 0;
    while (true) {
      String line = read();
      if (line.startsWith("0x")) {
        if (chain != null) {
          result.add(known(chain));
        }
        if (blocks++ == count) {
          if (!line.equals(SENTINEL)) {
            throw unexpected(line);
          }
          read();
          read();
          return;
        }
        chain = new ArrayList<>(1);
      } else if (chain == null) {
        throw unexpected(line);
      } else {
        chain.add(line(line, read()));
      }
    }
  }

  private static List<SourceLine> known(List<SourceLine> chain) {
    return chain.size() == 1 && chain.get(0).line() == 0 && chain.get(0).function().isEmpty()
        ? List.of() : List.copyOf(chain);
  }

  /** One frame of a chain from FUNCTION and FILE:LINE[:COLUMN][ (discriminator N)]. */
  private SourceLine line(String function, String place) {
    int cut = place.indexOf(" (discriminator");
    if (cut >= 0) {
      place = place.substring(0, cut);
    }
    String file = place;
    int line = 0;
    int colon = place.lastIndexOf(':');
    if (tool == Tool.LLVM_SYMBOLIZER && colon > 0) {
      int before = place.lastIndexOf(':', colon - 1);
      if (before > 0 && digits(place.substring(colon + 1))) {
        place = place.substring(0, colon);
        colon = before;
      }
    }
    if (colon > 0 && digits(place.substring(colon + 1))) {
      file = place.substring(0, colon);
      line = Integer.parseInt(place.substring(colon + 1));
    } else if (colon > 0) {
      file = place.substring(0, colon);
    }
    return new SourceLine(function.equals(UNKNOWN) ? "" : function, file.equals(UNKNOWN) ? ""
        : file, line);
  }

  private static boolean digits(String s) {
    return !s.isEmpty() && s.length() < 10 && s.chars().allMatch(Character::isDigit);
  }

  private String read() throws IOException {
    String line = out.readLine();
    if (line == null) {
      throw new IOException(tool.command + " stopped" + stderr());
    }
    return line;
  }

  private IOException unexpected(String line) throws IOException {
    return new IOException(tool.command + " printed '" + line + "' where an address was expected"
        + stderr());
  }

  /** Its first line of standard error, after ": ", or nothing. */
  private String stderr() throws IOException {
    try (InputStream s = Files.newInputStream(errors)) {
      String text = new String(s.readNBytes(400), StandardCharsets.UTF_8).strip();
      int nl = text.indexOf('\n');
      return text.isEmpty() ? "" : ": " + (nl < 0 ? text : text.substring(0, nl));
    }
  }

  /** Ends the subprocess: closes its input and waits for it. */
  @Override
  public void close() throws IOException {
    in.close();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
    } finally {
      out.close();
      Files.deleteIfExists(errors);
    }
  }

  /** Returns the executable {@code command} in the first directory of {@code path} that has it. */
  static Optional<Path> find(String command, String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, command);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
