package io.flowlens.sources.packet.split;

import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * A unit of capture: live capture on one host (exactly one per node), or the replay of one capture
 * file. Immutable; progress lives in {@link #packetsDone} and {@link #emitterState} of the copy a
 * reader snapshots.
 */
public final class PacketSplit implements SourceSplit {
    public enum Kind { LIVE, FILE }

    private final Kind kind;
    private final String target;
    private final long packetsDone;
    private final byte[] emitterState;

    private PacketSplit(Kind kind, String target, long packetsDone, byte[] emitterState) {
        this.kind = Objects.requireNonNull(kind);
        this.target = Objects.requireNonNull(target);
        this.packetsDone = packetsDone;
        this.emitterState = emitterState.clone();
    }

    /** Live capture on the node whose Flink location is {@code host}. */
    public static PacketSplit live(String host) {
        return new PacketSplit(Kind.LIVE, host, 0, new byte[0]);
    }

    /** Replay of a capture file (an absolute path, readable on the TaskManagers). */
    public static PacketSplit file(String path) {
        return new PacketSplit(Kind.FILE, path, 0, new byte[0]);
    }

    public static PacketSplit restore(Kind kind, String target, long packetsDone, byte[] emitterState) {
        return new PacketSplit(kind, target, packetsDone, emitterState);
    }

    public PacketSplit withProgress(long packets, byte[] state) {
        return new PacketSplit(kind, target, packets, state);
    }

    @Override
    public String splitId() {
        return kind.name().toLowerCase() + ":" + target;
    }

    public Kind kind() {
        return kind;
    }

    /** Host of a LIVE split, path of a FILE split. */
    public String target() {
        return target;
    }

    /** Packets of the file already turned into records (FILE); 0 for LIVE. */
    public long packetsDone() {
        return packetsDone;
    }

    public byte[] emitterState() {
        return emitterState.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PacketSplit s && s.kind == kind && s.target.equals(target) && s.packetsDone == packetsDone
                && Arrays.equals(s.emitterState, emitterState);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, target, packetsDone);
    }

    @Override
    public String toString() {
        return splitId() + (packetsDone > 0 ? "@" + packetsDone : "");
    }
}
