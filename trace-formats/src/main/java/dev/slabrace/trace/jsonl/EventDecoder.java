package dev.slabrace.trace.jsonl;

import static com.fasterxml.jackson.core.JsonToken.END_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.FIELD_NAME;
import static com.fasterxml.jackson.core.JsonToken.START_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.START_OBJECT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_STRING;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.FenceKind;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.Op;
import dev.slabrace.trace.RegionClass;
import dev.slabrace.trace.StackTable;
import dev.slabrace.trace.SymbolTable;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/**
 * The decoder of one JSON Lines event line into a cursor: checks the JSON shape, the fields the op
 * takes and requires, and their types and limits. Event ids and the trace-wide rules are the source's.
 */
final class EventDecoder {
  /**
   * The factory of every parser and generator of this format. Field names are canonicalized (each
   * known name is one shared String) but not String.intern()ed: unknown names must not pile up.
   */
  static final JsonFactory JSON =
      JsonFactory.builder().disable(JsonFactory.Feature.INTERN_FIELD_NAMES).build();

  private static final Op[] OPS = Op.values();
  private static final String[] OP_NAMES = wireNames(OPS, Op::wireName);
  private static final MemOrder[] ORDERS = MemOrder.values();
  private static final String[] ORDER_NAMES = wireNames(ORDERS, MemOrder::wireName);
  private static final FenceKind[] FENCES = FenceKind.values();
  private static final String[] FENCE_NAMES = wireNames(FENCES, FenceKind::wireName);
  private static final RegionClass[] CLASSES = RegionClass.values();
  private static final String[] CLASS_NAMES = wireNames(CLASSES, RegionClass::wireName);
  private static final String[] MODE_NAMES = {"excl", "shared"};
  private static final String ORDER_LIST = list(ORDER_NAMES);
  private static final String FENCE_LIST = list(FENCE_NAMES);
  private static final String CLASS_LIST = list(CLASS_NAMES);
  private static final String MODE_LIST = list(MODE_NAMES);

  /*
   * Implementation notes: what a field means depends on the op, and the op may come anywhere in the
   * object. The first pass reads up to the "op" field; when it was the first field (as writers put it)
   * the same parser reads on, else a second parser re-reads the line from the start. A header is
   * always re-read, collecting every field as metadata. A field that the op does not take is skipped
   * like an unknown one, so it only has to be valid JSON. All of this runs only for the lines that the
   * byte-level ByteDecoder gives up on: the rare ops, unusual spellings and every malformed line.
   */

  private final SymbolTable symbols;
  private final StackTable stacks;
  private final TaskKeys tasks;
  private final StackIds sids = new StackIds();
  private final ByteDecoder fast;
  private final HeaderFields header = new HeaderFields();
  private int present;
  private boolean hasId;
  private long id;

  /**
   * Creates a decoder that interns into the source's tables.
   *
   * @param fastPath try the byte-level {@link ByteDecoder} first (false only in tests, as the
   *     reference it is checked against)
   */
  EventDecoder(SymbolTable symbols, TaskKeys tasks, StackTable stacks, boolean fastPath) {
    this.symbols = symbols;
    this.tasks = tasks;
    this.stacks = stacks;
    this.fast = fastPath ? new ByteDecoder(symbols, tasks, sids) : null;
  }

  /**
   * Decodes {@code len} bytes of {@code line} from {@code off} into {@code c}, whose id and position
   * the caller sets. Nothing trace-wide changes until {@link #commit}.
   *
   * @throws JsonProcessingException if the line is not valid JSON
   */
  void decode(byte[] line, int off, int len, EventCursor c) throws IOException, LineProblem {
    c.clear();
    if (fast != null && fast.decode(line, off, off + len, c)) {
      present = fast.present;
      hasId = fast.hasId;
      id = fast.id;
      return;
    }
    c.clear();
    present = 0;
    hasId = false;
    JsonParser p = JSON.createParser(line, off, len);
    try {
      if (p.nextToken() != START_OBJECT) {
        throw new LineProblem("expected a JSON object, got " + JsonValues.describe(p));
      }
      boolean opFirst = true;
      JsonToken t;
      while ((t = p.nextToken()) == FIELD_NAME && !"op".equals(p.currentName())) {
        p.nextToken();
        p.skipChildren();
        opFirst = false;
      }
      if (t != FIELD_NAME) {
        throw new LineProblem("missing field 'op'");
      }
      p.nextToken();
      c.op = OPS[JsonValues.choice(p, "op", OP_NAMES, null)];
      if (!opFirst || c.op == Op.HEADER) {
        p.close();
        p = JSON.createParser(line, off, len);
        p.nextToken();
      }
      if (c.op == Op.HEADER) {
        header.read(p, this);
      } else {
        readFields(p, c, opFirst);
      }
      expectEnd(p);
    } finally {
      p.close();
    }
    if (c.op != Op.HEADER) {
      check(c);
    }
  }

