/**
 * Synchronisation state: the clocks carried by the stores to each marked location (reads-from and
 * release sequences), locks, signal objects and RCU grace periods and callbacks. What each of them
 * orders is {@code detect.lkmm}'s. Depends on {@code detect.clock} only.
 */
package dev.slabrace.detect.sync;
