package dev.slabrace.trace.ftrace;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.SymbolTable;
import dev.slabrace.trace.kernel.Fetch;
import dev.slabrace.trace.kernel.FetchArg;
import dev.slabrace.trace.kernel.KernelInputs;
import dev.slabrace.trace.kernel.KprobeEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The plain loads that the memory fetch arguments of the user's own kprobe events performed, given
 * their definitions ({@code --kprobe-events}): {@code size=+0x18(%di):u32} beside {@code cache=%di:x64}
 * is a 4-byte load at cache+0x18 at the probe's location, with the printed value.
 *
 * <pre>
 * Implementation notes
 *
 * Each event's definition is turned once into a plan: per load, which argument's printed value is the
 * base (or a constant address: @ADDR, or @SYM+OFF with --kallsyms), the offset, the size and which
 * argument prints the loaded value. A base is known when another argument of the same event fetches
 * the same thing as a full 64-bit number; $argN and its register (%di... on x86-64, %xN-1 on arm64)
 * count as the same. Nested fetches +A(+B(%di)) load twice: the inner 8-byte load at %di+B when %di
 * is printed, the outer at its value+A only when +B(%di) is itself printed. User memory (+u), strings
 * (size unknown) and fetches from $retval, $stack, $comm or BTF names give no load. What cannot be
 * recovered is noted once per event, when the event first appears.
 * </pre>
 */
final class ProbeLoads {
  private static final String RETURN_ARROW = " <- ";
  /** No argument: the base or value is not printed. */
  private static final int NONE = -1;
  private static final Load[] NO_LOADS = {};

  /** One load of a plan: base argument (or NONE with a constant address), offset, size, value argument. */
  private record Load(int baseArg, long offset, int size, int valueArg) {}

  private final KernelInputs kernel;
  private final Payload payload;
  private final AccessEvents accesses;
  private final SymbolTable symbols;
  private final Evidence evidence;
  private final Map<String, Load[]> plans = new HashMap<>();

  ProbeLoads(KernelInputs kernel, Payload payload, AccessEvents accesses, SymbolTable symbols,
      Evidence evidence) {
    this.kernel = kernel;
    this.payload = payload;
    this.accesses = accesses;
    this.symbols = symbols;
    this.evidence = evidence;
  }

  /** Maps the line if it is a kprobe event the definitions name; returns false otherwise. */
  boolean map(FtraceLineScanner line, EventBuffer out) throws MalformedLine {
    if (kernel.kprobes().isEmpty()) {
      return false;
    }
    Load[] plan = plans.get(line.name());
    if (plan == null) {
      Optional<KprobeEvent> defined = kernel.kprobes().event(line.name());
      if (defined.isEmpty()) {
        return false;
      }
      plan = plan(defined.get());
      plans.put(line.name(), plan);
    }
    String s = line.text;
    int p = line.payloadStart;
    int close = p < s.length() && s.charAt(p) == '(' ? s.indexOf(')', p) : -1;
    if (close < 0) {
      throw new MalformedLine("kprobe event without its probe point '(func+0x0/0x40)' before its"
          + " arguments");
    }
    if (plan.length == 0) {
      return true;
    }
    List<FetchArg> args = kernel.kprobes().event(line.name()).orElseThrow().args();
    String point = s.substring(p + 1, close);
    int arrow = point.indexOf(RETURN_ARROW);
    int ip = symbols.intern(arrow < 0 ? point : point.substring(arrow + RETURN_ARROW.length()));
    payload.split(s, close + 1);
    for (Load load : plan) {
      long addr = load.offset;
      if (load.baseArg != NONE) {
        String base = args.get(load.baseArg).name();
        int field = payload.find(base);
        if (field < 0) {
          throw new MalformedLine("no " + base + "= in the payload");
        }
        addr += payload.pointer(field, base);
      }
      EventCursor e = accesses.access(line, out, Op.LOAD, MemOrder.PLAIN, ip, addr, load.size);
      if (load.valueArg != NONE) {
        String name = args.get(load.valueArg).name();
        int field = payload.find(name);
        if (field < 0) {
          throw new MalformedLine("no " + name + "= in the payload");
        }
        long v = payload.integer(field, name);
        e.value = load.size >= Long.BYTES ? v : v & ((1L << (Byte.SIZE * load.size)) - 1);
        e.hasValue = true;
      }
    }
    return true;
  }

