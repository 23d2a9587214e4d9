package io.github.washjava.model;

import static org.bytedeco.pytorch.global.torch.cuda_device_count;
import static org.bytedeco.pytorch.global.torch.cuda_is_available;

import io.github.washjava.util.InvalidInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * Where a population's tensors live: {@code cpu} (the default), {@code cuda} (libtorch's current CUDA
 * device) or {@code cuda:K}. It moves models and tensors there and builds index tensors there; code that
 * reads values into Java (metrics, the CPU shuffle's buffer walk, collectives) copies to the host itself.
 *
 * <p>A value, not a handle: the libtorch {@link Device} is made afresh at each use, because a JavaCPP
 * pointer created inside a caller's {@code PointerScope} would be freed with that scope.
 */
public final class ComputeDevice {
    /** The host. */
    public static final ComputeDevice CPU = new ComputeDevice("cpu", -1);

    /** The forms {@link #parse} accepts, for messages and {@code --help}. */
    public static final String FORMS = "cpu, cuda or cuda:K (K = 0, 1, ...: a GPU index)";

    private static final Pattern FORM = Pattern.compile("cpu|cuda|cuda:(0|[1-9][0-9]{0,2})");

    private final String name;
    private final int index; // −1: cpu, or cuda without an index (libtorch's current device)

    private ComputeDevice(String name, int index) {
        this.name = name;
        this.index = index;
    }

    /**
     * The device named {@code text}, checked for form only.
     *
     * @param where the option or key named in the message ({@code --device}, {@code device})
     * @throws InvalidInputException for anything but {@link #FORMS}
     */
    public static ComputeDevice parse(String where, String text) {
        Matcher m = text == null ? null : FORM.matcher(text);
        if (m == null || !m.matches()) {
            throw new InvalidInputException(where + ": expected " + FORMS + ", found "
                    + (text == null ? "nothing" : "\"" + text + "\""));
        }
        return text.equals("cpu") ? CPU : new ComputeDevice(text, m.group(1) == null ? -1 : Integer.parseInt(m.group(1)));
    }

    /**
     * {@link #parse}, then a check that libtorch in this process can use the device: a CUDA device
     * needs the GPU build of the natives ({@code mvn -P gpu}), a driver and the CUDA libraries of
     * docs/gpu.md, and an index below the number of GPUs libtorch sees.
     *
     * @throws InvalidInputException for a malformed name or a device this process cannot use
     */
    public static ComputeDevice usable(String where, String text) {
        ComputeDevice device = parse(where, text);
        if (device.isCpu()) {
            return device;
        }
        if (!cuda_is_available()) {
            // The GPU build on a host without a GPU, driver or cuBLAS/cuDNN/... also lands here: libtorch then
            // runs without its CUDA library and says so only through this flag.
            throw new InvalidInputException(where + ": expected a device libtorch can use, found \"" + text
                    + "\" but libtorch reports no CUDA (the CPU build, or the GPU build without a GPU, its driver or "
                    + "the CUDA libraries); build with mvn -P gpu on a CUDA host set up as docs/gpu.md says, or use cpu");
        }
        int count = cuda_device_count();
        if (device.index >= count) {
            throw new InvalidInputException(where + ": expected cuda or cuda:0.." + (count - 1) + " (libtorch sees "
                    + count + " GPU" + (count == 1 ? "" : "s") + "), found \"" + text + "\"");
        }
        return device;
    }

    /** The device of {@code tensor}. */
    public static ComputeDevice of(Tensor tensor) {
        Device d = tensor.device();
        return d.is_cpu() ? CPU : new ComputeDevice(d.str().getString(), d.has_index() ? d.index() : -1);
    }

    /** The device of a module's first parameter (CPU for a module without parameters). */
    public static ComputeDevice of(Module module) {
        var params = module.parameters();
        return params.size() == 0 ? CPU : of(params.get(0));
    }

    public boolean isCpu() {
        return index < 0 && name.equals("cpu");
    }

    /** A fresh libtorch handle of this device (belongs to the caller's pointer scope, if any). */
    public Device device() {
        return new Device(name);
    }

    /** {@code tensor} on this device: itself when it is there already (libtorch's {@code to} copies nothing then), else a copy. */
    public Tensor put(Tensor tensor) {
        if (isCpu() && tensor.device().is_cpu()) {
            return tensor; // the common case on a CPU run: not even a new handle
        }
        return tensor.to(device(), tensor.scalar_type());
    }

    /** An int64 tensor of {@code values} on this device (index tensors for index_select/index_copy_). */
    public Tensor longs(long[] values) {
        Tensor host = values.length == 0 ? Tensor.create(new long[0]) : Tensor.create(values);
        return isCpu() ? host : put(host);
    }

    /**
     * Moves every parameter and buffer of {@code module} here, in place (libtorch's {@code Module::to}
     * swaps each tensor's storage, so handles stay valid but zero-copy buffer views would not): call it
     * before anything views the module's tensors.
     */
    public void moveModule(Module module) {
        if (!isCpu()) {
            module.to(device(), false);
        }
    }

    /**
     * The device rank {@code rank} of a run of {@code worldSize} ranks uses: a bare {@code cuda} on a
     * host with several GPUs becomes {@code cuda:(rank mod GPUs)}, as torchrun's one GPU per local rank
     * (the ranks of {@code wash launch} share one host); {@code cpu} and {@code cuda:K} stay as they are.
     */
    public ComputeDevice forRank(int rank, int worldSize) {
        if (worldSize < 2 || isCpu() || index >= 0) {
            return this;
        }
        int k = rank % Math.max(1, cuda_device_count());
        return new ComputeDevice("cuda:" + k, k);
    }

    /**
     * Blocks until the work queued on this device so far is done (for timing): copying one value of
     * {@code onDevice} to the host waits for the stream. Nothing to wait for on the CPU.
     */
    public void synchronize(Tensor onDevice) {
        if (!isCpu() && onDevice.numel() > 0) {
            try (org.bytedeco.javacpp.PointerScope scope = new org.bytedeco.javacpp.PointerScope()) {
                onDevice.reshape(-1).narrow(0, 0, 1).cpu();
            }
        }
    }

    /** The name as the user wrote it: {@code cpu}, {@code cuda}, {@code cuda:1}. */
    @Override
    public String toString() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ComputeDevice d && d.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}
