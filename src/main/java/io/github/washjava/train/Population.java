package io.github.washjava.train;

import static org.bytedeco.pytorch.global.torch.manual_seed;

import io.github.washjava.Seeds;
import io.github.washjava.model.ParameterLayout;
import io.github.washjava.model.WashModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * N members of one architecture (SPEC §2). Tensor l of every member is reachable as one array, which
 * is the shape every exchange works on.
 */
public final class Population {
    private final List<Member> members;
    private final ParameterLayout layout;
    private final Supplier<WashModel> factory;

    private Population(List<Member> members, ParameterLayout layout, Supplier<WashModel> factory) {
        this.members = Collections.unmodifiableList(members);
        this.layout = layout;
        this.factory = factory;
    }

    /**
     * Builds {@code size} members. With {@link InitMode#SAME} every member starts from member 0's
     * weights and statistics (the paper starts at consensus); with {@link InitMode#DIFFERENT} member i
     * is initialised from its own seed.
     */
    public static Population create(Supplier<WashModel> factory, int size, InitMode init, long seed, Sgd.Options sgd) {
        if (size < 1) {
            throw new IllegalArgumentException("population must have at least one member, found " + size);
        }
        List<WashModel> models = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            manual_seed(Seeds.derive(seed, "init", init == InitMode.SAME ? 0 : i));
            models.add(factory.get());
        }
        ParameterLayout layout = ParameterLayout.of(models.get(0));
        List<Member> members = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            members.add(new Member(i, models.get(i), layout, sgd));
        }
        if (init == InitMode.SAME) {
            try (NoGradGuard noGrad = new NoGradGuard()) {
                for (int i = 1; i < size; i++) {
                    copyAll(members.get(0).parameters(), members.get(i).parameters());
                    copyAll(members.get(0).buffers(), members.get(i).buffers());
                }
            }
        }
        return new Population(members, layout, factory);
    }

    private static void copyAll(List<Tensor> from, List<Tensor> to) {
        for (int l = 0; l < from.size(); l++) {
            to.get(l).copy_(from.get(l));
        }
    }

    public List<Member> members() {
        return members;
    }

    public int size() {
        return members.size();
    }

    public ParameterLayout layout() {
        return layout;
    }

    /** A fresh, untrained model of the population's architecture (the container for a soup). */
    public WashModel newModel() {
        return factory.get();
    }

    /** Parameter tensor l of every member, indexed by member. */
    public Tensor[] parameters(int l) {
        Tensor[] out = new Tensor[members.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = members.get(i).parameters().get(l);
        }
        return out;
    }

    /** Momentum buffer of parameter l of every member. */
    public Tensor[] momenta(int l) {
        Tensor[] out = new Tensor[members.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = members.get(i).optimizer().momentumBuffers().get(l);
        }
        return out;
    }

    /** BatchNorm statistic b of every member. */
    public Tensor[] buffers(int b) {
        Tensor[] out = new Tensor[members.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = members.get(i).buffers().get(b);
        }
        return out;
    }
}
