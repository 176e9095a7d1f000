/**
 * Shadow memory: for every 8-byte granule that the trace touched, the cells of the earlier accesses that
 * a later access may still race with (ThreadSanitizer's granules with offset and size per cell, holding
 * FastTrack epochs), and the markers of freed bytes. Storage only; the engine decides.
 */
package dev.slabrace.detect.shadow;
