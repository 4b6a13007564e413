package io.flowlens.sources.hubble;

import io.flowlens.sources.hubble.api.GetFlowsResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Hubble flows from a JSON-lines file ({@code hubble observe -o jsonpb > FILE}, or Cilium's flow export file),
 * either to its end (a replay) or following it as it grows and as it is rotated: Cilium's exporter (lumberjack)
 * renames the full file and starts a new one at the same path; the reader finishes the old file, then opens the new
 * one from its start. A file cut back (copytruncate) is read again from its start. A line that is not a Hubble
 * response is counted, logged with its file and line number, and skipped; a line still being written (no newline
 * yet) waits for its end.
 */
public final class HubbleFileTail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HubbleFileTail.class);
    /** Flow lines are a few KB; a longer "line" is a file of something else. */
    static final int MAX_LINE_BYTES = 4 << 20;

    /** Receives each flow with the file offset just after its line (where a restored reader starts). */
    @FunctionalInterface
    public interface Sink {
        void accept(HubbleFlow flow, long offsetAfter) throws InterruptedException;
    }

    private final Path path;
    private final boolean follow;
    private final long pollMillis;
    private final HubbleStatus status;
    private volatile boolean closed;

    private FileChannel channel;
    private Object fileKey;
    private long position;
    private long lineNumber;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 << 10);
    private byte[] pending = new byte[1024];
    private int pendingLength;
    private boolean discarding;

    /**
     * @param startOffset where to start in the file (a restored reader's offset; 0 for the beginning)
     * @param follow keep reading as the file grows and rotates, until closed; false: read to the end, then return
     */
    public HubbleFileTail(Path path, long startOffset, boolean follow, long pollMillis, HubbleStatus status) {
        this.path = Objects.requireNonNull(path, "path");
        this.position = startOffset;
        this.follow = follow;
        this.pollMillis = pollMillis;
        this.status = status;
    }

    /** Reads (and follows) the file, handing each flow to the sink. */
    public void run(Sink sink) throws IOException, InterruptedException {
        try {
            while (!closed) {
                if (channel == null && !open()) {
                    if (!follow) {
                        throw new NoSuchFileException(path.toString(), null, "Hubble flows file does not exist");
                    }
                    TimeUnit.MILLISECONDS.sleep(pollMillis);
                    continue;
                }
                if (readSome(sink)) {
                    continue;
                }
                // at the end of what is there
                if (!follow) {
                    finishLastLine(sink);
                    return;
                }
                if (replaced()) {
                    while (readSome(sink)) {
                        // what the writer added just before the rename, if this thread looked in between
                    }
                    finishLastLine(sink);
                    LOG.info("hubble file {}: rotated after {} lines; reading the new file", path, lineNumber);
                    channel.close();
                    channel = null;
                    position = 0;
                    continue;
                }
                status.logIfDue(30_000);
                TimeUnit.MILLISECONDS.sleep(pollMillis);
            }
        } finally {
            if (channel != null) {
                channel.close();
            }
        }
    }

    private boolean open() throws IOException {
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false;
        }
        fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        if (position > channel.size()) {
            LOG.warn("hubble file {} is shorter ({} bytes) than the offset to resume from ({}); reading it from the start",
                    path, channel.size(), position);
            position = 0;
        }
        channel.position(position);
        lineNumber = 0;
        pendingLength = 0;
        status.connected(true);
        LOG.info("hubble file {}: reading from offset {}{}", path, position, follow ? ", following it" : "");
        return true;
    }

    /** Another file now at the path (rotated), or this one cut shorter than what was read (truncated). */
    private boolean replaced() throws IOException {
        try {
            Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            if (!Objects.equals(key, fileKey)) {
                return true;
            }
            if (channel.size() < position) {
                LOG.warn("hubble file {} was truncated; reading it again from its start", path);
                return true;
            }
            return false;
        } catch (NoSuchFileException e) {
            return false; // between the rename and the new file: wait for it
        }
    }

    /** Reads what is there; true when something was read. */
    private boolean readSome(Sink sink) throws IOException, InterruptedException {
        buffer.clear();
        int n = channel.read(buffer);
        if (n <= 0) {
            return false;
        }
        buffer.flip();
        long chunkStart = position;
        position += n;
        byte[] a = buffer.array();
        int lineStart = 0;
        for (int i = 0; i < n; i++) {
            if (a[i] == '\n') {
                append(a, lineStart, i - lineStart);
                line(sink, chunkStart + i + 1);
                lineStart = i + 1;
            }
        }
        append(a, lineStart, n - lineStart);
        return true;
    }

    private void append(byte[] a, int from, int length) {
        if (discarding) {
            return;
        }
        if (pendingLength + length > MAX_LINE_BYTES) {
            discarding = true;
            return;
        }
        if (pendingLength + length > pending.length) {
            pending = java.util.Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
        }
        System.arraycopy(a, from, pending, pendingLength, length);
        pendingLength += length;
    }

    private void finishLastLine(Sink sink) throws InterruptedException {
        if (pendingLength > 0 || discarding) {
            line(sink, position);
        }
    }

    private void line(Sink sink, long offsetAfter) throws InterruptedException {
        lineNumber++;
        if (discarding) {
            discarding = false;
            pendingLength = 0;
            malformed("longer than " + MAX_LINE_BYTES + " bytes");
            return;
        }
        String text = new String(pending, 0, pendingLength, StandardCharsets.UTF_8).strip();
        pendingLength = 0;
        if (text.isEmpty()) {
            return;
        }
        GetFlowsResponse r;
        try {
            r = HubbleResponses.parseJson(text);
        } catch (Exception e) { // InvalidProtocolBufferException, or Gson's own on broken JSON
            malformed(e.getMessage());
            return;
        }
        HubbleResponses.dispatch(r, status, f -> sink.accept(f, offsetAfter));
    }

    private void malformed(String why) {
        status.onMalformed("line " + lineNumber);
        LOG.warn("hubble file {} line {}: not a Hubble flow, skipped: {}", path, lineNumber, why);
    }

    @Override
    public void close() {
        closed = true;
    }
}
