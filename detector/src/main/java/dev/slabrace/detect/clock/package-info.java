/**
 * Vector clocks over per-task planes. A task's accesses are stamped with its scalar epoch; an entry of
 * a clock says up to which epoch a task's accesses of one kind are ordered before the clock's owner.
 * The planes, and the LKMM rules they encode, are described in {@link dev.slabrace.detect.clock.Plane}.
 */
package dev.slabrace.detect.clock;
