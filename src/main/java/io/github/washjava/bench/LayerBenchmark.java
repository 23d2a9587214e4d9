package io.github.washjava.bench;

import static org.bytedeco.pytorch.global.torch.add;
import static org.bytedeco.pytorch.global.torch.get_num_threads;
import static org.bytedeco.pytorch.global.torch.max_pool2d;
import static org.bytedeco.pytorch.global.torch.randn;
import static org.bytedeco.pytorch.global.torch.randn_like;
import static org.bytedeco.pytorch.global.torch.relu;
import static org.bytedeco.pytorch.global.torch.set_num_threads;

import io.github.washjava.util.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorArrayRefOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * Where a member's step goes, layer by layer: the forward and backward pass of each layer of the small
 * CNN and of ResNet-20's blocks, alone, at batch 64 in channels-last, for each intra-op thread count. A
 * population's throughput says whether we are ahead of another framework; this says whether the gap is
 * in libtorch's kernels (then the same layer costs the same in both) or in what the step does around
 * them. bench/peer/layer_bench.py times the same layers, by the same names, in PyTorch.
 */
public final class LayerBenchmark {
    /** Batch size of every case: the protocol's. */
    public static final int BATCH = 64;
    static final int WARMUP_CALLS = 10;

    /** One layer and the input it is timed on. */
    public record Case(String name, long[] inputShape, boolean inputNeedsGrad, UnaryOperator<Tensor> layer) {
    }

    /** Medians of one case at one intra-op thread count: per round, and over the rounds. */
    public record Timing(String name, int threads, List<Double> msPerRound, double medianMs) {
    }

    private LayerBenchmark() {
    }

