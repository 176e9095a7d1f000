package dev.slabrace.trace.ftrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slabrace.trace.Op;
import dev.slabrace.trace.ftrace.Decoded.Ev;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Execution contexts and happens-before edges: scheduler, workqueue, softirq, RCU, lockdep. */
final class OrderingEventsTest {

  /** Renders an edge event as "OP tid key" (or "FORK tid child", "LOCK tid 0xaddr shared"). */
  private static String edge(Ev e) {
    return switch (e.op()) {
      case FORK -> "FORK " + e.tid() + " " + e.child();
      case LOCK, UNLOCK -> e.op() + " " + e.tid() + " 0x" + Long.toHexString(e.numericKey())
          + (e.shared() ? " shared" : "");
      default -> e.op() + " " + e.tid() + " " + e.key();
    };
  }

  private static List<String> edges(String trace) throws IOException {
    return Decoded.of(trace).events().stream().map(OrderingEventsTest::edge).toList();
  }

  @Test
  void wakingThenSwitch_ordersTheWakerBeforeTheWokenTask() throws IOException {
    List<String> edges = edges("""
          <idle>-0       [001] d.s3.     3.440594: sched_waking: comm=rcu_preempt pid=15 prio=120 target_cpu=001
          <idle>-0       [001] dNh2.     3.440741: sched_wakeup: comm=rcu_preempt pid=15 prio=120 target_cpu=001
          <idle>-0       [001] d..2.     3.440787: sched_switch: prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=rcu_preempt next_pid=15 next_prio=120
     rcu_preempt-15      [001] d..2.     3.440884: sched_switch: prev_comm=rcu_preempt prev_pid=15 prev_prio=120 prev_state=I ==> next_comm=swapper/1 next_pid=0 next_prio=120
          <idle>-0       [001] d..2.     3.441032: sched_switch: prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=rcu_preempt next_pid=15 next_prio=120
        """);
    assertEquals(List.of(
        "SIGNAL softirq/1 wake:15",
        "SIGNAL idle/1 cpu:1", "WAIT 15 cpu:1", "WAIT 15 wake:15",
        "SIGNAL 15 cpu:1", "WAIT idle/1 cpu:1",
        "SIGNAL idle/1 cpu:1", "WAIT 15 cpu:1"), edges);
  }

  @Test
  void switchEvents_carryTheCpuOfTheLine() throws IOException {
    Decoded d = Decoded.of("              ip-105     [001] d..2.     3.460621: sched_switch:"
        + " prev_comm=init prev_pid=105 prev_prio=120 prev_state=R+ ==> next_comm=ksoftirqd/1"
        + " next_pid=21 next_prio=120\n");
    assertEquals(2, d.events().size());
    for (Ev e : d.events()) {
      assertEquals(1, e.cpu());
      assertEquals(3_460_621_000L, e.ts());
      assertEquals(1, e.line());
    }
  }

  @Test
  void traceCmdSchedPlugin_andRawSwitchFormats() throws IOException {
    assertEquals(List.of("SIGNAL 1 cpu:0", "WAIT idle/0 cpu:0", "SIGNAL 105 cpu:1", "WAIT 29 cpu:1",
        "SIGNAL 7 cpu:0", "WAIT 15 cpu:0"), edges("""
        cpus=2
                    init-1     [000]     3.453828: sched_switch:         init:1 [120] S ==> swapper/0:0 [120]
                      ip-105   [001]     3.463653: sched_switch:         ip:105 [120] R ==> kworker/1:1:29 [120]
             kworker/0:0-7     [000]     3.464000: sched_switch:         prev_comm=kworker/0:0 prev_pid=7 prev_prio=120 prev_state=128 next_comm=rcu_preempt next_pid=15 next_prio=120
        """));
  }

