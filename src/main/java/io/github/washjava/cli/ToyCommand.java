package io.github.washjava.cli;

import io.github.washjava.util.AtomicFiles;
import io.github.washjava.util.InvalidInputException;
import io.github.washjava.toy.ToyExperiment;
import io.github.washjava.toy.ToyExperiment.Options;
import io.github.washjava.toy.ToyExperiment.Outcome;
import io.github.washjava.toy.ToyExperiment.Point;
import io.github.washjava.toy.ToyExperiment.Trajectory;
import io.github.washjava.toy.ToyFigure;
import io.github.washjava.toy.ToyLoss;
import io.github.washjava.toy.ToyMethod;
import io.github.washjava.toy.ToySuccessRates;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wash toy}: the paper's 2D illustration (Figure 3), docs/method.md §9; see docs/toy.md. */
@Command(name = "toy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train two points with each method on a 2D loss with two local minima and one lower global "
                + "minimum, and draw their trajectories over the loss's contour lines (the paper's Figure 3).",
                "Writes toy.png, toy.svg and trajectories.csv (method,point,step,x,y) into --out. The loss and the "
                        + "defaults are documented in docs/toy.md."})
public final class ToyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/toy",
            description = "Directory for toy.png, toy.svg and trajectories.csv (default ${DEFAULT-VALUE}); files there "
                    + "with these names are replaced.")
    Path out;
    @Option(names = "--start", paramLabel = "X,Y",
            description = "A starting point; give it twice (default -2.0,1.6 and 1.0,-0.3; write --start=-2,1.6 or "
                    + "--start -2,1.6).")
    List<String> starts = new ArrayList<>();
    @Option(names = "--methods", split = ",", paramLabel = "M", defaultValue = "separate,papa,wash",
            description = "Methods to train and draw, comma-separated: separate, papa, wash, sparta (default ${DEFAULT-VALUE}).")
    List<String> methods;
    @Option(names = "--lr", defaultValue = "0.1", description = "Constant SGD learning rate (default ${DEFAULT-VALUE}).")
    double lr;
    @Option(names = "--steps", defaultValue = "1000", description = "SGD steps (default ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--noise", defaultValue = "0.2",
            description = "Standard deviation of the Gaussian noise added to each gradient coordinate (default ${DEFAULT-VALUE}).")
    double noise;
    @Option(names = {"--p", "--shuffle-probability"}, defaultValue = "0.0075",
            description = "WASH/SPARTA: probability of selecting each coordinate at each step (default ${DEFAULT-VALUE}); "
                    + "a selected coordinate's two values are swapped with probability 1/2.")
    double p;
    @Option(names = "--papa-alpha", defaultValue = "0.5",
            description = "PAPA's alpha: each pull moves a point (1 - alpha) of the way to the mean (default ${DEFAULT-VALUE}).")
    double papaAlpha;
    @Option(names = "--papa-every", defaultValue = "1", description = "PAPA's period in steps (default ${DEFAULT-VALUE}).")
    int papaEvery;
    @Option(names = "--seed", defaultValue = "0", description = "Seed of the gradient noise and the shuffles (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--rates", paramLabel = "N", defaultValue = "0",
            description = "Also train seeds seed .. seed+N-1 and print where each method's points ended (default ${DEFAULT-VALUE}: off).")
    int rates;

    @Override
    public Integer call() {
        List<String> problems = new ArrayList<>();
        List<ToyMethod> chosen = parseMethods(problems);
        Options options = new Options(parseStarts(problems), lr, steps, noise, p, papaAlpha, papaEvery, seed);
        boolean startReported = problems.stream().anyMatch(s -> s.startsWith("start:"));
        for (String problem : options.problems()) {
            if (!(startReported && problem.startsWith("start:"))) {
                problems.add(problem);
            }
        }
        if (rates < 0) {
            problems.add("rates: expected an integer >= 0, found " + rates);
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            problems.add("out: expected a directory, found a file " + out);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(String.join(System.lineSeparator(), problems));
        }
        ToyLoss loss = ToyLoss.standard();
        ToyExperiment experiment = new ToyExperiment(loss, options);
        List<Trajectory> trajectories = experiment.runAll(chosen);

        XYChart chart = ToyFigure.chart(loss, trajectories, options.starts(),
                "Two points on a 2D loss: " + String.join(", ", chosen.stream().map(ToyMethod::label).toList()));
        Path png = AtomicFiles.write(out.resolve("toy.png"), ToyFigure.png(chart));
        Path svg = AtomicFiles.write(out.resolve("toy.svg"), ToyFigure.svg(chart));
        Path csv = AtomicFiles.write(out.resolve("trajectories.csv"),
                ToyFigure.csv(trajectories).getBytes(StandardCharsets.UTF_8));

        PrintWriter o = spec.commandLine().getOut();
        o.println("Loss: " + loss.formula());
        o.println("Minima: " + String.join("; ", loss.minima().stream().map(ToyLoss.Minimum::describe).toList()));
        o.printf(Locale.ROOT, "Seed %d, %d steps, lr %s, noise %s, p %s, PAPA alpha %s every %d step(s)%n%n", seed, steps,
                lr, noise, p, papaAlpha, papaEvery);
        o.println("| method | point 0 ends in | point 1 ends in | values exchanged |");
        o.println("|---|---|---|---|");
        for (Trajectory t : trajectories) {
            Outcome r = experiment.outcome(t);
            o.printf(Locale.ROOT, "| %s | %s | %s | %d |%n", t.method().label(), where(r.first(), t.end(0)),
                    where(r.second(), t.end(1)), t.valuesSent());
        }
        if (rates > 0) {
            printRates(o, loss, options, chosen);
        }
        o.println();
        o.println("Wrote " + png + ", " + svg + ", " + csv);
        o.flush();
        return ExitCodes.OK;
    }

    private void printRates(PrintWriter o, ToyLoss loss, Options options, List<ToyMethod> chosen) {
        o.printf(Locale.ROOT, "%nWhere the two points ended over seeds %d..%d:%n%n", seed, seed + rates - 1);
        o.println("| method | two different local minima | both in one minimum | both in the global minimum | endings |");
        o.println("|---|---|---|---|---|");
        for (ToyMethod m : chosen) {
            ToySuccessRates r = ToySuccessRates.measure(loss, options, m, rates);
            String ends = String.join(", ", r.endings().entrySet().stream().map(en -> en.getKey() + " ×" + en.getValue())
                    .toList());
            o.printf(Locale.ROOT, "| %s | %d/%d | %d/%d | %d/%d | %s |%n", m.label(), r.twoLocalMinima(), rates,
                    r.sameMinimum(), rates, r.bothGlobal(), rates, ends);
        }
    }

    /** "L1 (local) at (−0.96, 0.90)", "G (global) at ...", "no minimum, at ...". */
    private static String where(Optional<ToyLoss.Minimum> m, Point end) {
        String at = String.format(Locale.ROOT, "at (%.2f, %.2f)", end.x(), end.y());
        return m.map(min -> min.name() + (min.global() ? " (global) " : " (local) ") + at).orElse("no minimum, " + at);
    }

    private List<ToyMethod> parseMethods(List<String> problems) {
        List<ToyMethod> out = new ArrayList<>();
        for (String name : methods) {
            Optional<ToyMethod> m = ToyMethod.byKey(name.trim());
            if (m.isEmpty()) {
                problems.add("methods: expected a comma-separated list of " + String.join(", ", ToyMethod.NAMES)
                        + ", found \"" + name + "\"");
            } else if (!out.contains(m.get())) {
                out.add(m.get());
            }
        }
        return out;
    }

    private List<Point> parseStarts(List<String> problems) {
        if (starts.isEmpty()) {
            return Options.DEFAULT_STARTS;
        }
        List<Point> out = new ArrayList<>();
        for (String s : starts) {
            String[] parts = s.split(",", -1);
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                out.add(new Point(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())));
            } catch (NumberFormatException e) {
                problems.add("start: expected two numbers X,Y, found \"" + s + "\"");
            }
        }
        if (out.size() == starts.size() && out.size() != 2) {
            problems.add("start: expected exactly two starting points (--start X,Y twice), found " + out.size());
        }
        return out;
    }
}
