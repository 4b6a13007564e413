package io.flowlens.job.cluster;

import io.flowlens.testkit.Command;
import io.flowlens.testkit.NetNs;
import io.flowlens.testkit.VethPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The hosts of a small cluster on one machine, each in its own network namespace:
 *
 * <pre>
 *   root (the test) ── veth ── jm (JobManager, routes between nodes)
 *                               ├── veth ── node 1 (TaskManager) ── veth "capture" ── pod 1 (its traffic)
 *                               └── veth ── node 2 (TaskManager) ── veth "capture" ── pod 2
 * </pre>
 *
 * Flink's own traffic (RPC, shuffle, checkpoints' acks) crosses the node's uplink; the traffic flowlens captures
 * crosses only the node's {@link #captureInterface()}, a veth to a namespace standing for the node's pods, named the
 * same on every node so one job argument names it everywhere. Addresses come from TestAddresses (198.18.0.0/15).
 */
final class ClusterNetwork implements AutoCloseable {
    /** One node: its namespace, its link to the JobManager's namespace, and its pod with the captured link. */
    record Node(NetNs ns, VethPair uplink, NetNs pod, VethPair capture) {
        /** The node's address: its TaskManager's {@code taskmanager.host}, and so the {@code node} column. */
        String address() {
            return uplink.peer().ipv4().getHostAddress();
        }

        /** The pod end's address, the initiator of the node's test traffic. */
        String podAddress() {
            return capture.peer().ipv4().getHostAddress();
        }

        /** The node end's address on the captured link. */
        String nodeCaptureAddress() {
            return capture.host().ipv4().getHostAddress();
        }
    }

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final NetNs jm;
    private final VethPair rootLink;
    private final List<Node> nodes = new ArrayList<>();
    private final String captureInterface;

    ClusterNetwork(int nodeCount) {
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        String base = "fld" + HexFormat.of().formatHex(random); // 9 characters + "a"/"b"
        captureInterface = base + "a";
        try {
            jm = open(NetNs.create());
            rootLink = open(VethPair.create(NetNs.root(), jm));
            // node to node (shuffle) goes through the JobManager's namespace, as through a switch
            jm.exec("sysctl", "-q", "-w", "net.ipv4.ip_forward=1").checked();
            for (int i = 0; i < nodeCount; i++) {
                NetNs ns = open(NetNs.create());
                VethPair uplink = open(VethPair.create(jm, ns));
                Command.run("ip", "-n", ns.name(), "route", "add", "default", "via",
                        uplink.host().ipv4().getHostAddress()).checked();
                NetNs pod = open(NetNs.create());
                VethPair capture = open(VethPair.create(ns, pod, base));
                nodes.add(new Node(ns, uplink, pod, capture));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T open(T resource) {
        opened.add(resource);
        return resource;
    }

    /** The JobManager's namespace. */
    NetNs jm() {
        return jm;
    }

    /** The JobManager's address, reachable from the test (root namespace) and from every node. */
    String jmAddress() {
        return rootLink.peer().ipv4().getHostAddress();
    }

    List<Node> nodes() {
        return nodes;
    }

    /** The name of the captured veth end on every node. */
    String captureInterface() {
        return captureInterface;
    }

    /** Deletes the namespaces (their veths and processes with them), newest first. */
    @Override
    public void close() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                System.err.println("cleaning up " + opened.get(i) + ": " + e);
            }
        }
        opened.clear();
    }
}
