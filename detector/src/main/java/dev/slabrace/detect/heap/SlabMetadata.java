package dev.slabrace.detect.heap;

import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.ArrayList;
import java.util.List;

/**
 * The values a trace stored to each slab's {@code obj_exts} and {@code stride} fields (slab-meta
 * regions named {@code <slab>->obj_exts} and {@code <slab>->stride}), so that an address inside an
 * obj_exts array can be named as the entry it is: {@code slab->obj_exts[5]}.
 *
 * <pre>
 * Implementation notes
 *
 * struct slab overlays struct page, 64 bytes, so the two fields of one slab are in the same aligned
 * 64-byte block; that block is the slab's key. The low bits of obj_exts are flags
 * (MEMCG_DATA_OBJEXTS, OBJEXTS_ALLOC_FAIL) and are masked off. An entry is named only when the
 * array's extent is known: its allocation is live, or an obj-ext region declares it.
 * </pre>
 */
public final class SlabMetadata {
  private static final long STRUCT_SLAB_MASK = ~63L;
  private static final long OBJEXTS_FLAG_MASK = ~7L;

  /** One slab's fields as far as the trace showed them. */
  public static final class Slab {
    /** The region name before {@code ->}, e.g. {@code slab}. */
    public final String prefix;
    /** Address of the obj_exts field, 0 if not declared. */
    long objExtsField;
    /** Address of the stride field, 0 if not declared. */
    long strideField;
    /** Last stored obj_exts value with its flag bits masked, 0 if unknown. */
    public long objExts;
    /** Last stored stride, 0 if unknown. */
    public long stride;

    Slab(String prefix) {
      this.prefix = prefix;
    }
  }

  private final Long2ObjectOpenHashMap<Slab> slabs = new Long2ObjectOpenHashMap<>();
  private final Long2ObjectOpenHashMap<Slab> byField = new Long2ObjectOpenHashMap<>();
  private final List<Slab> ordered = new ArrayList<>();

  /** Declares a slab-meta region; only obj_exts and stride fields are tracked. */
  public void declare(long addr, String name) {
    int arrow = name.lastIndexOf("->");
    String field = arrow < 0 ? name : name.substring(arrow + 2);
    if (!field.equals("obj_exts") && !field.equals("stride")) {
      return;
    }
    String prefix = arrow < 0 ? "slab" : name.substring(0, arrow);
    Slab slab = slabs.computeIfAbsent(addr & STRUCT_SLAB_MASK, k -> {
      Slab s = new Slab(prefix);
      ordered.add(s);
      return s;
    });
    if (field.equals("obj_exts")) {
      slab.objExtsField = addr;
    } else {
      slab.strideField = addr;
    }
    byField.put(addr, slab);
  }

  /** Whether any field is tracked, so stores need checking at all. */
  public boolean isEmpty() {
    return byField.isEmpty();
  }

  /** A store of {@code value} to {@code addr}: remembered if it is a tracked field. */
  public void onStore(long addr, long value) {
    Slab slab = byField.get(addr);
    if (slab == null) {
      return;
    }
    if (addr == slab.objExtsField) {
      slab.objExts = value & OBJEXTS_FLAG_MASK;
    } else {
      slab.stride = value;
    }
  }

  /** Returns the slabs in declaration order. */
  public List<Slab> slabs() {
    return ordered;
  }
}