  /** Turns an event's definition into its loads, noting the memory fetches that give none. */
  private Load[] plan(KprobeEvent event) {
    List<FetchArg> args = event.args();
    Map<String, Integer> printed = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).fullWidth()) {
        printed.putIfAbsent(args.get(i).fetch().key(), i);
      }
    }
    List<Load> loads = new ArrayList<>();
    List<String> gaps = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      FetchArg arg = args.get(i);
      if (arg.fetch() instanceof Fetch.Other || arg.fetch() instanceof Fetch.Register
          || arg.fetch() instanceof Fetch.Argument || arg.fetch() instanceof Fetch.Immediate) {
        continue;
      }
      if (arg.size() == 0) {
        gaps.add(arg.name() + " (" + arg.type() + ": its size is not known)");
        continue;
      }
      String gap = loads(arg.fetch(), arg.size(), arg.numeric() ? i : NONE, printed, loads);
      if (gap != null) {
        gaps.add(arg.name() + " (" + gap + ")");
      }
    }
    if (!gaps.isEmpty()) {
      evidence.note("kprobe event " + event.name() + " (kprobe_events line " + event.line() + "): "
          + String.join(", ", gaps) + " give no load");
    }
    return loads.isEmpty() ? NO_LOADS : loads.toArray(Load[]::new);
  }

  /**
   * Adds the loads of memory fetch {@code f} of {@code size} bytes whose value argument is
   * {@code valueArg}, inner ones first; returns why the outermost gives none, or null.
   */
  private String loads(Fetch f, int size, int valueArg, Map<String, Integer> printed,
      List<Load> loads) {
    if (f instanceof Fetch.AddressMemory a) {
      loads.add(new Load(NONE, a.address(), size, valueArg));
      return null;
    }
    if (f instanceof Fetch.SymbolMemory m) {
      OptionalLong at = kernel.symbols().address(m.symbol());
      if (at.isEmpty()) {
        return kernel.symbols().isEmpty() ? "@" + m.symbol() + " needs --kallsyms"
            : m.symbol() + " is not in the --kallsyms file";
      }
      loads.add(new Load(NONE, at.getAsLong() + m.offset(), size, valueArg));
      return null;
    }
    if (!(f instanceof Fetch.Memory m)) {
      return null;
    }
    if (m.user()) {
      return "user memory";
    }
    Fetch base = m.base();
    if (base instanceof Fetch.Memory || base instanceof Fetch.SymbolMemory
        || base instanceof Fetch.AddressMemory) {
      // the inner load reads the pointer: a full word, whose value only a printed argument gives
      loads(base, Long.BYTES, printed.getOrDefault(base.key(), NONE), printed, loads);
    }
    int baseArg = printedArg(base, printed);
    if (baseArg == NONE) {
      return "its base " + base.key() + " is not fetched as a 64-bit number too";
    }
    loads.add(new Load(baseArg, m.offset(), size, valueArg));
    return null;
  }

  /** The argument that prints {@code f}'s value as a 64-bit number (by its key or register alias). */
  private static int printedArg(Fetch f, Map<String, Integer> printed) {
    Integer i = printed.get(f.key());
    if (i != null) {
      return i;
    }
    if (f instanceof Fetch.Argument a) {
      for (String register : a.registerKeys()) {
        i = printed.get(register);
        if (i != null) {
          return i;
        }
      }
    }
    if (f instanceof Fetch.Register r) {
      for (Map.Entry<String, Integer> e : printed.entrySet()) {
        if (e.getKey().startsWith("$arg")) {
          Fetch.Argument a = new Fetch.Argument(Integer.parseInt(e.getKey().substring(4)));
          for (String register : a.registerKeys()) {
            if (register.equals(r.key())) {
              return e.getValue();
            }
          }
        }
      }
    }
    return NONE;
  }
}
