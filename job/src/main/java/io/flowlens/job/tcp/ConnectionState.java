package io.flowlens.job.tcp;

/** Where a TCP connection is in its life, as seen at the capture point (the seed's {@code connection_state}). */
public enum ConnectionState {
    /** Handshake not complete yet (SYN, possibly SYN-ACK, seen). */
    NEW,
    /** Handshake completed, or the connection was already running when capture began. */
    ESTABLISHED,
    /** A FIN has been seen in one direction. */
    CLOSING,
    /** FINs have been seen in both directions (the last ACK may still follow). */
    CLOSED,
    /** A RST ended the connection. */
    RESET
}
