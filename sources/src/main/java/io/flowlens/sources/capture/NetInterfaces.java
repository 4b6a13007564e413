package io.flowlens.sources.capture;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The interfaces of the current network namespace, read from sysfs. */
public final class NetInterfaces {
    private static final int IFF_UP = 0x1;
    private static final int IFF_LOOPBACK = 0x8;

    /** One interface as sysfs describes it. */
    public record NetInterface(String name, int ifindex, boolean up, boolean loopback) {}

    private NetInterfaces() {}

    /** Throws, naming the first one, unless every interface in {@code names} exists now. */
    public static void requireExisting(java.util.Collection<String> names) {
        List<NetInterface> present = list();
        for (String name : names) {
            if (present.stream().noneMatch(i -> i.name().equals(name))) {
                throw new IllegalArgumentException("no network interface named '" + name + "' (see `ip link`)");
            }
        }
    }

    /** Every interface now; ones that vanish while being read are left out. */
    public static List<NetInterface> list() {
        return list(Path.of("/sys/class/net"));
    }

    static List<NetInterface> list(Path sysClassNet) {
        List<NetInterface> out = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(sysClassNet)) {
            for (Path p : dir) {
                try {
                    int flags = Integer.decode(Files.readString(p.resolve("flags")).trim());
                    int ifindex = Integer.parseInt(Files.readString(p.resolve("ifindex")).trim());
                    out.add(new NetInterface(p.getFileName().toString(), ifindex, (flags & IFF_UP) != 0, (flags & IFF_LOOPBACK) != 0));
                } catch (IOException | NumberFormatException vanished) {
                    // removed between listing and reading: the next scan will not see it either
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list network interfaces in " + sysClassNet + ": " + e.getMessage(), e);
        }
        return out;
    }
}