  @Test
  void interruptContexts_comeFromTheFlagsColumn() throws IOException {
    Decoded d = Decoded.of("""
                    init-1       [000] ..s2.     3.448781: kmem_cache_free: call_site=rcu_do_batch+0x19a/0x540 ptr=ff29798582251c00 name=filp
                    init-1       [000] d.h1.     3.448782: kfree: call_site=f+0x1/0x2 ptr=ff29798582251d00
                    init-1       [000] d.Z1.     3.448783: kfree: call_site=f+0x1/0x2 ptr=ff29798582251e00
                    init-1       [000] .....     3.448784: kfree: call_site=f+0x1/0x2 ptr=ff29798582251f00
                  <idle>-0       [001] .....     3.448785: kfree: call_site=f+0x1/0x2 ptr=ff29798582252000
               swapper/0-0       [000] .....     3.448786: kfree: call_site=f+0x1/0x2 ptr=ff29798582252100
        """);
    assertEquals(List.of("softirq/0", "hardirq/0", "nmi/0", "1", "idle/1", "idle/0"),
        d.events().stream().map(Ev::tid).toList());
  }

  @Test
  void withoutFlags_softirqAndIrqEntryExitBracketTheContext() throws IOException {
    Decoded d = Decoded.of("""
                    init-1       [000]      3.440971: softirq_entry: vec=9 [action=RCU]
                    init-1       [000]      3.448781: kmem_cache_free: call_site=rcu_do_batch+0x19a/0x540 ptr=ff29798582251c00 name=filp
                    init-1       [000]      3.448782: irq_handler_entry: irq=4 name=ttyS0
                    init-1       [000]      3.448783: kfree: call_site=f+0x1/0x2 ptr=ff29798582251d00
                    init-1       [000]      3.448784: irq_handler_exit: irq=4 ret=handled
                    init-1       [000]      3.448785: kfree: call_site=f+0x1/0x2 ptr=ff29798582251e00
                    init-1       [000]      3.448786: softirq_exit: vec=9 [action=RCU]
                    init-1       [000]      3.448787: kfree: call_site=f+0x1/0x2 ptr=ff29798582251f00
                  <idle>-0       [001]      3.448788: call_function_single_entry: vector=251
                  <idle>-0       [001]      3.448789: kfree: call_site=f+0x1/0x2 ptr=ff29798582252000
                  <idle>-0       [001]      3.448790: call_function_single_exit: vector=251
                  <idle>-0       [001]      3.448791: kfree: call_site=f+0x1/0x2 ptr=ff29798582252100
        """);
    assertEquals(List.of("softirq/0", "softirq/0", "hardirq/0", "softirq/0", "1", "hardirq/1",
        "idle/1"), d.events().stream().map(Ev::tid).toList());
    assertTrue(d.notes().stream().anyMatch(n -> n.startsWith("no irq-info flags column")));
  }

  @Test
  void softirqRaiseAndEntry_onTheSameCpu() throws IOException {
    assertEquals(List.of("SIGNAL hardirq/1 softirq:1:1", "SIGNAL hardirq/1 softirq:1:7",
        "WAIT softirq/1 softirq:1:1", "WAIT softirq/1 softirq:1:7"), edges("""
                  <idle>-0       [001] d.h1.     3.440554: softirq_raise: vec=1 [action=TIMER]
                  <idle>-0       [001] d.h1.     3.440575: softirq_raise: vec=7 [action=SCHED]
                  <idle>-0       [001] ..s1.     3.440586: softirq_entry: vec=1 [action=TIMER]
                  <idle>-0       [001] ..s1.     3.440747: softirq_exit: vec=1 [action=TIMER]
                  <idle>-0       [001] ..s1.     3.440748: softirq_entry: vec=7 [action=SCHED]
        """));
  }

  @Test
  void fork_andPidReuseAfterExit() throws IOException {
    assertEquals(List.of("FORK 1 105", "FORK 1 105#2", "SIGNAL 3 wake:105#2"), edges("""
                    init-1       [000] .....     3.449557: sched_process_fork: comm=init pid=1 child_comm=init child_pid=105
                      ip-105     [001] .....     3.476445: sched_process_exit: comm=ip pid=105 prio=120
                    init-1       [000] .....     3.500000: sched_process_fork: comm=init pid=1 child_comm=init child_pid=105
                    other-3      [001] d..3.     3.500100: sched_waking: comm=init pid=105 prio=120 target_cpu=001
        """));
  }

