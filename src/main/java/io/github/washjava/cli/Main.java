package io.github.washjava.cli;

import io.github.washjava.train.TrainingInterruptedException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wash}: the root command. Results go to stdout; progress and errors to stderr. */
@Command(name = "wash", mixinStandardHelpOptions = true, version = "wash 0.1.0",
        description = "Train a population with WASH weight shuffling, then average it into one model "
                + "(Fournier et al., arXiv 2405.17517).",
        subcommands = {TrainCommand.class, CompareCommand.class, SweepCommand.class, LaunchCommand.class, ReportCommand.class, EvalCommand.class, PredictCommand.class, ExportCommand.class,
                BenchCommand.class, BenchLoaderCommand.class, BenchLayersCommand.class, ToyCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    @Option(names = {"-x", "--stacktrace"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Print the stack trace of an error, not just its one-line message.")
    boolean stacktrace;

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        StopSignal.commandFinished();
        if (!StopSignal.signalled()) { // after Ctrl-C the JVM is already exiting; System.exit would block
            System.exit(code);
        }
    }

    /** The configured command line (also used by tests, in process). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            boolean trace = parseResult.hasMatchedOption("--stacktrace") || parseResult.subcommand() != null
                    && parseResult.subcommand().hasMatchedOption("--stacktrace");
            if (trace) {
                e.printStackTrace(err);
            } else if (e instanceof TrainingInterruptedException) {
                err.println(e.getMessage());
            } else {
                String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                err.println("error: " + message);
            }
            err.flush();
            return ExitCodes.of(e);
        });
        cl.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("error: " + e.getMessage());
            err.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options.");
            err.flush();
            return ExitCodes.INVALID_INPUT;
        });
        return cl;
    }
}
