package io.github.washjava.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
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
    void unknownArchitectureIsRejectedWithTheChoices() {
        assertThatThrownBy(() -> Models.create(new ModelSpec("resnet34", 3, 32, 32, 10)))
                .hasMessage("model: expected one of mlp, small-cnn, resnet20, resnet18, vgg16, resnet18-imagenet, "
                        + "resnet50, found \"resnet34\"");
    }
}
