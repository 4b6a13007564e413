package io.flowlens.testkit;

import java.net.InetAddress;

/**
 * One row of tshark's conversation table ({@code -z conv,tcp} or {@code -z conv,udp}).
 *
 * <p>Direction: endpoint A is the source of the first packet tshark saw in the conversation (for a TCP connection
 * captured from its start, the SYN sender, i.e. the client); B is the other endpoint. {@code *AtoB} counts packets
 * sent by A to B, {@code *BtoA} packets sent by B to A. Bytes are whole frame lengths (link-layer headers included,
 * as tshark's {@code frame.len}).
 *
 * @param proto {@code "tcp"} or {@code "udp"}
 * @param addrA endpoint A's address
 * @param portA endpoint A's port
 * @param addrB endpoint B's address
 * @param portB endpoint B's port
 * @param framesAtoB frames sent by A
 * @param bytesAtoB bytes of the frames sent by A
 * @param framesBtoA frames sent by B
 * @param bytesBtoA bytes of the frames sent by B
 */
public record Conversation(
        String proto,
        InetAddress addrA,
        int portA,
        InetAddress addrB,
        int portB,
        long framesAtoB,
        long bytesAtoB,
        long framesBtoA,
        long bytesBtoA) {

    /** Frames in both directions. */
    public long frames() {
        return framesAtoB + framesBtoA;
    }

    /** Bytes in both directions. */
    public long bytes() {
        return bytesAtoB + bytesBtoA;
    }
}
