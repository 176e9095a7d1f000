package dev.slabrace.trace.kernel;

import java.util.List;

/**
 * One kprobe event as defined in {@code kprobe_events}: {@code p:GROUP/EVENT POINT ARGS} or, for a
 * return probe, {@code r:GROUP/EVENT POINT ARGS}.
 *
 * @param group the event's group ({@code kprobes} when the definition gave none)
 * @param name the event's name, as trace lines print it
 * @param isReturn whether it fires on return ({@code r}, or {@code %return} on the point)
 * @param point the probed location as written ({@code kmem_cache_free}, {@code func+0x1a})
 * @param args its fetch arguments, in order
 * @param line the line of the definitions file that defined it
 */
public record KprobeEvent(String group, String name, boolean isReturn, String point,
    List<FetchArg> args, long line) {}