  /** Whether the event just decoded has an explicit {@code id}. */
  boolean hasExplicitId() {
    return hasId;
  }

  /** Returns the explicit {@code id} of the event just decoded. */
  long explicitId() {
    return id;
  }

  /** Returns the metadata of the header just decoded. */
  Map<String, String> headerFields() {
    return header.fields();
  }

  /** Applies the trace-wide effects of the event just decoded, once the source has accepted it. */
  void commit(EventCursor c) {
    if (c.op == Op.STACK) {
      sids.commit(c.stack);
    }
  }

  /** Reads an explicit {@code id}, for the header reader too. */
  void readId(JsonParser p) throws IOException, LineProblem {
    if (hasId) {
      throw duplicate(Field.ID.wireName);
    }
    id = JsonValues.integer(p, Field.ID, 0, Long.MAX_VALUE);
    hasId = true;
  }

  /** Returns the problem of a field given twice. */
  static LineProblem duplicate(String field) {
    return new LineProblem("duplicate field '" + field + "'");
  }

  private void readFields(JsonParser p, EventCursor c, boolean opConsumed)
      throws IOException, LineProblem {
    int takes = OpFields.takes(c.op);
    boolean opSeen = opConsumed;
    if (c.op == Op.RMW) {
      c.mo = MemOrder.FULL;
    }
    while (p.nextToken() == FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      Field f = Field.of(name);
      if (f == null || (takes & f.bit) == 0) {
        if ("op".equals(name)) {
          if (opSeen) {
            throw duplicate(name);
          }
          opSeen = true;
        }
        p.skipChildren();
        continue;
      }
      if ((present & f.bit) != 0) {
        throw duplicate(name);
      }
      present |= f.bit;
      read(f, p, c);
    }
  }

  private void read(Field f, JsonParser p, EventCursor c) throws IOException, LineProblem {
    switch (f) {
      case ID -> readId(p);
      case TID -> c.task = tasks.read(p, f);
      case CPU -> c.cpu = (int) JsonValues.integer(p, f, 0, Integer.MAX_VALUE);
      case TS -> c.ts = JsonValues.integer(p, f, 0, Long.MAX_VALUE);
      case IP -> c.ip = symbols.intern(JsonValues.string(p, f));
      case STACK, FRAMES -> c.stack = frames(p, f);
      case SID -> {
        if (c.op == Op.STACK) {
          sids.readDeclaration(p);
        } else {
          c.stack = sids.find(p);
        }
      }
      case ADDR, PTR -> c.addr = JsonValues.u64(p, f);
      case SIZE -> c.size = JsonValues.integer(p, f, 1, OpFields.maxSize(c.op));
      case VAL, NEW -> {
        c.value = JsonValues.u64(p, f);
        c.hasValue = true;
      }
      case OLD -> {
        c.oldValue = JsonValues.u64(p, f);
        c.hasOldValue = true;
      }
      case MO -> c.mo = ORDERS[JsonValues.choice(p, "mo", ORDER_NAMES, ORDER_LIST)];
      case OK -> c.ok = JsonValues.bool(p, f);
      case DEP -> c.dep = JsonValues.integer(p, f, 0, Long.MAX_VALUE);
      case DATA -> c.data = JsonValues.integer(p, f, 0, Long.MAX_VALUE);
      case CTRL -> c.ctrl = JsonValues.integer(p, f, 0, Long.MAX_VALUE);
      case RF -> c.rf = JsonValues.integer(p, f, 0, Long.MAX_VALUE);
      case KIND -> c.fence = FENCES[JsonValues.choice(p, "kind", FENCE_NAMES, FENCE_LIST)];
      case LOCK, OBJ, CB -> JsonValues.key(p, f, symbols, c);
      case MODE -> c.shared = JsonValues.choice(p, "mode", MODE_NAMES, MODE_LIST) == 1;
      case CHILD -> c.child = tasks.read(p, f);
      case CACHE -> c.cache = symbols.intern(JsonValues.string(p, f));
      case NAME -> c.name = symbols.intern(JsonValues.string(p, f));
      case FLAGS -> c.cacheFlags = flags(p, f);
      case CLASS ->
          c.regionClass = CLASSES[JsonValues.choice(p, "class", CLASS_NAMES, CLASS_LIST)];
      default -> throw new AssertionError(f);
    }
  }

