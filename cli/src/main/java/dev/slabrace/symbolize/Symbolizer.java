package dev.slabrace.symbolize;

import dev.slabrace.finding.Access;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FrameSource.SourceLine;
import dev.slabrace.finding.FrameSource;
import dev.slabrace.trace.kernel.KernelSymbols;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The step that finds each frame of a finding in the kernel's source, as scripts/decode_stacktrace.sh
 * does: {@code func+0x1c/0x80} is the symbol's address (from kallsyms or System.map) plus 0x1c, a raw
 * {@code 0xffffffff81234567} is itself, and the address's file:line and inlined calls come from the
 * vmlinux's line tables. Every frame is looked up once per run; a finding's new frames go in one batch.
 *
 * <pre>
 * Implementation notes
 *
 * File names are made relative to the kernel tree: the tree is where start_kernel's init/main.c is
 * (decode_stacktrace.sh finds its base path the same way), else the vmlinux's directory; "./" is cut.
 * Frames with a " [module]" suffix are left unresolved, as their code is not in vmlinux. Return
 * addresses in stacks are looked up as they are, as decode_stacktrace.sh does. If the tool fails after
 * it started, the rest of the run is left unsymbolised and failure() says why. Thread-safe: --jobs
 * workers share one instance, and so one subprocess.
 * </pre>
 */
