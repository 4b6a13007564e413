package io.flowlens.job.flow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interface names for ifindexes, read from sysfs once per index. A replayed capture's records carry the capture's
 * interface id instead (see CaptureReplay), and a name no longer in sysfs (a pod that left) stays its number.
 */
final class InterfaceNames {
    private static final ConcurrentHashMap<Integer, String> NAMES = new ConcurrentHashMap<>();

    private InterfaceNames() {}

    /** @param replayed the record came from a capture file, whose interface ids are not this host's ifindexes */
    static String name(int ifindex, boolean replayed) {
        if (replayed) {
            return "pcap:" + ifindex;
        }
        return NAMES.computeIfAbsent(ifindex, InterfaceNames::lookup);
    }

    private static String lookup(int ifindex) {
        try (var dirs = Files.list(Path.of("/sys/class/net"))) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                try {
                    if (Integer.parseInt(Files.readString(d.resolve("ifindex")).strip()) == ifindex) {
                        return d.getFileName().toString();
                    }
                } catch (IOException | NumberFormatException gone) {
                    // an interface that vanished while listing
                }
            }
        } catch (IOException e) {
            // no sysfs: fall through to the number
        }
        return Integer.toString(ifindex);
    }
}
