package dev.slabrace.symbolize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.finding.Access;
import dev.slabrace.finding.AccessType;
import dev.slabrace.finding.Finding;
import dev.slabrace.finding.FindingKind;
import dev.slabrace.finding.FrameSource.SourceLine;
import dev.slabrace.finding.FrameSource;
import dev.slabrace.trace.kernel.KernelSymbols;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SymbolizerTest {
  @TempDir
  static Path dir;
  static KernelImage image;
  static KernelSymbols symbols;

  @BeforeAll
  static void build() throws Exception {
    image = KernelImage.build(dir.resolve("linux"));
    symbols = KernelSymbols.read(image.systemMap(), "System.map");
  }

  /** A PATH with only {@code tool} on it, linked from /usr/bin. */
  private static String pathWith(String tool) throws IOException {
    Path bin = Files.createTempDirectory(dir, "bin");
    Path real = LineTables.find(tool, System.getenv("PATH")).orElseThrow(
        () -> new AssertionError(tool + " is needed on PATH for this test: install "
            + (tool.equals("addr2line") ? "binutils" : "llvm")));
    Files.createSymbolicLink(bin.resolve(tool), real);
    return bin.toString();
  }

  private static Finding finding(List<String> first, List<String> second) {
    Access a = new Access(1, "1", 0, AccessType.WRITE, false, 0x10, 4, first, false, 0);
    Access b = new Access(2, "2", 1, AccessType.READ, false, 0x10, 4, second, false, 0);
    return new Finding(FindingKind.DATA_RACE, a, b, 0x10, 4, "", "", false, 0, 0);
  }

  @Test
  void bothTools_sameFileLineAndInlinedCalls() throws Exception {
    String store = image.frame("tty_buffer_flush", "tty_buffer.c", 4);
    String load = image.frame("kmem_cache_free", "slub.c", 4);
    String raw = "0x" + Long.toHexString(image.address("slub.c", 9));
    Finding f = finding(List.of(store, raw), List.of(load, "kfree+0x10/0x20", "mod_fn+0x1/0x2 [mod]"));
    for (String tool : List.of("llvm-symbolizer", "addr2line")) {
      try (Symbolizer s = Symbolizer.open(image.vmlinux(), symbols, pathWith(tool))) {
        assertEquals(tool, s.command());
        Finding r = s.symbolize(f);
        assertEquals(List.of(new FrameSource("drivers/tty/tty_buffer.c", 4, List.of()),
            new FrameSource("mm/slub.c", 9, List.of())), r.first().sources(), tool);
        assertEquals(List.of(new FrameSource("mm/slub.c", 8,
            List.of(new SourceLine("cache_size", "mm/slub.c", 4))), FrameSource.UNKNOWN,
            FrameSource.UNKNOWN), r.second().sources(), tool);
        // looked up once: the same answer from the cache
        assertEquals(r, s.symbolize(f));
      }
    }
  }

  @Test
  void manyFrames_batchedAcrossThePipe() throws Exception {
    long base = image.symbol("kmem_cache_free");
    List<String> frames = new java.util.ArrayList<>();
    for (int i = 0; i < 3 * LineTables.BATCH; i++) {
      frames.add("0x" + Long.toHexString(base + i % 37));
    }
    for (String tool : List.of("llvm-symbolizer", "addr2line")) {
      try (Symbolizer s = Symbolizer.open(image.vmlinux(), symbols, pathWith(tool))) {
        Finding r = s.symbolize(finding(frames, List.of("x")));
        assertTrue(r.first().sources().stream().allMatch(FrameSource::known), tool);
        assertEquals("mm/slub.c", r.first().source(frames.size() - 1).file(), tool);
      }
    }
  }

  @Test
  void noTool_saysWhatToInstall() throws IOException {
    Path empty = Files.createTempDirectory(dir, "empty");
    IOException e = assertThrows(IOException.class,
        () -> Symbolizer.open(image.vmlinux(), symbols, empty.toString()));
    assertEquals("--vmlinux needs llvm-symbolizer (LLVM) or addr2line (binutils) to read its line"
        + " tables, and neither is on PATH: install one (apt install binutils, dnf install"
        + " binutils)", e.getMessage());
  }

  @Test
  void notElf_refused() throws IOException {
    IOException e = assertThrows(IOException.class,
        () -> Symbolizer.open(image.systemMap(), symbols, System.getenv("PATH")));
    assertTrue(e.getMessage().startsWith("not an ELF file"), e.getMessage());
  }
}
