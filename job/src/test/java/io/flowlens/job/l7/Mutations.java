package io.flowlens.job.l7;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Random runs of segments in the {@link FuzzedSegments} format, built from a protocol's message pieces. */
public final class Mutations {
    private Mutations() {}

    public static byte[] segments(Random random, String[] pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int segments = 1 + random.nextInt(12);
        for (int s = 0; s < segments; s++) {
            StringBuilder text = new StringBuilder();
            int parts = 1 + random.nextInt(8);
            for (int p = 0; p < parts; p++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
            if (bytes.length > 0 && random.nextInt(4) == 0) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            int length = Math.min(255, bytes.length);
            out.write(random.nextInt(256));
            out.write(length);
            out.write(bytes, 0, length);
        }
        return out.toByteArray();
    }
}
