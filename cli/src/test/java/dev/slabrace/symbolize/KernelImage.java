package dev.slabrace.symbolize;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * A tiny "kernel" built for a test: two C files with functions named like kernel code, compiled with
 * {@code gcc -g -O0} into {@code vmlinux}, and its {@code System.map} from {@code nm -n}. The line of
 * an address comes from {@code objdump --dwarf=decodedline}, a reader independent of the ones slabrace
 * runs, so that tests can name the address of a source line whatever code gcc generates.
 */
public record KernelImage(Path dir, Path vmlinux, Path systemMap) {
  /** mm/slub.c: cache_size (always inlined) and kmem_cache_free, which calls it on line 8. */
  static final String SLUB = """
      struct kmem_cache { int size; int object_size; };
      static inline __attribute__((always_inline)) int cache_size(struct kmem_cache *s)
      {
      	return s->size;
      }
      int kmem_cache_free(struct kmem_cache *s, void *x)
      {
      	int n = cache_size(s);
      	n += 1;
      	return n;
      }
      """;
  /** drivers/tty/tty_buffer.c: tty_buffer_flush stores port->count on line 4. */
  static final String TTY = """
      struct tty_port { int count; };
      int tty_buffer_flush(struct tty_port *port, int ld)
      {
      	port->count = 0;
      	return ld;
      }
      int main(void) { return 0; }
      """;

  /**
   * Builds the image in {@code dir}; fails (does not skip) if gcc, nm or objdump is missing.
   */
  public static KernelImage build(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("mm"));
    Files.createDirectories(dir.resolve("drivers/tty"));
    Files.writeString(dir.resolve("mm/slub.c"), SLUB);
    Files.writeString(dir.resolve("drivers/tty/tty_buffer.c"), TTY);
    run(dir, "gcc is needed to build the test's kernel image with DWARF: install it (apt install"
        + " gcc)", "gcc", "-g", "-O0", "-o", "vmlinux", "mm/slub.c", "drivers/tty/tty_buffer.c");
    String map = run(dir, "nm (binutils) is needed: install it (apt install binutils)", "nm", "-n",
        "vmlinux");
    Path systemMap = dir.resolve("System.map");
    Files.writeString(systemMap, map);
    return new KernelImage(dir, dir.resolve("vmlinux"), systemMap);
  }

  /** Returns the symbol's address, from the System.map. */
  public long symbol(String name) throws IOException {
    for (String line : Files.readAllLines(systemMap)) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 3 && f[2].equals(name)) {
        return Long.parseUnsignedLong(f[0], 16);
      }
    }
    throw new AssertionError(name + " not in " + systemMap);
  }

  /** Returns the first address of line {@code line} of the file named {@code base} (no directory). */
  public long address(String base, int line) throws IOException, InterruptedException {
    String table = run(dir, "objdump (binutils) is needed: install it", "objdump",
        "--dwarf=decodedline", "vmlinux");
    OptionalLong found = table.lines().map(String::trim).map(l -> l.split("\\s+"))
        .filter(f -> f.length >= 3 && f[0].equals(base) && f[1].equals(Integer.toString(line))
            && f[2].startsWith("0x"))
        .mapToLong(f -> Long.parseUnsignedLong(f[2].substring(2), 16)).findFirst();
    if (found.isEmpty()) {
      throw new AssertionError("no address for " + base + ":" + line + " in\n" + table);
    }
    return found.getAsLong();
  }

  /** Returns {@code func+0xOFF/0x100} for the first address of {@code base:line} inside {@code func}. */
  public String frame(String func, String base, int line) throws IOException, InterruptedException {
    return func + "+0x" + Long.toHexString(address(base, line) - symbol(func)) + "/0x100";
  }

  static String run(Path dir, String missing, String... command)
      throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true)
          .start();
    } catch (IOException e) {
      fail(missing + " (" + e.getMessage() + ")");
      throw e;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      fail(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }
}
