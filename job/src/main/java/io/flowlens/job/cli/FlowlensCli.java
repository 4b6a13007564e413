package io.flowlens.job.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The flowlens command line: {@code flowlens run ...}. bin/flowlens adds demo, test and setup around it. */
@Command(name = "flowlens", mixinStandardHelpOptions = true, version = "flowlens 0.1.0",
        description = "Captures packets with eBPF (or replays captures) and writes ML-ready flow datasets.",
        subcommands = {RunCommand.class})
public final class FlowlensCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line; the exit code (0 ok, 2 bad usage, 1 failure). */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #execute(String...)}, writing help and errors to the given writers. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new FlowlensCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("flowlens: " + (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    ? e.getMessage() : e.toString()));
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
