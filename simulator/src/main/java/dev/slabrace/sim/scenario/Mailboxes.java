package dev.slabrace.sim.scenario;

import dev.slabrace.sim.exec.Emitter;
import dev.slabrace.sim.kernel.Kernel;
import dev.slabrace.trace.MemOrder;
import dev.slabrace.trace.RegionClass;

/**
 * One-slot mailboxes between every pair of CPUs, through which a workload hands an object to another
 * CPU: smp_store_release of the pointer into an empty slot, smp_load_acquire on the other side, and
 * WRITE_ONCE of NULL to empty the slot again. The release/acquire pair orders everything the sender
 * did to the object before everything the receiver does, the free included.
 */
final class Mailboxes {
  /** The region name of the mailbox array. */
  static final String REGION = "slabsim_mailbox[]";
  private static final String SEND_CHECK = "slabsim_send+0x1f/0x80";
  private static final String SEND = "slabsim_send+0x3a/0x80";
  private static final String RECEIVE = "slabsim_receive+0x24/0x90";
  private static final String EMPTY = "slabsim_receive+0x41/0x90";

  private final Emitter em;
  private final int cpus;
  private final long base;
  private final long[] slots;

  Mailboxes(Kernel kernel) {
    this.em = kernel.emitter();
    this.cpus = kernel.cpus();
    this.slots = new long[cpus * cpus];
    this.base = kernel.userData(slots.length * 8);
    em.region(base, slots.length * 8L, REGION, RegionClass.USER);
  }

  private int slot(int from, int to) {
    return from * cpus + to;
  }

  /** Tries to hand {@code ptr} from the current CPU to {@code to}; returns false if the slot is full. */
  boolean send(int to, long ptr) {
    int s = slot(em.current().cpu(), to);
    long address = base + s * 8L;
    em.load(address, 8, MemOrder.ONCE, SEND_CHECK, slots[s]);
    if (slots[s] != 0) {
      return false;
    }
    em.store(address, 8, MemOrder.RELEASE, SEND, ptr);
    slots[s] = ptr;
    return true;
  }

  /** Takes what {@code from} handed to the current CPU, or returns 0 if its slot is empty. */
  long receive(int from) {
    int s = slot(from, em.current().cpu());
    long address = base + s * 8L;
    long ptr = slots[s];
    em.load(address, 8, MemOrder.ACQUIRE, RECEIVE, ptr);
    if (ptr != 0) {
      em.store(address, 8, MemOrder.ONCE, EMPTY, 0);
      slots[s] = 0;
    }
    return ptr;
  }
}