    /**
     * The cases, in the order a forward pass meets them: the small CNN's three blocks (its stem sees a
     * one-channel image that needs no gradient), then ResNet-20's 3×3 convolution, BatchNorm, ReLU and
     * residual addition at its three widths.
     */
    public static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        Conv2dImpl stem = conv(1, 16);
        cases.add(new Case("small-cnn conv 1→16 @28", new long[] {BATCH, 1, 28, 28}, false, stem::forward));
        BatchNorm2dImpl bn16 = batchNorm(16);
        cases.add(new Case("small-cnn batchnorm 16 @28", new long[] {BATCH, 16, 28, 28}, true, bn16::forward));
        cases.add(new Case("small-cnn max-pool 16 @28", new long[] {BATCH, 16, 28, 28}, true, x -> max_pool2d(x, 2, 2)));
        cases.add(new Case("small-cnn relu 16 @14", new long[] {BATCH, 16, 14, 14}, true, x -> relu(x)));
        Conv2dImpl conv2 = conv(16, 32);
        cases.add(new Case("small-cnn conv 16→32 @14", new long[] {BATCH, 16, 14, 14}, true, conv2::forward));
        BatchNorm2dImpl bn32 = batchNorm(32);
        cases.add(new Case("small-cnn batchnorm 32 @14", new long[] {BATCH, 32, 14, 14}, true, bn32::forward));
        cases.add(new Case("small-cnn max-pool 32 @14", new long[] {BATCH, 32, 14, 14}, true, x -> max_pool2d(x, 2, 2)));
        Conv2dImpl conv3 = conv(32, 64);
        cases.add(new Case("small-cnn conv 32→64 @7", new long[] {BATCH, 32, 7, 7}, true, conv3::forward));
        BatchNorm2dImpl bn64 = batchNorm(64);
        cases.add(new Case("small-cnn batchnorm 64 @7", new long[] {BATCH, 64, 7, 7}, true, bn64::forward));
        cases.add(new Case("small-cnn relu 64 @7", new long[] {BATCH, 64, 7, 7}, true, x -> relu(x)));
        for (long[] stage : new long[][] {{16, 32}, {32, 16}, {64, 8}}) {
            long c = stage[0];
            long side = stage[1];
            long[] shape = {BATCH, c, side, side};
            String at = " " + c + " @" + side;
            Conv2dImpl conv = conv(c, c);
            cases.add(new Case("resnet20 conv" + at, shape, true, conv::forward));
            BatchNorm2dImpl bn = batchNorm(c);
            cases.add(new Case("resnet20 batchnorm" + at, shape, true, bn::forward));
            cases.add(new Case("resnet20 relu" + at, shape, true, x -> relu(x)));
            cases.add(new Case("resnet20 residual add" + at, shape, true, x -> add(x, x)));
        }
        return cases;
    }

    /**
     * Times every case at every thread count: {@code rounds} interleaved rounds, each the median of
     * {@code calls} forward-and-backward calls after {@value #WARMUP_CALLS} untimed ones. Restores
     * libtorch's intra-op thread count afterwards.
     */
    public static List<Timing> run(List<Case> cases, List<Integer> threadCounts, int calls, int rounds) {
        List<List<List<Double>>> perRound = new ArrayList<>();
        for (int t = 0; t < threadCounts.size(); t++) {
            List<List<Double>> byCase = new ArrayList<>();
            cases.forEach(c -> byCase.add(new ArrayList<>()));
            perRound.add(byCase);
        }
        int before = get_num_threads();
        try {
            for (int round = 0; round < rounds; round++) {
                for (int t = 0; t < threadCounts.size(); t++) {
                    set_num_threads(threadCounts.get(t));
                    for (int c = 0; c < cases.size(); c++) {
                        perRound.get(t).get(c).add(medianMs(cases.get(c), calls));
                    }
                }
            }
        } finally {
            set_num_threads(before);
        }
        List<Timing> out = new ArrayList<>();
        for (int t = 0; t < threadCounts.size(); t++) {
            for (int c = 0; c < cases.size(); c++) {
                List<Double> ms = perRound.get(t).get(c);
                out.add(new Timing(cases.get(c).name(), threadCounts.get(t), List.copyOf(ms), Stats.median(ms)));
            }
        }
        return out;
    }

    /** The median milliseconds of one forward and backward pass of {@code c}. */
    static double medianMs(Case c, int calls) {
        try (PointerScope scope = new PointerScope()) {
            Tensor x = input(c);
            Tensor upstream = randn_like(c.layer().apply(x));
            List<Double> ms = new ArrayList<>(calls);
            for (int i = 0; i < WARMUP_CALLS + calls; i++) {
                long start = System.nanoTime();
                try (PointerScope call = new PointerScope()) {
                    c.layer().apply(x).backward(upstream, new BoolOptional(), false, new TensorArrayRefOptional());
                }
                if (i >= WARMUP_CALLS) {
                    ms.add((System.nanoTime() - start) / 1e6);
                }
            }
            return Stats.median(ms);
        }
    }

    /**
     * A random input in channels-last order; a one-channel image is restrided as the models do it (a
     * view: the same memory read as channels-last), so the convolution computes channels-last output.
     */
    private static Tensor input(Case c) {
        long[] s = c.inputShape();
        Tensor x = s[1] == 1
                ? randn(s).as_strided(s, new long[] {s[1] * s[2] * s[3], 1, s[3] * s[1], s[1]})
                : randn(s).contiguous(torch.MemoryFormat.ChannelsLast);
        x.set_requires_grad(c.inputNeedsGrad());
        return x;
    }

    private static Conv2dImpl conv(long in, long out) {
        Conv2dOptions options = new Conv2dOptions(in, out, new LongPointer(3, 3));
        options.padding().put(new LongPointer(1, 1));
        options.bias().put(false);
        Conv2dImpl conv = new Conv2dImpl(options);
        conv.train(true);
        return conv;
    }

    private static BatchNorm2dImpl batchNorm(long channels) {
        BatchNorm2dImpl bn = new BatchNorm2dImpl(new BatchNormOptions(channels));
        bn.train(true);
        return bn;
    }
}
