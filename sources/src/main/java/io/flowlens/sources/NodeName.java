package io.flowlens.sources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The name a node goes by in the datasets. Flink gives each reader its TaskManager's host; an embedded MiniCluster
 * reports an empty one (or localhost), and then the kernel's host name is the node's name.
 */
public final class NodeName {
    private static final String KERNEL_HOSTNAME = kernelHostname();

    private NodeName() {}

    /** The node name for a reader whose Flink location is {@code location}. */
    public static String of(String location) {
        if (location == null || location.isBlank() || location.equals("localhost") || location.equals("127.0.0.1")) {
            return KERNEL_HOSTNAME;
        }
        return location;
    }

    private static String kernelHostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
