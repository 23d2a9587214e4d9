package io.github.washjava.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.pytorch.global.torch.cuda_is_available;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.washjava.util.InvalidInputException;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/gpu.md: the device names a run accepts, and what a host without CUDA refuses. */
class ComputeDeviceTest {
    @ParameterizedTest
    @ValueSource(strings = {"cpu", "cuda", "cuda:0", "cuda:7", "cuda:12"})
    void acceptsTheThreeForms(String name) {
        assertThat(ComputeDevice.parse("device", name).toString()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "gpu", "CPU", "cuda:", "cuda:x", "cuda:-1", "cuda:01", "cuda0", "cuda:1:2", " cpu", "mps"})
    void refusesAnyOtherNameNamingTheOptionAndTheForms(String name) {
        assertThatThrownBy(() -> ComputeDevice.parse("--device", name)).isInstanceOf(InvalidInputException.class)
                .hasMessage("--device: expected cpu, cuda or cuda:K (K = 0, 1, ...: a GPU index), found \"" + name + "\"");
    }

    @Test
    void theCpuIsAlwaysUsable() {
        assertThat(ComputeDevice.usable("device", "cpu")).isSameAs(ComputeDevice.CPU);
        assertThat(ComputeDevice.CPU.isCpu()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cuda", "cuda:0", "cuda:3"})
    void cudaWithoutCudaIsOneLineSayingWhatIsMissing(String name) {
        assumeFalse(cuda_is_available(), "this libtorch has CUDA: the refusal cannot happen here");
        assertThatThrownBy(() -> ComputeDevice.usable("device", name)).isInstanceOf(InvalidInputException.class)
                .hasMessage("device: expected a device libtorch can use, found \"" + name + "\" but libtorch reports no "
                        + "CUDA (the CPU build, or the GPU build without a GPU, its driver or the CUDA libraries); build "
                        + "with mvn -P gpu on a CUDA host set up as docs/gpu.md says, or use cpu")
                .message().doesNotContain("\n");
    }

    @Test
    void onTheCpuPutReturnsTheTensorItselfAndIndexTensorsAreLongs() {
        Tensor t = Tensor.create(new float[] {1, 2, 3});
        assertThat(ComputeDevice.CPU.put(t)).isSameAs(t);
        Tensor idx = ComputeDevice.CPU.longs(new long[] {4, 0, 2});
        assertThat(idx.element_size()).isEqualTo(8);
        assertThat(idx.is_floating_point()).isFalse();
        assertThat(new long[] {idx.get(0).item_long(), idx.get(1).item_long(), idx.get(2).item_long()})
                .containsExactly(4, 0, 2);
        assertThat(ComputeDevice.CPU.longs(new long[0]).numel()).isZero();
    }

    @Test
    void modelsAndTensorsReportTheCpu() {
        assertThat(ComputeDevice.of(new Mlp(4, 3))).isEqualTo(ComputeDevice.CPU);
        assertThat(ComputeDevice.of(Tensor.create(new float[] {1}))).isEqualTo(ComputeDevice.CPU);
    }

    @Test
    void ranksKeepAnExplicitDeviceAndTheCpu() {
        // A bare "cuda" is spread over the GPUs by rank; cpu and cuda:K are the same on every rank.
        assertThat(ComputeDevice.CPU.forRank(1, 2)).isSameAs(ComputeDevice.CPU);
        ComputeDevice k = ComputeDevice.parse("device", "cuda:1");
        assertThat(k.forRank(0, 4)).isSameAs(k);
        ComputeDevice bare = ComputeDevice.parse("device", "cuda");
        assertThat(bare.forRank(0, 1)).as("one rank: libtorch's current device").isSameAs(bare);
    }
}
