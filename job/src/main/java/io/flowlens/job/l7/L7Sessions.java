package io.flowlens.job.l7;

import io.flowlens.job.l7.icmp.IcmpSession;

/** Picks the session for a message start by the kernel's signature class (by content, never by port). */
final class L7Sessions {
    private L7Sessions() {}

    /** The protocol family a class belongs to (one session per family and flow), or null when none parses it. */
    static String family(int kernelClass) {
        return switch (kernelClass) {
            case SegmentEvent.ICMP -> "icmp";
            default -> null;
        };
    }

    static L7Session create(String family, SegmentEvent first, boolean keepQuery) {
        return switch (family) {
            case "icmp" -> new IcmpSession(first.ipProtocol);
            default -> throw new IllegalArgumentException("no L7 session for " + family);
        };
    }
}
