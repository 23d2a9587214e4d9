package io.github.washjava.collective;

import java.nio.LongBuffer;
import java.util.TreeSet;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

/** Small decisions all ranks must take together (which checkpoint to resume, whether all succeeded). */
public final class Agreement {
    private Agreement() {
    }

    /** Whether {@code ok} holds on every rank. */
    public static boolean all(Collective collective, boolean ok) {
        if (!collective.isDistributed()) {
            return ok;
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor flag = Tensor.create(new long[] {ok ? 0 : 1});
            collective.allReduceSum(flag);
            return flag.item_long() == 0;
        }
    }

    /** Rank 0's {@code value}, on every rank. */
    public static boolean rootValue(Collective collective, boolean value) {
        if (!collective.isDistributed()) {
            return value;
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor flag = Tensor.create(new long[] {value ? 1 : 0});
            collective.broadcast(flag, 0);
            return flag.item_long() == 1;
        }
    }

    /** Rank 0's {@code text} (ignored elsewhere), on every rank. */
    public static String rootText(Collective collective, String text) {
        if (!collective.isDistributed()) {
            return text;
        }
        try (PointerScope scope = new PointerScope()) {
            byte[] bytes = collective.rank() == 0 ? text.getBytes(java.nio.charset.StandardCharsets.UTF_8) : new byte[0];
            Tensor length = Tensor.create(new long[] {bytes.length});
            collective.broadcast(length, 0);
            int n = (int) length.item_long();
            if (n == 0) {
                return "";
            }
            Tensor data = collective.rank() == 0 ? Tensor.create(bytes) : Tensor.create(new byte[n]);
            collective.broadcast(data, 0);
            byte[] out = new byte[n];
            java.nio.ByteBuffer view = data.createBuffer();
            view.get(out);
            return new String(out, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The values present on every rank. */
    public static TreeSet<Long> commonSteps(Collective collective, TreeSet<Long> mine) {
        if (!collective.isDistributed()) {
            return new TreeSet<>(mine);
        }
        int w = collective.worldSize();
        try (PointerScope scope = new PointerScope()) {
            long[] counts = new long[w];
            LongBuffer sizes = collective.allGather(Tensor.create(new long[] {mine.size()}), ones(w)).createBuffer();
            for (int q = 0; q < w; q++) {
                counts[q] = sizes.get(q);
            }
            long[] values = mine.stream().mapToLong(Long::longValue).toArray();
            Tensor local = values.length > 0 ? Tensor.create(values) : Tensor.create(new long[0]);
            LongBuffer all = collective.allGather(local, counts).createBuffer();
            TreeSet<Long> common = new TreeSet<>(mine);
            for (int q = 0; q < w; q++) {
                TreeSet<Long> theirs = new TreeSet<>();
                for (long j = 0; j < counts[q]; j++) {
                    theirs.add(all.get());
                }
                common.retainAll(theirs);
            }
            return common;
        }
    }

    private static long[] ones(int w) {
        long[] out = new long[w];
        java.util.Arrays.fill(out, 1);
        return out;
    }
}
