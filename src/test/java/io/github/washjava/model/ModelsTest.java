package io.github.washjava.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelsTest {
    private static long count(String arch, int c, int h, int classes) {
        WashModel m = Models.create(new ModelSpec(arch, c, h, h, classes));
        return ParameterLayout.of(m).parameterCount();
    }

    @Test
    void resnet18HasSpecParameterCount() {
        // docs/method.md §10: ResNet-18 (CIFAR variant) has 11,173,962 parameters for 10 classes.
        assertThat(count("resnet18", 3, 32, 10)).isEqualTo(11_173_962L);
    }

    @Test
    void resnet20HasSpecParameterCount() {
        // docs/method.md §10: ResNet-20 (CIFAR, option-A shortcuts) has 269,722 parameters for 10 classes.
        assertThat(count("resnet20", 3, 32, 10)).isEqualTo(269_722L);
    }

    @Test
    void vgg16BnHasStandardParameterCount() {
        // docs/method.md §10: VGG-16-BN with conv bias and a single 512→10 linear: 14,728,266 parameters
        // (13 convs 14,710,464 + 13 BN pairs 8,448 + linear 5,130 − the count below checks the sum).
        assertThat(count("vgg16", 3, 32, 10)).isEqualTo(14_728_266L);
    }

    @Test
    void imageNetResNetsHaveTorchvisionsParameterCounts() {
        // torchvision.models.resnet18() / resnet50(): 11,689,512 and 25,557,032 parameters (3 channels, 1,000 classes).
        assertThat(count("resnet18-imagenet", 3, 224, 1000)).isEqualTo(11_689_512L);
        assertThat(count("resnet50", 3, 224, 1000)).isEqualTo(25_557_032L);
    }

    @Test
    void resnet50HasTorchvisionsParameterNamesInItsOrder() {
        ParameterLayout layout = ParameterLayout.of(Models.create(new ModelSpec("resnet50", 3, 224, 224, 1000)));
        var names = layout.parameters().stream().map(ParameterLayout.Entry::name).toList();
        assertThat(names).hasSize(161).startsWith("conv1.weight", "bn1.weight", "bn1.bias", "layer1.0.conv1.weight")
                .endsWith("layer4.2.bn3.weight", "layer4.2.bn3.bias", "fc.weight", "fc.bias")
                .contains("layer1.0.downsample.0.weight", "layer1.0.downsample.1.bias", "layer2.0.downsample.0.weight",
                        "layer3.5.conv3.weight")
                .doesNotContain("layer1.1.downsample.0.weight", "layer2.1.downsample.0.weight");
        assertThat(layout.buffers()).extracting(ParameterLayout.Entry::name).contains("layer4.2.bn3.running_var");
        // The shortcut is declared after the block's own layers, as torchvision's Bottleneck does.
        assertThat(names.indexOf("layer2.0.downsample.0.weight")).isEqualTo(names.indexOf("layer2.0.bn3.bias") + 1);
    }

    @Test
    void imageNetResNet18HasBasicBlocksWithDownsampleFromTheSecondStage() {
        var names = ParameterLayout.of(Models.create(new ModelSpec("resnet18-imagenet", 3, 224, 224, 1000)))
                .parameters().stream().map(ParameterLayout.Entry::name).toList();
        assertThat(names).hasSize(62).contains("layer1.1.conv2.weight", "layer2.0.downsample.0.weight",
                "layer4.1.bn2.bias").doesNotContain("layer1.0.downsample.0.weight", "layer1.0.conv3.weight");
    }

    @Test
    void nestedModulesSurviveGarbageCollectionOfTheirBuilders() {
        // libtorch's train()/eval() call back into every Java-defined child module: the stages and
        // shortcuts must stay reachable from Java after construction.
        for (String arch : new String[] {"resnet18-imagenet", "resnet50"}) {
            WashModel m = Models.create(new ModelSpec(arch, 3, 32, 32, 10));
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            m.train(true);
            m.eval();
            assertThat(m.is_training()).isFalse();
        }
    }

    @Test
    void imageNetDefaultImageSideIs224AndCifarSizedModels32() {
        assertThat(Models.defaultImageSize("resnet50")).isEqualTo(224);
        assertThat(Models.defaultImageSize("resnet18-imagenet")).isEqualTo(224);
        assertThat(Models.defaultImageSize("resnet18")).isEqualTo(32);
        assertThat(Models.defaultImageSize("small-cnn")).isEqualTo(32);
    }

    @ParameterizedTest
    @CsvSource({"resnet18-imagenet,3,64,7", "resnet50,3,64,5", "resnet50,1,40,3"})
    void imageNetResNetsTakeSmallInputsToo(String arch, int c, int h, int classes) {
        forwardGivesOneLogitPerClassForAnyInputShape(arch, c, h, classes);
    }

    @ParameterizedTest
    @CsvSource({"mlp,1,28,10", "small-cnn,1,28,10", "resnet20,1,28,10", "resnet18,3,32,100", "vgg16,1,28,10",
            "small-cnn,3,32,100"})
    void forwardGivesOneLogitPerClassForAnyInputShape(String arch, int c, int h, int classes) {
        WashModel m = Models.create(new ModelSpec(arch, c, h, h, classes));
        try (PointerScope scope = new PointerScope()) {
            Tensor out = m.forward(Tensor.create(new float[2 * c * h * h], 2, c, h, h));
            assertThat(out.shape()).containsExactly(2, classes);
        }
    }

    /**
     * Channels-last activations change only the memory order inside the passes: against the same model
     * computed in double precision, channels-last logits agree to float32 rounding, as contiguous ones do
     * (channels-last's error measured 2-10× contiguous's: its BatchNorm kernel accumulates in float32), and
     * so do the gradients, up to a ReLU that rounding tipped to the other side of zero (see
     * {@link #assertGradientAsCloseAsContiguous}); the weights and their gradients stay contiguous, as the
     * exchanges, soups and archives expect.
     */
    @ParameterizedTest
    @CsvSource({"small-cnn,1,28,10", "resnet20,1,28,10", "resnet18,3,16,10", "resnet18-imagenet,3,64,7"})
    void channelsLastActivationsComputeWhatContiguousOnesDo(String arch, int c, int h, int classes) {
        ModelSpec spec = new ModelSpec(arch, c, h, h, classes);
        List<WashModel> models = new ArrayList<>();
        for (ActivationLayout layout : List.of(ActivationLayout.CHANNELS_LAST, ActivationLayout.CONTIGUOUS,
                ActivationLayout.CONTIGUOUS)) {
            torch.manual_seed(7);
            models.add(Models.create(spec).activationLayout(layout));
        }
        WashModel reference = models.get(2);
        reference.to(torch.ScalarType.Double, false);
        try (PointerScope scope = new PointerScope()) {
            Tensor stemOutput = torch.randn(2, 4, 5, 5);
            assertThat(models.get(0).inActivationLayout(stemOutput).is_contiguous(torch.MemoryFormat.ChannelsLast))
                    .isTrue();
            assertThat(models.get(1).inActivationLayout(stemOutput).is_contiguous(torch.MemoryFormat.ChannelsLast))
                    .isFalse();
            // A one-channel batch is restrided, not copied, and the first convolution then keeps the layout.
            Tensor gray = torch.randn(2, 1, 6, 5);
            Tensor grayChannelsLast = models.get(0).inActivationLayout(gray);
            assertThat(grayChannelsLast.stride(1)).isEqualTo(1);
            assertThat(grayChannelsLast.data_ptr_float().address()).isEqualTo(gray.data_ptr_float().address());
            assertThat(torch.equal(grayChannelsLast, gray)).isTrue();
            Conv2dImpl conv = new Conv2dImpl(new Conv2dOptions(1, 4, new LongPointer(3, 3)));
            assertThat(models.get(0).stemForward(conv, gray).is_contiguous(torch.MemoryFormat.ChannelsLast)).isTrue();
            assertThat(models.get(1).stemForward(conv, gray).is_contiguous()).isTrue();
            Tensor x = torch.randn(8, c, h, h);
            List<Tensor> logits = new ArrayList<>();
            for (WashModel m : models) {
                Tensor out = m.forward(m == reference ? x.to(torch.ScalarType.Double) : x);
                // A cross-entropy-like loss (bounded gradients), as in training: the mean negative log-probability.
                torch.log_softmax(out, 1).mean().neg().backward();
                logits.add(out.to(torch.ScalarType.Double));
            }
            assertAsCloseAsContiguous(logits.get(0), logits.get(1), logits.get(2), largest(logits.get(2)), "logits");
            for (long i = 0; i < models.get(0).parameters().size(); i++) {
                Tensor channelsLastGrad = models.get(0).parameters().get(i).grad();
                assertThat(models.get(0).parameters().get(i).is_contiguous()).as("parameter %d", i).isTrue();
                assertThat(channelsLastGrad.is_contiguous()).as("gradient %d", i).isTrue();
                assertGradientAsCloseAsContiguous(channelsLastGrad.to(torch.ScalarType.Double),
                        models.get(1).parameters().get(i).grad().to(torch.ScalarType.Double),
                        reference.parameters().get(i).grad(), "gradient " + i);
            }
        }
    }

    /**
     * VGG's forward pass in both layouts, in evaluation mode. (Its gradients are not compared as above: at
     * test-sized inputs its last BatchNorm layers normalise over a handful of values each, and the backward
     * pass amplifies float32 rounding into gradient differences of 1% in either layout.)
     */
    @Test
    void vggComputesTheSameLogitsInBothLayouts() {
        ModelSpec spec = new ModelSpec("vgg16", 1, 32, 32, 10);
        torch.manual_seed(7);
        WashModel channelsLast = Models.create(spec);
        torch.manual_seed(7);
        WashModel contiguous = Models.create(spec).activationLayout(ActivationLayout.CONTIGUOUS);
        channelsLast.eval();
        contiguous.eval();
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor x = torch.randn(4, 1, 32, 32);
            Tensor a = channelsLast.forward(x);
            Tensor b = contiguous.forward(x);
            assertThat(a.sub(b).abs().max().item_double()).isLessThanOrEqualTo(1e-4 * largest(b));
        }
    }

    /**
     * The channels-last result's largest error against the double-precision one is float32 rounding:
     * within 10× the contiguous result's, or 1e-3 × {@code scale}.
     */
    private static void assertAsCloseAsContiguous(Tensor channelsLast, Tensor contiguous, Tensor exact, double scale,
            String what) {
        double channelsLastError = channelsLast.sub(exact).abs().max().item_double();
        double contiguousError = contiguous.sub(exact).abs().max().item_double();
        assertThat(channelsLastError).as("%s, channels-last: error %s of %s (contiguous %s)", what, channelsLastError,
                scale, contiguousError).isLessThanOrEqualTo(Math.max(10 * contiguousError, 1e-3 * scale));
    }

    /**
     * A gradient's error against the double-precision one, as a share of that gradient's size (L2 norms):
     * within 10× the contiguous result's, or 5%. Not the largest element's error, as for the logits:
     * ReLU's derivative jumps at zero, and a pre-activation within float32 rounding of zero (1e-6 of values
     * near 1; ResNet-18 at 64×64 has a million ReLU inputs for 8 images) can fall on the other side in one
     * layout and not in the other. That element then passes or stops its share of its channel's gradient,
     * about one part in the channel's elements per image batch (128 in the third stage here), and every
     * earlier layer's gradient moves with it. Measured on an AMD EPYC with AVX2 (Zen 3): channels-last
     * gradients up to 0.9% from the exact ones, contiguous 0.001%; in another batch, a single flip (a
     * pre-activation of 1.3e-6) made all of the difference. A layout that computes wrongly moves whole
     * gradients and the logits (the 1×1-convolution fault this test caught put the logits 8–9% off).
     */
    private static void assertGradientAsCloseAsContiguous(Tensor channelsLast, Tensor contiguous, Tensor exact,
            String what) {
        double size = exact.norm().item_double();
        double channelsLastError = channelsLast.sub(exact).norm().item_double() / size;
        double contiguousError = contiguous.sub(exact).norm().item_double() / size;
        assertThat(channelsLastError).as("%s, channels-last: relative error %s (contiguous %s)", what,
                channelsLastError, contiguousError).isLessThanOrEqualTo(Math.max(10 * contiguousError, 5e-2));
    }

    private static double largest(Tensor t) {
        return t.abs().max().item_double();
    }

    @Test
    void memoryFormatAutoIsChannelsLastOnTheCpuAndBadValuesAreNamed() {
        assertThat(ActivationLayout.resolve("memory-format", "auto", ComputeDevice.CPU))
                .isEqualTo(ActivationLayout.CHANNELS_LAST);
        assertThat(ActivationLayout.resolve("memory-format", "contiguous", ComputeDevice.CPU))
                .isEqualTo(ActivationLayout.CONTIGUOUS);
        assertThatThrownBy(() -> ActivationLayout.resolve("memory-format", "nhwc", ComputeDevice.CPU))
                .hasMessage("memory-format: expected auto, channels-last or contiguous, found nhwc");
    }

    @Test
    void layoutIsInDeclarationOrderWithBufferDepthOfItsLayer() {
        // docs/method.md §2: tensors l = 0..L−1 in depth order, input side first.
        ParameterLayout layout = ParameterLayout.of(Models.create(new ModelSpec("small-cnn", 1, 28, 28, 10)));
        assertThat(layout.parameters()).extracting(ParameterLayout.Entry::name).containsExactly("conv1.weight",
                "bn1.weight", "bn1.bias", "conv2.weight", "bn2.weight", "bn2.bias", "conv3.weight", "bn3.weight",
                "bn3.bias", "fc.weight", "fc.bias");
        assertThat(layout.buffers()).extracting(ParameterLayout.Entry::name).containsExactly("bn1.running_mean",
                "bn1.running_var", "bn2.running_mean", "bn2.running_var", "bn3.running_mean", "bn3.running_var");
        assertThat(layout.buffers().get(2).depth()).isEqualTo(4);
    }

    @Test
    void everyBatchNormIsFoundInTheModuleTree() {
        assertThat(BatchNormLayer.of(Models.create(new ModelSpec("resnet18", 3, 32, 32, 10)))).hasSize(20);
        assertThat(BatchNormLayer.of(Models.create(new ModelSpec("resnet20", 3, 32, 32, 10)))).hasSize(19);
    }

    @Test
    void maxPoolThenReluHasTheValuesAndGradientsOfReluThenMaxPool() {
        // SmallCnn and the ImageNet ResNets' stem pool before ReLU, on a quarter of the elements; it is the
        // same function, gradients included, because ReLU is monotone and so commutes with max.
        try (PointerScope scope = new PointerScope()) {
            torch.manual_seed(3);
            Tensor input = torch.randn(4, 6, 10, 10).contiguous(torch.MemoryFormat.ChannelsLast);
            Tensor upstream = torch.randn(4, 6, 5, 5);
            for (boolean stem : new boolean[] {false, true}) {
                java.util.function.UnaryOperator<Tensor> pool = x -> stem
                        ? torch.max_pool2d(x, new long[] {3, 3}, new long[] {2, 2}, new long[] {1, 1}, new long[] {1, 1}, false)
                        : torch.max_pool2d(x, 2, 2);
                Tensor a = input.detach().requires_grad_(true);
                Tensor b = input.detach().requires_grad_(true);
                Tensor poolFirst = torch.relu(pool.apply(a));
                Tensor reluFirst = pool.apply(torch.relu(b));
                poolFirst.mul(upstream).sum().backward();
                reluFirst.mul(upstream).sum().backward();
                assertThat(torch.equal(poolFirst, reluFirst)).as("values, stem pool %s", stem).isTrue();
                assertThat(torch.equal(a.grad(), b.grad())).as("gradients, stem pool %s", stem).isTrue();
                assertThat(a.grad().abs().sum().item_float()).as("some gradient flows").isPositive();
            }
        }
    }

    @Test
    void unknownArchitectureIsRejectedWithTheChoices() {
        assertThatThrownBy(() -> Models.create(new ModelSpec("resnet34", 3, 32, 32, 10)))
                .hasMessage("model: expected one of mlp, small-cnn, resnet20, resnet18, vgg16, resnet18-imagenet, "
                        + "resnet50, found \"resnet34\"");
    }
}
