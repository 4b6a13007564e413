package io.flowlens.sources.system;

import java.io.File;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The busiest processes between two readings, from utime + stime in every /proc/[pid]/stat. A
 * process is known by pid and start time, so a reused pid starts afresh instead of showing the old
 * process's ticks as new work. Processes that started and exited between two readings are not seen.
 */
final class ProcessCpuTop {
    private static final int TOP = 3;

    private final Map<Integer, Proc> procs = new HashMap<>();
    private final long[] topTicks = new long[TOP];
    private final String[] topNames = new String[TOP];
    private long generation;

    /**
     * Reads every process and returns the top three as "comm:percent;…", where percent is the
     * process's share of {@code cpuTicks}, the jiffies all CPUs had since the previous call.
     */
    String read(ProcFile f, long cpuTicks) {
        generation++;
        Arrays.fill(topTicks, 0);
        Arrays.fill(topNames, null);
        String[] entries = new File("/proc").list();
        if (entries == null) {
            throw new IllegalStateException("cannot list /proc: it is needed for process_cpu_top3");
        }
        for (String e : entries) {
            if (!e.isEmpty() && e.charAt(0) >= '1' && e.charAt(0) <= '9') {
                readProcess(f, e);
            }
        }
        procs.values().removeIf(p -> p.generation != generation);
        return format(cpuTicks);
    }

    private void readProcess(ProcFile f, String pid) {
        if (!f.read("/proc/" + pid + "/stat")) {
            return; // exited since /proc was listed
        }
        // "pid (comm) state ...": comm may hold spaces and ')', so the fields start after the last ')'
        int open = f.indexOf((byte) '(');
        int close = f.lastIndexOf((byte) ')');
        if (open < 0 || close < open) {
            return;
        }
        f.seek(close + 1);
        f.skipFields(11); // fields 3..13: state .. cmajflt
        long ticks = f.nextLong() + f.nextLong(); // 14 utime, 15 stime
        f.skipFields(6); // 16..21: cutime .. itrealvalue
        long start = f.nextLong(); // 22 starttime
        Proc p = procs.computeIfAbsent(Integer.valueOf(pid), k -> new Proc());
        long delta = p.start == start && p.generation > 0 ? Math.max(0, ticks - p.ticks) : 0;
        p.start = start;
        p.ticks = ticks;
        p.generation = generation;
        if (delta > topTicks[TOP - 1]) {
            insert(delta, f.string(open + 1, close));
        }
    }

    private void insert(long ticks, String comm) {
        int i = TOP - 1;
        while (i > 0 && topTicks[i - 1] < ticks) {
            topTicks[i] = topTicks[i - 1];
            topNames[i] = topNames[i - 1];
            i--;
        }
        topTicks[i] = ticks;
        topNames[i] = comm;
    }

    private String format(long cpuTicks) {
        StringBuilder sb = new StringBuilder(64);
        for (int i = 0; i < TOP && topNames[i] != null && cpuTicks > 0; i++) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            // ':' and ';' separate the list, so they cannot stay in a name
            sb.append(topNames[i].replace(':', '_').replace(';', '_')).append(':')
                    .append(String.format(Locale.ROOT, "%.1f", 100.0 * topTicks[i] / cpuTicks));
        }
        return sb.toString();
    }

    private static final class Proc {
        long start;
        long ticks;
        long generation;
    }
}