  /**
   * Reads a cache's flags: one flag name or an array of them. {@code typesafe_by_rcu} is the only flag
   * with a meaning; other names (the kernel's other SLAB_* flags) are accepted and ignored.
   */
  private static int flags(JsonParser p, Field f) throws IOException, LineProblem {
    if (p.currentToken() == VALUE_STRING) {
      return flag(p.getText());
    }
    if (p.currentToken() != START_ARRAY) {
      throw new LineProblem(f + ": expected a flag name or an array of flag names, got "
          + JsonValues.describe(p));
    }
    int flags = 0;
    JsonToken t;
    for (int i = 0; (t = p.nextToken()) != END_ARRAY; i++) {
      if (t != VALUE_STRING) {
        throw new LineProblem(f + "[" + i + "]: expected a string, got " + JsonValues.describe(p));
      }
      flags |= flag(p.getText());
    }
    return flags;
  }

  private static int flag(String name) {
    return "typesafe_by_rcu".equals(name) ? EventCursor.TYPESAFE_BY_RCU : 0;
  }

  /** Reads an array of frame strings and returns its stack id. */
  private int frames(JsonParser p, Field f) throws IOException, LineProblem {
    if (p.currentToken() != START_ARRAY) {
      throw new LineProblem(f + ": expected an array of strings, got " + JsonValues.describe(p));
    }
    stacks.beginStack();
    JsonToken t;
    for (int i = 0; (t = p.nextToken()) != END_ARRAY; i++) {
      if (t != VALUE_STRING) {
        throw new LineProblem(f + "[" + i + "]: expected a string, got " + JsonValues.describe(p));
      }
      stacks.addFrame(symbols.intern(p.getText()));
    }
    return stacks.internPending();
  }

  /** Checks what no single field shows: required fields, stack versus sid, address ranges. */
  private void check(EventCursor c) throws LineProblem {
    int missing = OpFields.requires(c.op) & ~present;
    if (missing != 0) {
      throw new LineProblem(
          "missing field '" + Field.first(missing) + "' for op " + c.op.wireName());
    }
    if ((present & Field.STACK.bit) != 0 && (present & Field.SID.bit) != 0) {
      throw new LineProblem("an event may not have both 'stack' and 'sid'");
    }
    if (c.size > 0 && Long.compareUnsigned(c.addr, -c.size) > 0) {
      String field = c.op == Op.ALLOC || c.op == Op.FREE ? "ptr" : "addr";
      throw new LineProblem(field + " 0x" + Long.toHexString(c.addr) + " with size " + c.size
          + " runs past the end of the address space");
    }
    if (c.op == Op.STACK) {
      sids.checkDeclaration(c.stack);
    }
  }

  /** Fails unless only whitespace follows the object. */
  private static void expectEnd(JsonParser p) throws IOException, LineProblem {
    JsonToken after;
    try {
      after = p.nextToken();
    } catch (JsonProcessingException e) {
      after = JsonToken.NOT_AVAILABLE;
    }
    if (after != null) {
      throw new LineProblem("unexpected content after the JSON object");
    }
  }

  /** Returns names as a message lists them: "a, b or c". */
  private static String list(String[] names) {
    String init = String.join(", ", Arrays.copyOf(names, names.length - 1));
    return init + " or " + names[names.length - 1];
  }

  private static <E> String[] wireNames(E[] values, Function<E, String> name) {
    String[] names = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      names[i] = name.apply(values[i]);
    }
    return names;
  }
}
