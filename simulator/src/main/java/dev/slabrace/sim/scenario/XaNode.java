package dev.slabrace.sim.scenario;

import dev.slabrace.sim.exec.Emitter;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.RegionClass;

/**
 * struct xa_node (radix_tree_node), the object of the xarray user in the stride scenarios: its layout,
 * its regions, and what xas_alloc() writes into a new node.
 */
final class XaNode {
  /** sizeof(struct xa_node). */
  static final int SIZE = 576;
  /** The cache name. */
  static final String CACHE = "radix_tree_node";

  private static final String INIT_SHIFT = "xas_alloc+0xb8/0x1c0";
  private static final String INIT_COUNT = "xas_alloc+0xc4/0x1c0";
  private static final String INIT_PARENT = "xas_alloc+0xd1/0x1c0";
  private static final String INIT_ARRAY = "xas_alloc+0xdd/0x1c0";

  private XaNode() {}

  /** Names the fields of the node at {@code node}. */
  static void regions(Emitter em, long node) {
    em.region(node, 1, "xa_node->shift", RegionClass.OBJECT);
    em.region(node + 1, 1, "xa_node->offset", RegionClass.OBJECT);
    em.region(node + 2, 1, "xa_node->count", RegionClass.OBJECT);
    em.region(node + 3, 1, "xa_node->nr_values", RegionClass.OBJECT);
    em.region(node + 8, 8, "xa_node->parent", RegionClass.OBJECT);
    em.region(node + 16, 8, "xa_node->array", RegionClass.OBJECT);
    em.region(node + 24, 16, "xa_node->private_list", RegionClass.OBJECT);
    em.region(node + 40, 512, "xa_node->slots", RegionClass.OBJECT);
    em.region(node + 552, 24, "xa_node->marks", RegionClass.OBJECT);
  }

  /** xas_alloc() initialising a new node below the root of the xarray at {@code xa}. */
  static void init(Emitter em, long node, long xa) {
    em.store(node, 1, MemOrder.PLAIN, INIT_SHIFT, 0);
    em.store(node + 2, 1, MemOrder.PLAIN, INIT_COUNT, 0);
    em.store(node + 8, 8, MemOrder.PLAIN, INIT_PARENT, 0);
    em.store(node + 16, 8, MemOrder.PLAIN, INIT_ARRAY, xa);
  }
}
