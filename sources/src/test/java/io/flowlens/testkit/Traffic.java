package io.flowlens.testkit;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bounded traffic from real programs run inside namespaces. Every helper refuses destinations outside loopback and
 * the benchmarking ranges ({@link TestAddresses}), bounds its count and runs under a timeout.
 */
public final class Traffic {

    /** Most echo requests one {@link #ping} may send. */
    public static final int MAX_PINGS = 1000;

    private static final Pattern PING_SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");
    private static final String CURL_MARK = "\n@@flowlens-curl ";

    private Traffic() {}

    /**
     * Sends {@code count} echo requests 200 ms apart, waiting at most 1 s for each reply.
     *
     * @param addr an IPv4 or IPv6 literal in a test range
     */
    public static PingResult ping(NetNs from, String addr, int count) {
        TestAddresses.requireTestAddress(addr);
        if (count < 1 || count > MAX_PINGS) {
            throw new IllegalArgumentException("count must be 1.." + MAX_PINGS + ", was " + count);
        }
        int deadlineSeconds = (int) Math.ceil(count * 0.2) + 2;
        Command.Result r = from.exec(Duration.ofSeconds(deadlineSeconds + 10),
                "ping", "-n", "-c", Integer.toString(count), "-i", "0.2", "-W", "1",
                "-w", Integer.toString(deadlineSeconds), addr);
        Matcher m = PING_SUMMARY.matcher(r.stdout());
        if (!m.find()) {
            throw new IllegalStateException("no summary from ping (exit " + r.exitCode() + "): " + r.stdout()
                    + r.stderr());
        }
        return new PingResult(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), r.stdout());
    }

    /**
     * Fetches {@code url} once with curl: no proxy, 5 s to connect, 15 s in all. Failures are reported in the result
     * (exit code, status 0), not thrown.
     *
     * @param url an {@code http://} URL whose host is an IP literal in a test range
     */
    public static CurlResult curl(NetNs from, String url) {
        return curl(from, url, Duration.ofSeconds(15));
    }

    /**
     * Fetches {@code url} once with curl, giving up after {@code maxTime} in all (a transfer over a lossy link);
     * otherwise as {@link #curl(NetNs, String)}.
     */
    public static CurlResult curl(NetNs from, String url, Duration maxTime) {
        TestAddresses.requireTestUrl(url);
        if (maxTime.isNegative() || maxTime.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("curl's max time must be 0..1 min, was " + maxTime);
        }
        Command.Result r = from.exec(maxTime.plusSeconds(15),
                "curl", "-sS", "--noproxy", "*", "--connect-timeout", "5", "--max-time",
                Double.toString(maxTime.toMillis() / 1000.0),
                "-o", "-", "-w", CURL_MARK + "%{http_code} %{size_download}", url);
        int mark = r.stdout().lastIndexOf(CURL_MARK);
        if (mark < 0) {
            return new CurlResult(0, 0, "", r.exitCode(), r.stderr());
        }
        String[] tail = r.stdout().substring(mark + CURL_MARK.length()).strip().split(" ");
        return new CurlResult(Integer.parseInt(tail[0]), Long.parseLong(tail[1]), r.stdout().substring(0, mark),
                r.exitCode(), r.stderr());
    }

    /**
     * Starts {@code python3 -m http.server} serving {@code directory} on {@code bind:port} inside {@code ns}, and
     * returns once it listens.
     *
     * @param bind an address of {@code ns} in a test range
     */
    public static HttpServer httpServer(NetNs ns, InetAddress bind, int port, Path directory) {
        return HttpServer.start(ns, bind, port, directory);
    }
}