  @Test
  void workqueue_queueThenExecuteOfTheSameWork() throws IOException {
    // the trace-cmd lines have no flags: the queueing may be interrupt work, so it orders nothing
    assertEquals(List.of("SIGNAL 107 work:ff2979858215f9e8", "WAIT 25 work:ff2979858215f9e8",
        "WAIT 29 work:ffffffffacdef9a0"), edges("""
          load-worker.sh-107     [001] d..1.     3.976887: workqueue_queue_work: work struct=ff2979858215f9e8 function=wb_workfn workqueue=writeback req_cpu=8192 cpu=-1
          load-worker.sh-107     [001] d..1.     3.976890: workqueue_activate_work: work struct ff2979858215f9e8
             kworker/u4:1-25     [001] .....     3.977161: workqueue_execute_start: work struct ff2979858215f9e8: function wb_workfn
             kworker/u4:1-25     [001] .....     3.977200: workqueue_execute_end: work struct ff2979858215f9e8: function wb_workfn
                      ip-105   [001]     3.463564: workqueue_queue_work: work struct=0xffffffffacdef9a0 function=check_lifetime workqueue=events_power_efficient req_cpu=8192 cpu=1
             kworker/1:1-29    [001]     3.463706: workqueue_execute_start: work struct 0xffffffffacdef9a0: function check_lifetime
        """));
  }

  @Test
  void rcuCallback_queuedThenInvoked() throws IOException {
    assertEquals(List.of("SIGNAL 1 rcu:ff29798582251c10", "WAIT softirq/0 rcu:ff29798582251c10",
        "SIGNAL 1 rcu:ff29798582251d10", "WAIT softirq/0 rcu:ff29798582251d10"), edges("""
                    init-1       [000] .....     3.0: rcu_callback: rcu_preempt rhp=ff29798582251c10 func=file_free_rcu 3
                    init-1       [000] ..s2.     3.1: rcu_invoke_callback: rcu_preempt rhp=ff29798582251c10 func=file_free_rcu
                    init-1       [000] .....     3.2: rcu_kvfree_callback: rcu_preempt rhp=ff29798582251d10 func=16 4
                    init-1       [000] ..s2.     3.3: rcu_invoke_kvfree_callback: rcu_preempt rhp=ff29798582251d10 func=16
        """));
  }

  @Test
  void lockdep_locksByAddressInTheModeTheyWereTaken() throws IOException {
    assertEquals(List.of("LOCK 1 0xffffffff82a0c8e0", "UNLOCK 1 0xffffffff82a0c8e0",
        "LOCK 2 0xffff888100200010 shared", "UNLOCK 2 0xffff888100200010 shared",
        "LOCK 2 0xffffffff82a0c900"), edges("""
                    init-1       [000] d..1.     1.0: lock_acquire: ffffffff82a0c8e0 &rq->__lock
                    init-1       [000] d..1.     1.1: lock_release: ffffffff82a0c8e0 &rq->__lock
                    init-1       [000] .....     1.2: lock_acquire: ffffffff82a0c8f0 fs_reclaim
                    init-1       [000] .....     1.3: lock_release: ffffffff82a0c8f0 fs_reclaim
                    init-1       [000] .....     1.4: lock_acquire: ffffffff82a0c8f8 read rcu_read_lock
                    other-2      [001] .....     1.5: lock_acquire: ffff888100200010 read &mm->mmap_lock
                    other-2      [001] .....     1.6: lock_release: ffff888100200010 &mm->mmap_lock
                    other-2      [001] .....     1.7: lock_release: ffff888100200020 &sb->s_type->i_lock_key
                    other-2      [001] .....     1.8: lock_acquire: ffffffff82a0c900 try &p->pi_lock
                    init-1       [000] .....     1.9: lock_acquire: ffffffff82a0c910 (wq_completion)events
        """));
  }

