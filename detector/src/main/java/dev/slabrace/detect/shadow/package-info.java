/**
 * Shadow memory: for every 8-byte granule that the trace touched, the cells of the earlier accesses
 * that a later access may still race with (ThreadSanitizer's granules with offset and size per cell,
 * holding FastTrack epochs), and the markers of freed bytes. Storage only; the engine decides. Laid
 * out for the cache: a granule's record sits in a page that a direct two-level table finds by
 * address ({@code GranuleTable}), and its cells are kept together in blocks
 * of four that hold one granule's cells only ({@link ShadowMemory}).
 */
package dev.slabrace.detect.shadow;
