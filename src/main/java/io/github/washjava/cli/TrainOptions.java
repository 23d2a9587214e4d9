package io.github.washjava.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The training options shared by {@code train} (and later {@code compare} and {@code sweep}). Each
 * option's long name is its config key. Options left unset keep the config file's value or the
 * documented default, so fields are boxed and start null.
 */
public final class TrainOptions {
    /** Options of the commands that are not config keys. */
    private static final Set<String> NOT_CONFIG = Set.of("config", "help", "version", "stacktrace", "methods", "resume",
            "rank", "world-size", "master", "run-id", "rendezvous-timeout", "peer-timeout");

    @Option(names = "--dataset", description = "fashion-mnist, mnist, cifar10, cifar100, folder or synthetic (default fashion-mnist).")
    String dataset;
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default for fashion-mnist: /usr/share/datasets/fashion-mnist).")
    String data;
    @Option(names = "--model", description = "mlp, small-cnn, resnet20, resnet18, vgg16, resnet18-imagenet or resnet50 (default small-cnn).")
    String model;
    @Option(names = "--population", paramLabel = "N", description = "Number of members (default 5).")
    Integer population;
    @Option(names = "--epochs", paramLabel = "E", description = "Training epochs (default 3).")
    Integer epochs;
    @Option(names = "--batch-size", paramLabel = "B", description = "Batch size per member (default 64).")
    Integer batchSize;
    @Option(names = "--lr", description = "Base learning rate η_0 of the cosine schedule (default 0.1).")
    Double lr;
    @Option(names = "--min-lr", description = "Final learning rate of the cosine schedule (default 1e-4).")
    Double minLr;
    @Option(names = "--momentum", description = "SGD momentum (default 0.9).")
    Double momentum;
    @Option(names = "--weight-decay", description = "Coupled L2 weight decay on all parameters (default 1e-4).")
    Double weightDecay;
    @Option(names = "--method", description = "wash, papa, papa-all, papa-2, dart, sparta or independent (default wash).")
    String method;
    @Option(names = "--p", description = "WASH shuffle probability p (default 0.001).")
    Double p;
    @Option(names = "--schedule", description = "Layer schedule s(l): constant, decreasing, increasing, first-half, second-half (default decreasing).")
    String schedule;
    @Option(names = "--shuffle-optimizer-state", arity = "0..1", description = "WASH+Opt: momentum follows its weight (default false).")
    Boolean shuffleOptimizerState;
    @Option(names = "--shuffle-buffers", arity = "0..1", description = "Also shuffle BatchNorm running statistics (default false).")
    Boolean shuffleBuffers;
    @Option(names = "--shuffle-every", paramLabel = "K", description = "Shuffle every K steps (default 1).")
    Integer shuffleEvery;
    @Option(names = "--exclude-self-maps", arity = "0..1", description = "Divide p_l by (1 − 1/N) (default false).")
    Boolean excludeSelfMaps;
    @Option(names = "--papa-every", paramLabel = "T", description = "PAPA: steps between pulls towards the average (default 10).")
    Integer papaEvery;
    @Option(names = "--papa-alpha", description = "PAPA: α of the pull β_t = (1 − α)·η_t/η_0 (default 0.99).")
    Double papaAlpha;
    @Option(names = "--merge-every", paramLabel = "K", description = "PAPA-all / PAPA-2: merge after epochs e with e mod K = 0, never after the last (default 5).")
    Integer mergeEvery;
    @Option(names = "--dart-every", paramLabel = "STEPS", description = "DART: steps between averages (default 200).")
    Integer dartEvery;
    @Option(names = "--init", description = "same or different initialisation of members (default same).")
    String init;
    @Option(names = "--regularization", description = "none, or grid: the heterogeneous population, one cell of the mixup × label smoothing × CutMix × random erasing grid per member (default none).")
    String regularization;
    @Option(names = "--seed", description = "Run seed; every random stream derives from it (default 1).")
    Long seed;
    @Option(names = "--train-limit", paramLabel = "K", description = "Use only the first K training images (default 0 = all).")
    Integer trainLimit;
    @Option(names = "--test-limit", paramLabel = "K", description = "Use only the first K test images (default 0 = all).")
    Integer testLimit;
    @Option(names = "--validation-fraction", description = "Share of training images held out for the greedy soup (default 0.02).")
    Double validationFraction;
    @Option(names = "--bn-batches", description = "Training batches for BatchNorm recalibration of soups; 0 keeps averaged statistics (default 50).")
    Integer bnBatches;
    @Option(names = "--threads", description = "Members stepping in parallel threads; 0 = auto: the fastest layout, measured in a few steps at the start (default 0).")
    Integer threads;
    @Option(names = "--intra-op-threads", description = "libtorch threads inside each member's ops; 0 = auto: the cores divided among the member threads, measured with them (default 0).")
    Integer intraOpThreads;
    @Option(names = "--eval-batch-size", description = "Batch size for evaluation (default 500).")
    Integer evalBatchSize;
    @Option(names = "--image-size", description = "Side length images of --dataset folder are cut to; 0 = auto: 224 for resnet18-imagenet and resnet50, 32 for the others (default 0).")
    Integer imageSize;
    @Option(names = "--loader-threads", description = "Threads decoding and augmenting --dataset folder's images ahead of the trainer; 0 = auto: one per core (in-memory datasets use none) (default 0).")
    Integer loaderThreads;
    @Option(names = "--save-members", arity = "0..1", description = "Save every member's model too (default true).")
    Boolean saveMembers;
    @Option(names = "--consensus-every", paramLabel = "STEPS", description = "Record the distance to consensus (overall and by depth quarter) every K steps; 0 = only at epoch ends (default 50).")
    Integer consensusEvery;
    @Option(names = "--eval-every", paramLabel = "EPOCHS", description = "Test accuracy of members, ensemble and uniform soup every E epochs; 0 = only at the end (default 0).")
    Integer evalEvery;
    @Option(names = "--checkpoint-every", paramLabel = "STEPS", description = "Checkpoint every K steps and at every epoch end; 0 = epoch ends only (default 500).")
    Integer checkpointEvery;
    @Option(names = "--keep-checkpoints", description = "Checkpoints kept; older ones are deleted (default 3).")
    Integer keepCheckpoints;
    @Option(names = "--sync-every", paramLabel = "STEPS", description = "Distributed runs: steps between the small collective that gathers every member's loss for the metrics and checks for stop requests (default 50; one process records every step).")
    Integer syncEvery;
    @Option(names = "--device", description = DeviceOption.DESCRIPTION + " (default cpu).")
    String device;
    @Option(names = "--memory-format", description = "Memory layout of the activations inside convolutional models: "
            + "auto (channels-last on the CPU, contiguous on a GPU), channels-last or contiguous; weights, "
            + "checkpoints and saved models are the same either way (default auto).")
    String memoryFormat;
    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run directory; must be new or empty (default runs/<method>-<dataset>-<model>-<time>).")
    String out;

    /** The config keys the user set on the command line, with their values. */
    static Map<String, Object> matched(ParseResult parseResult) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (OptionSpec o : parseResult.matchedOptions()) {
            String key = o.longestName().replaceFirst("^--", "");
            if (!NOT_CONFIG.contains(key)) {
                out.put(key, o.getValue());
            }
        }
        return out;
    }
}
