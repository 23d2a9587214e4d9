package io.github.washjava.cli;

import io.github.washjava.data.DataBundle;
import io.github.washjava.data.Datasets;
import io.github.washjava.eval.Evaluator;
import io.github.washjava.model.ActivationLayout;
import io.github.washjava.model.ComputeDevice;
import io.github.washjava.model.ModelArchive;
import io.github.washjava.util.InvalidInputException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wash eval}: test accuracy of a saved model. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a saved model on a test set.")
public final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model archive written by train (models/*.pt).")
    Path model;
    @Option(names = "--dataset", defaultValue = "fashion-mnist", description = "Dataset name (default ${DEFAULT-VALUE}).")
    String dataset;
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default for fashion-mnist: /usr/share/datasets/fashion-mnist).")
    Path data;
    @Option(names = "--test-limit", defaultValue = "0", description = "Use only the first K test images (default 0 = all).")
    int testLimit;
    @Option(names = "--image-size", defaultValue = "0", description = "Image side for --dataset folder; 0 = the side the model was trained on (default ${DEFAULT-VALUE}).")
    int imageSize;
    @Mixin
    DeviceOption device;

    @Override
    public Integer call() {
        ComputeDevice on = device.resolve();
        ModelArchive.Loaded loaded = ModelArchive.load(model);
        Path dir = data != null ? data : Datasets.defaultDirectory(dataset);
        var s = loaded.spec();
        DataBundle bundle = Datasets.load(dataset, dir, 0, testLimit, 0.02, imageSize > 0 ? imageSize : s.height());
        var test = bundle.test();
        if (test.channels() != s.channels() || test.height() != s.height() || test.width() != s.width()
                || test.classes() != s.classes()) {
            throw new InvalidInputException("model: expected a model for " + test.channels() + "x" + test.height() + "x"
                    + test.width() + " images and " + test.classes() + " classes (" + dataset + "), found one for "
                    + s.channels() + "x" + s.height() + "x" + s.width() + " and " + s.classes() + " classes");
        }
        on.moveModule(loaded.model());
        loaded.model().activationLayout(ActivationLayout.resolve("memory-format", "auto", on)); // as training's default
        // The normalisation stored with the model is the one it was trained with.
        double accuracy = new Evaluator(test, loaded.normalization(), 500).accuracy(loaded.model());
        spec.commandLine().getOut().printf(Locale.ROOT, "%s on %s test (%d images): accuracy %.2f%%%n", model, dataset,
                test.size(), 100 * accuracy);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
