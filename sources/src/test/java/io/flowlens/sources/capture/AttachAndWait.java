package io.flowlens.sources.capture;

import io.flowlens.sources.bpf.BpfObject;
import io.flowlens.sources.bpf.TcAttacher;
import java.time.Duration;

/**
 * Run in a child JVM by the detach tests: attaches a live capture to one interface, prints "attached" and waits to be
 * killed. It exits by itself after a bound, so a test that forgets it leaves nothing running for long.
 *
 * <p>Arguments: interface name, attach mode (TCX or CLSACT).
 */
public final class AttachAndWait {
    static final String READY = "attached";
    private static final Duration MAX_LIFETIME = Duration.ofSeconds(120);

    private AttachAndWait() {}

    public static void main(String[] args) throws InterruptedException {
        LiveCapture capture = LiveCapture.start(InterfaceSpec.parse(args[0]), BpfObject.Options.defaults(),
                TcAttacher.Mode.valueOf(args[1]), Duration.ofMinutes(10));
        System.out.println(READY + " " + capture.interfaces() + " " + capture.attachMode());
        System.out.flush();
        Thread.sleep(MAX_LIFETIME); // never closed on purpose: the test kills this JVM with SIGKILL
    }
}