  @Test
  void contentionAndIpiEvents_areNotEdges() throws IOException {
    assertEquals(List.of(), edges("""
                    init-1       [000] ...1.     4.000934: contention_begin: ffffffff96e06080 (flags=SPIN|READ)
                    init-1       [000] .N.1.     4.019210: contention_end: ffffffff96e06080 (ret=0)
                  <idle>-0       [000] d.h1.     3.981304: call_function_single_entry: vector=251
                    init-1       [000] d..2.     4.0: ipi_send_cpu: cpu=1 callsite=try_to_wake_up+0x2a0/0x5f0 callback=0x0
        """));
  }

  @Test
  void taskEventsOutOfTimestampOrder_areNoted() throws IOException {
    Decoded d = Decoded.of("""
                      ip-105     [000] .....     5.000000: kfree: call_site=f+0x1/0x2 ptr=ff29798582251d00
                      ip-105     [001] .....     4.999990: kfree: call_site=f+0x1/0x2 ptr=ff29798582251e00
        """);
    assertEquals(2, d.events().size());
    assertTrue(d.notes().stream().anyMatch(n -> n.startsWith("line 2: task 105 has an event"
        + " timestamped before its previous one (1 such events in all)")), d.notes().toString());
  }

  @Test
  void withoutFlags_signalsOfUnknownContextAreDropped() throws IOException {
    Decoded d = Decoded.of("""
                      ip-105     [001]      3.460552: softirq_entry: vec=9 [action=RCU]
                      ip-105     [001]      3.460560: sched_waking: comm=rcu_preempt pid=15 prio=120 target_cpu=001
                      ip-105     [001]      3.460565: softirq_exit: vec=9 [action=RCU]
                      ip-105     [001]      3.460567: sched_waking: comm=ksoftirqd/1 pid=21 prio=120 target_cpu=001
                      ip-105     [001]      3.460568: softirq_raise: vec=1 [action=TIMER]
                      ip-105     [001]      3.460569: lock_acquire: ffffffff82a0c8e0 &rq->__lock
                      ip-105     [001]      3.460621: sched_switch: prev_comm=init prev_pid=105 prev_prio=120 prev_state=R+ ==> next_comm=ksoftirqd/1 next_pid=21 next_prio=120
        """);
    assertEquals(List.of("WAIT softirq/1 softirq:1:9", "SIGNAL softirq/1 wake:15",
        "SIGNAL 105 cpu:1", "WAIT 21 cpu:1"), d.events().stream().map(OrderingEventsTest::edge).toList());
    assertTrue(d.notes().stream().anyMatch(n -> n.contains("; 3 wakeups, work queueings, softirq"
        + " raises, RCU callbacks and lock events outside those could come from a task or an"
        + " interrupt, so they order nothing")), d.notes().toString());
  }

  @Test
  void traceCmdRawFields_areReadByName() throws IOException {
    assertEquals(List.of("SIGNAL 107 work:ff2979858215f9e8", "WAIT 25 work:ff2979858215f9e8",
        "SIGNAL hardirq/1 softirq:1:3", "LOCK 1 0xffffffff82a0c8e0 shared"), edges("""
        load-wor-107     1d..1.     3.976887: workqueue_queue_work: work=0xff2979858215f9e8 function=0xffffffff8139f1a0 workqueue=0xff29798580051c00 req_cpu=8192 cpu=4294967295
        kworker/-25      1.....     3.977161: workqueue_execute_start: work=0xff2979858215f9e8 function=0xffffffff8139f1a0
        irq/43-e-280     1d.h2.    74.017658: softirq_raise:        vec=3
          init-1         0d..1.     75.0: lock_acquire:         lockdep_addr=0xffffffff82a0c8e0 flags=2 name=&mm->mmap_lock
        """));
  }
}
