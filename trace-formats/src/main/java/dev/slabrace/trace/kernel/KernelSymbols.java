package dev.slabrace.trace.kernel;

import dev.slabrace.trace.TraceFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A kernel's symbol addresses, read from {@code /proc/kallsyms} or a build's {@code System.map} (the
 * same format: {@code ADDRESS TYPE NAME [MODULE]}): the address of a function or variable by name, and
 * the size of a symbol as the distance to the next one.
 *
 * <pre>
 * Implementation notes
 *
 * A name can belong to several symbols (static functions of different files). Lookup by name and size
 * picks the one whose distance to the next symbol equals the size a frame prints (func+0x1c/0x80), as
 * scripts/decode_stacktrace.sh does with nm's sizes; otherwise the first in the file. Module symbols
 * ("[mod]" after the name) are kept under "mod:name" only, since their addresses are not in vmlinux.
 * nm's own output is accepted too: its undefined symbols (U, w, v without an address) are skipped.
 * /proc/kallsyms read without privileges prints every address as 0: that file is refused, since it
 * would place every function at 0.
 * </pre>
 */
public final class KernelSymbols {
  /** No symbols: every lookup fails. */
  public static final KernelSymbols NONE = new KernelSymbols(new HashMap<>(), new long[0]);

  /** nm's types of undefined symbols, printed without an address. */
  private static final String UNDEFINED = "Uwv";

  private final Map<String, long[]> byName;
  /**
   * Every distinct address with its sign bit flipped, ascending: signed order of these is the unsigned
   * order of the addresses, to measure a symbol up to the next.
   */
  private final long[] sorted;

  private KernelSymbols(Map<String, long[]> byName, long[] sorted) {
    this.byName = byName;
    this.sorted = sorted;
  }

  /**
   * Reads a kallsyms or System.map file.
   *
   * @param file the file
   * @param name how messages name it
   * @throws TraceFormatException if a line is not {@code ADDRESS TYPE NAME [[MODULE]]}, or every
   *     address is 0
   * @throws IOException if it cannot be read
   */
  public static KernelSymbols read(Path file, String name) throws IOException {
    Map<String, List<Long>> names = new HashMap<>();
    List<Long> all = new ArrayList<>();
    boolean nonZero = false;
    long lineNo = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.trim().split("\\s+");
        if (f.length == 2 && UNDEFINED.indexOf(f[0]) >= 0 && f[0].length() == 1) {
          continue; // nm's undefined symbols: no address
        }
        if (f.length < 3 || f.length > 4 || f[1].length() != 1 || f[0].length() > 16
            || (f.length == 4 && !(f[3].startsWith("[") && f[3].endsWith("]")))) {
          throw TraceFormatException.atLine(name, lineNo, "not a kallsyms or System.map line"
              + " (ADDRESS TYPE NAME [[MODULE]] expected): '" + shown(line) + "'");
        }
        long address;
        try {
          address = Long.parseUnsignedLong(f[0], 16);
        } catch (NumberFormatException e) {
          throw TraceFormatException.atLine(name, lineNo, "address is not hex: '" + shown(f[0])
              + "'");
        }
        nonZero |= address != 0;
        String key = f.length == 4 ? f[3].substring(1, f[3].length() - 1) + ":" + f[2] : f[2];
        names.computeIfAbsent(key, k -> new ArrayList<>(1)).add(address);
        all.add(address);
      }
    }
    if (!all.isEmpty() && !nonZero) {
      throw TraceFormatException.atLine(name, 1, "every address is 0: /proc/kallsyms hides them from"
          + " unprivileged readers (kptr_restrict); read it as root, or give the build's System.map");
    }
    Map<String, long[]> byName = new HashMap<>(names.size() * 2);
    names.forEach((k, v) -> byName.put(k, v.stream().mapToLong(Long::longValue).toArray()));
    long[] sorted = all.stream().mapToLong(Long::longValue).map(a -> a ^ Long.MIN_VALUE).sorted()
        .distinct().toArray();
    return new KernelSymbols(byName, sorted);
  }

  /** Returns the address of {@code symbol} (the first if several share the name), or empty. */
  public OptionalLong address(String symbol) {
    long[] a = byName.get(symbol);
    return a == null ? OptionalLong.empty() : OptionalLong.of(a[0]);
  }

  /**
   * Returns the address of the symbol named {@code symbol} whose distance to the next symbol is
   * {@code size}, else the first of that name; empty if none has the name. A {@code size} of 0 or less
   * means not known.
   */
  public OptionalLong address(String symbol, long size) {
    long[] a = byName.get(symbol);
    if (a == null) {
      return OptionalLong.empty();
    }
    if (size > 0 && a.length > 1) {
      for (long candidate : a) {
        if (sizeOf(candidate) == size) {
          return OptionalLong.of(candidate);
        }
      }
    }
    return OptionalLong.of(a[0]);
  }

  /** Whether no symbol was read. */
  public boolean isEmpty() {
    return sorted.length == 0;
  }

  /** The distance from {@code address} to the next higher symbol's, or 0 if it is the last. */
  private long sizeOf(long address) {
    int i = Arrays.binarySearch(sorted, address ^ Long.MIN_VALUE);
    return i < 0 || i + 1 >= sorted.length ? 0 : (sorted[i + 1] ^ Long.MIN_VALUE) - address;
  }

  private static String shown(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
