package io.github.washjava.cli;

import io.github.washjava.report.HtmlReport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wash report RUN_DIR...}: one self-contained report.html, written into the first directory. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a self-contained report.html (tables, embedded charts, configuration) for runs, "
                + "comparisons or sweeps, into the first directory.")
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run, comparison or sweep directories.")
    List<Path> dirs;

    @Override
    public Integer call() {
        Path report = HtmlReport.write(dirs);
        spec.commandLine().getOut().println("Report: " + report);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
