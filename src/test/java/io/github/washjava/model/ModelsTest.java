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
        assertThatThrownBy(() -> Models.create(new ModelSpec("resnet50", 3, 32, 32, 10)))
                .hasMessage("model: expected one of mlp, small-cnn, resnet20, resnet18, vgg16, found \"resnet50\"");
    }
}