public final class Symbolizer implements Closeable {
  private static final Pattern SYMBOLIC =
      Pattern.compile("([A-Za-z_.$][\\w.$]*)\\+0x([0-9a-fA-F]{1,16})(?:/0x([0-9a-fA-F]{1,16}))?");
  private static final Pattern BARE = Pattern.compile("[A-Za-z_.$][\\w.$]*");
  private static final Pattern RAW = Pattern.compile("0x([0-9a-fA-F]{1,16})|([0-9a-fA-F]{16})");
  private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};
  private static final String MAIN_C = "init/main.c";

  private final KernelSymbols symbols;
  private final LineTables tables;
  private final List<String> roots = new ArrayList<>();
  private final Map<String, FrameSource> cache = new HashMap<>();
  private IOException failure;

  private Symbolizer(KernelSymbols symbols, LineTables tables) {
    this.symbols = symbols;
    this.tables = tables;
  }

  /**
   * Starts symbolisation against kernel image {@code vmlinux}, with {@code symbols} for the
   * addresses of functions, and the line-table tool found on {@code path} (a PATH value).
   *
   * @throws IOException if {@code vmlinux} is not a readable ELF file, or no tool can be started
   */
  public static Symbolizer open(Path vmlinux, KernelSymbols symbols, String path) throws IOException {
    try (InputStream in = Files.newInputStream(vmlinux)) {
      byte[] head = in.readNBytes(ELF_MAGIC.length);
      if (!java.util.Arrays.equals(head, ELF_MAGIC)) {
        throw new IOException("not an ELF file (a kernel image built with debug info, such as the"
            + " build tree's vmlinux, expected)");
      }
    }
    Symbolizer s = new Symbolizer(symbols, LineTables.start(vmlinux, path));
    try {
      s.findRoots(vmlinux);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /**
   * The kernel tree from start_kernel's file, then the image's directory (as given and resolved). The
   * first lookup is made here in any case, so that a tool that cannot read the image fails before the
   * analysis rather than during it.
   */
  private void findRoots(Path vmlinux) throws IOException {
    OptionalLong start = symbols.address("start_kernel");
    List<SourceLine> chain = tables.lookup(new long[] {start.orElse(1)}).get(0);
    if (start.isPresent()) {
      if (!chain.isEmpty()) {
        String file = chain.get(chain.size() - 1).file();
        if (file.endsWith("/" + MAIN_C)) {
          roots.add(file.substring(0, file.length() - MAIN_C.length()));
        }
      }
    }
    Path dir = vmlinux.toAbsolutePath().normalize().getParent();
    if (dir != null) {
      roots.add(dir + "/");
      String real = dir.toRealPath() + "/";
      if (!roots.contains(real)) {
        roots.add(real);
      }
    }
  }

  /** Returns the command that reads the line tables: llvm-symbolizer or addr2line. */
  public String command() {
    return tables.command();
  }

  /** Returns {@code f} with the source of each of its accesses' frames. */
  public synchronized Finding symbolize(Finding f) {
    if (failure != null) {
      return f;
    }
    Set<String> frames = new LinkedHashSet<>();
    f.withAccesses(a -> {
      frames.addAll(a.frames());
      return a;
    });
    try {
      resolve(frames);
    } catch (IOException e) {
      failure = e;
      return f;
    }
    return f.withAccesses(this::symbolize);
  }

  /** Returns why symbolisation stopped during the run, if it did. */
  public synchronized Optional<IOException> failure() {
    return Optional.ofNullable(failure);
  }

  private Access symbolize(Access a) {
    if (a.frames().isEmpty()) {
      return a;
    }
    List<FrameSource> sources = new ArrayList<>(a.frames().size());
    boolean any = false;
    for (String frame : a.frames()) {
      FrameSource s = cache.getOrDefault(frame, FrameSource.UNKNOWN);
      any |= s.known();
      sources.add(s);
    }
    return any ? a.withSources(sources) : a;
  }

  /** Looks up, in one batch, every frame of {@code frames} not looked up before. */
  private void resolve(Set<String> frames) throws IOException {
    List<String> pending = new ArrayList<>();
    List<Long> addresses = new ArrayList<>();
    for (String frame : frames) {
      if (cache.containsKey(frame)) {
        continue;
      }
      OptionalLong address = address(frame);
      if (address.isEmpty() || address.getAsLong() == 0) {
        cache.put(frame, FrameSource.UNKNOWN);
      } else {
        pending.add(frame);
        addresses.add(address.getAsLong());
      }
    }
    if (pending.isEmpty()) {
      return;
    }
    List<List<SourceLine>> chains =
        tables.lookup(addresses.stream().mapToLong(Long::longValue).toArray());
    for (int i = 0; i < pending.size(); i++) {
      cache.put(pending.get(i), source(chains.get(i)));
    }
  }

  /** The address of a frame: a symbol's plus the offset, or a raw address; empty if neither. */
  private OptionalLong address(String frame) {
    Matcher m = SYMBOLIC.matcher(frame);
    if (m.matches()) {
      long size = m.group(3) == null ? 0 : Long.parseUnsignedLong(m.group(3), 16);
      OptionalLong base = symbols.address(m.group(1), size);
      return base.isEmpty() ? base
          : OptionalLong.of(base.getAsLong() + Long.parseUnsignedLong(m.group(2), 16));
    }
    m = RAW.matcher(frame);
    if (m.matches()) {
      return OptionalLong.of(Long.parseUnsignedLong(m.group(1) != null ? m.group(1) : m.group(2),
          16));
    }
    return BARE.matcher(frame).matches() ? symbols.address(frame) : OptionalLong.empty();
  }

  /** A frame's source from the chain at its address: the last entry is its own function. */
  private FrameSource source(List<SourceLine> chain) {
    if (chain.isEmpty() || chain.get(chain.size() - 1).line() == 0) {
      return FrameSource.UNKNOWN;
    }
    SourceLine own = chain.get(chain.size() - 1);
    List<SourceLine> inlined = new ArrayList<>(chain.size() - 1);
    for (SourceLine s : chain.subList(0, chain.size() - 1)) {
      inlined.add(new SourceLine(s.function(), relative(s.file()), s.line()));
    }
    return new FrameSource(relative(own.file()), own.line(), List.copyOf(inlined));
  }

  private String relative(String file) {
    for (String root : roots) {
      if (file.startsWith(root)) {
        return file.substring(root.length());
      }
    }
    return file.startsWith("./") ? file.substring(2) : file;
  }

  /** Ends the line-table subprocess. */
  @Override
  public synchronized void close() throws IOException {
    tables.close();
  }
}
