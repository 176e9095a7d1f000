package dev.slabrace.trace.kernel;

/**
 * Where a kprobe fetch argument takes its value from (Documentation/trace/kprobetrace.rst, FETCHARGS):
 * a register, a function argument, the return value, memory at an offset from another fetch, memory at
 * a symbol or an address, or something slabrace cannot place in memory. {@link #key()} is the same for
 * two fetches that read the same value, so that one argument's printed value can give another's base.
 */
public sealed interface Fetch {
  /** Returns a text that two fetches of the same value share ({@code $arg1} and {@code %di} on x86-64). */
  String key();

  /** {@code %REG}: a register. */
  record Register(String name) implements Fetch {
    @Override
    public String key() {
      return "%" + name;
    }
  }

  /**
   * {@code $argN}: the Nth function argument (N from 1), which the kernel reads from the argument
   * registers at any probe point: on x86-64 %di, %si, %dx, %cx, %r8, %r9, on arm64 %x0..%x7.
   */
  record Argument(int n) implements Fetch {
    private static final String[] X86_64 = {"di", "si", "dx", "cx", "r8", "r9"};

    @Override
    public String key() {
      return "$arg" + n;
    }

    /** Returns the registers that hold this argument on x86-64 and arm64. */
    public String[] registerKeys() {
      return n <= X86_64.length ? new String[] {"%" + X86_64[n - 1], "%x" + (n - 1)}
          : n <= 8 ? new String[] {"%x" + (n - 1)} : new String[0];
    }
  }

  /** {@code +OFF(BASE)} or {@code -OFF(BASE)}: memory at BASE's value plus OFF; {@code +uOFF} is user memory. */
  record Memory(long offset, Fetch base, boolean user) implements Fetch {
    @Override
    public String key() {
      return (user ? "+u" : "+") + offset + "(" + base.key() + ")";
    }
  }

  /** {@code @SYM+OFF}: memory at a symbol's address plus OFF. */
  record SymbolMemory(String symbol, long offset) implements Fetch {
    @Override
    public String key() {
      return "@" + symbol + "+" + offset;
    }
  }

  /** {@code @ADDR}: memory at a fixed kernel address. */
  record AddressMemory(long address) implements Fetch {
    @Override
    public String key() {
      return "@0x" + Long.toHexString(address);
    }
  }

  /** {@code \IMM}: an immediate value, no memory. */
  record Immediate(long value) implements Fetch {
    @Override
    public String key() {
      return "\\" + value;
    }
  }

  /**
   * Any other fetch ({@code $retval}, {@code $stackN}, {@code $stack}, {@code $comm}, a BTF argument
   * name or field such as {@code s->size}): its value may be printed, but slabrace cannot say what
   * memory it read.
   */
  record Other(String text) implements Fetch {
    @Override
    public String key() {
      return text;
    }
  }
}
