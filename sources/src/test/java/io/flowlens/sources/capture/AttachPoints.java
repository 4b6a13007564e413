package io.flowlens.sources.capture;

import io.flowlens.testkit.Command;
import io.flowlens.testkit.TcPrograms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the kernel and its tools say is attached to an interface, read independently of flowlens's own bookkeeping:
 * {@code tc filter show}, {@code bpftool net show}, {@code bpftool link show}, {@code bpftool prog show} and, for
 * the interface of a TCX link, {@code /proc/PID/fdinfo} through {@link TcPrograms}.
 */
final class AttachPoints {
    static final String OUR_PROGRAM = "fl_tc_";
    private static final Pattern JSON_ID = Pattern.compile("\\{\"id\":(\\d+)");
    private static final Pattern TC_PROG_ID = Pattern.compile("\\bid (\\d+)");
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(10);


    private AttachPoints() {}

    /** Ids of every BPF link in the system. */
    static Set<Integer> systemLinkIds() {
        return jsonIds(Command.run("bpftool", "-j", "link", "show").checked().stdout());
    }

    /** Ids of every loaded BPF program. */
    static Set<Integer> loadedProgramIds() {
        return jsonIds(Command.run("bpftool", "-j", "prog", "show").checked().stdout());
    }

    private static Set<Integer> jsonIds(String json) {
        Set<Integer> ids = new HashSet<>();
        Matcher m = JSON_ID.matcher(json);
        while (m.find()) {
            ids.add(Integer.parseInt(m.group(1)));
        }
        return ids;
    }

    /** Lines of {@code tc filter show dev DEV ingress|egress} naming flowlens's programs; none once DEV is gone. */
    static List<String> ourTcFilters(String dev, String direction) {
        Command.Result r = Command.run("tc", "filter", "show", "dev", dev, direction);
        if (r.exitCode() != 0 && r.stderr().contains("Cannot find device")) {
            return List.of();
        }
        return r.checked().stdout().lines().filter(l -> l.contains(OUR_PROGRAM)).toList();
    }

    /** Program ids in {@code tc filter show} lines. */
    static Set<Integer> programIds(List<String> tcFilterLines) {
        Set<Integer> ids = new HashSet<>();
        for (String line : tcFilterLines) {
            Matcher m = TC_PROG_ID.matcher(line);
            if (m.find()) {
                ids.add(Integer.parseInt(m.group(1)));
            }
        }
        return ids;
    }

    /** Lines of {@code bpftool net show dev DEV} naming flowlens's programs; none once DEV is gone. */
    static List<String> ourBpftoolNetLines(String dev) {
        Command.Result r = Command.run("bpftool", "net", "show", "dev", dev);
        return r.exitCode() != 0 ? List.of() : r.stdout().lines().filter(l -> l.contains(OUR_PROGRAM)).toList();
    }

    /**
     * flowlens's attachments to one interface at one moment: the TCX links a process holds on it and our tc filters
     * on it, with their link and program ids.
     */
    record Seen(List<String> attachments, Set<Integer> linkIds, Set<Integer> programIds) {
        Seen plus(Seen other) {
            return new Seen(concat(attachments, other.attachments), union(linkIds, other.linkIds),
                    union(programIds, other.programIds));
        }
    }

    /** What of ours is attached to {@code dev} (index {@code ifindex}), TCX links counted only if {@code pid} holds them. */
    static Seen seen(long pid, String dev, int ifindex) {
        List<String> attachments = new ArrayList<>();
        Set<Integer> links = new HashSet<>();
        Set<Integer> programs = new HashSet<>();
        for (TcPrograms.TcxLink l : TcPrograms.linksHeldBy(pid, ifindex)) {
            attachments.add(l.toString());
            links.add(l.linkId());
            programs.add(l.progId());
        }
        for (String direction : List.of("ingress", "egress")) {
            List<String> filters = ourTcFilters(dev, direction);
            filters.forEach(f -> attachments.add("tc " + direction + ": " + f));
            programs.addAll(programIds(filters));
        }
        return new Seen(attachments, links, programs);
    }

    /**
     * Everything of ours still attached to {@code dev}, and which links and programs seen earlier still exist: tc
     * filters, bpftool lines, link ids, program ids. Empty when nothing was left behind.
     */
    static List<String> leftovers(String dev, Seen earlier) {
        List<String> left = new ArrayList<>();
        ourTcFilters(dev, "ingress").forEach(l -> left.add("tc ingress: " + l));
        ourTcFilters(dev, "egress").forEach(l -> left.add("tc egress: " + l));
        ourBpftoolNetLines(dev).forEach(l -> left.add("bpftool net: " + l));
        Set<Integer> links = systemLinkIds();
        earlier.linkIds().stream().filter(links::contains).forEach(id -> left.add("bpftool link: id " + id));
        Set<Integer> programs = loadedProgramIds();
        earlier.programIds().stream().filter(programs::contains).forEach(id -> left.add("bpftool prog: id " + id));
        return left;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * Waits until {@code probe} returns an empty list, at most a bound; returns its last answer. The kernel releases
     * a dead process's links as it tears the process down, so an answer may lag its exit by a moment.
     */
    static List<String> awaitEmpty(Supplier<List<String>> probe) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
        List<String> last = probe.get();
        while (!last.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = probe.get();
        }
        return last;
    }
}
