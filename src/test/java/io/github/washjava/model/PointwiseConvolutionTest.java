package io.github.washjava.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.kValid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PointwiseConvolutionTest {
    /**
     * The matrix product is the convolution — values, the input's gradient and the weight's, in both
     * layouts — against libtorch's convolution in double precision (which oneDNN does not compute). The
     * last two shapes are ResNet-18's last shortcut, which oneDNN computed off by half its magnitude on one
     * CPU, and a ResNet-50 shortcut, on which it died of a division by zero.
     */
    @ParameterizedTest
    @CsvSource({"6,10,9,1,true,false", "6,10,9,2,true,false", "6,10,9,2,false,false", "6,10,7,1,false,true",
            "6,10,7,2,true,true", "256,512,8,2,true,false", "512,1024,8,2,true,false"})
    void computesTheConvolution(long in, long out, long side, long stride, boolean channelsLast, boolean bias) {
        Conv2dOptions options = new Conv2dOptions(in, out, new LongPointer(1, 1));
        options.stride().put(0, stride).put(1, stride);
        options.bias().put(bias);
        torch.manual_seed(3);
        Conv2dImpl conv = new Conv2dImpl(options);
        try (PointerScope scope = new PointerScope()) {
            Tensor base = torch.randn(8, in, side, side);
            long outSide = (side + stride - 1) / stride;
            Tensor upstream = torch.randn(8, out, outSide, outSide);
            Tensor input = (channelsLast ? base.contiguous(torch.MemoryFormat.ChannelsLast) : base).requires_grad_(true);
            Tensor y = PointwiseConvolution.forward(conv, input);
            y.mul(upstream).sum().backward();
            assertThat(y.is_contiguous(channelsLast ? torch.MemoryFormat.ChannelsLast : torch.MemoryFormat.Contiguous))
                    .as("the input's layout").isTrue();
            Tensor weightGrad = conv.weight().grad().clone();

            conv.zero_grad(true);
            conv.to(torch.ScalarType.Double, false);
            Tensor exactInput = base.detach().to(torch.ScalarType.Double).requires_grad_(true);
            Tensor exact = conv.forward(exactInput);
            exact.mul(upstream.to(torch.ScalarType.Double)).sum().backward();
            assertThat(y.shape()).containsExactly(exact.shape());
            assertThat(relativeError(y, exact)).as("output").isLessThan(1e-5);
            assertThat(relativeError(input.grad(), exactInput.grad())).as("input gradient").isLessThan(1e-5);
            assertThat(relativeError(weightGrad, conv.weight().grad())).as("weight gradient").isLessThan(1e-5);
        }
    }

    /** Anything but a 1×1 convolution is refused with what was found, not computed as one. */
    @ParameterizedTest
    @CsvSource({"3,0,1,1,1, a 3×3 kernel", "1,1,1,1,1, padding 1×1", "1,0,2,1,1, 2 groups", "1,0,1,1,2, stride 1×2"})
    void refusesWhatIsNotAPointwiseConvolution(long kernel, long padding, long groups, long strideH, long strideW,
            String found) {
        Conv2dOptions options = new Conv2dOptions(4, 6, new LongPointer(kernel, kernel));
        options.padding().put(new LongPointer(padding, padding));
        options.groups().put(groups);
        options.stride().put(0, strideH).put(1, strideW);
        Conv2dImpl conv = new Conv2dImpl(options);
        try (PointerScope scope = new PointerScope()) {
            assertThatThrownBy(() -> WashModel.pointwiseForward(conv, torch.randn(2, 4, 5, 5)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("pointwise convolution: expected a 1×1 kernel")
                    .hasMessageContaining(found);
        }
    }

    /** Padding named rather than given as numbers ("valid", "same") is no padding for a 1×1 kernel. */
    @Test
    void namedPaddingIsNoPadding() {
        Conv2dOptions options = new Conv2dOptions(4, 6, new LongPointer(1, 1));
        options.padding().put(new kValid());
        Conv2dImpl conv = new Conv2dImpl(options);
        try (PointerScope scope = new PointerScope()) {
            assertThat(WashModel.pointwiseForward(conv, torch.randn(2, 4, 5, 5)).shape()).containsExactly(2, 6, 5, 5);
        }
    }

    private static double relativeError(Tensor value, Tensor exact) {
        return value.to(torch.ScalarType.Double).sub(exact).abs().max().item_double() / exact.abs().max().item_double();
    }
}
