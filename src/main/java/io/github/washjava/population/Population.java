package io.github.washjava.population;

import static org.bytedeco.pytorch.global.torch.cat;
import static org.bytedeco.pytorch.global.torch.manual_seed;

import io.github.washjava.collective.Collective;
import io.github.washjava.collective.SingleProcess;
import io.github.washjava.model.ComputeDevice;
import io.github.washjava.model.ParameterLayout;
import io.github.washjava.model.WashModel;
import io.github.washjava.util.Seeds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * The members of a population of N that this process holds (docs/method.md §2), where the others
 * live ({@link #placement()}), how to reach them ({@link #collective()}) and the device their tensors
 * are on ({@link #device()}). In one process it holds all N. Tensor l of every local member is
 * reachable as one array, the shape every exchange works on.
 */
public final class Population {
    private final List<Member> members;
    private final ParameterLayout layout;
    private final Supplier<WashModel> factory;
    private final Placement placement;
    private final Collective collective;
    private final ComputeDevice device;

    private Population(List<Member> members, ParameterLayout layout, Supplier<WashModel> factory, Placement placement,
            Collective collective, ComputeDevice device) {
        this.members = Collections.unmodifiableList(members);
        this.layout = layout;
        this.factory = factory;
        this.placement = placement;
        this.collective = collective;
        this.device = device;
    }

    /** All {@code size} members in this process. */
    public static Population create(Supplier<WashModel> factory, int size, InitMode init, long seed) {
        return create(factory, init, seed, Placement.single(size), new SingleProcess());
    }

    /**
     * This rank's members of a population placed over the ranks of {@code collective}. With
     * {@link InitMode#SAME} every member starts from one initialisation (the paper starts at
     * consensus); with {@link InitMode#DIFFERENT} member i is initialised from its own seed. Member
     * i's weights do not depend on the placement, so every rank builds its own members without
     * talking to the others.
     */
    public static Population create(Supplier<WashModel> factory, InitMode init, long seed, Placement placement,
            Collective collective) {
        return create(factory, init, seed, placement, collective, ComputeDevice.CPU);
    }

    /**
     * As {@link #create(Supplier, InitMode, long, Placement, Collective)}, with every member on
     * {@code device}. Members are initialised on the CPU (libtorch's CPU generator, seeded as above)
     * and then moved, so a member starts from the same weights on every device.
     */
    public static Population create(Supplier<WashModel> factory, InitMode init, long seed, Placement placement,
            Collective collective, ComputeDevice device) {
        if (placement.ranks() != collective.worldSize()) {
            throw new IllegalArgumentException("placement over " + placement.ranks() + " ranks used with "
                    + collective.worldSize());
        }
        int first = placement.first(collective.rank());
        int count = placement.count(collective.rank());
        List<Member> members = new ArrayList<>(count);
        ParameterLayout layout = null;
        for (int i = first; i < first + count; i++) {
            manual_seed(Seeds.derive(seed, "init", init == InitMode.SAME ? 0 : i));
            WashModel model = factory.get();
            device.moveModule(model);
            if (layout == null) {
                layout = ParameterLayout.of(model);
            }
            members.add(new Member(i, model, layout));
        }
        if (init == InitMode.SAME) {
            // The factory drew every member from the same seed; copying makes that exact even for a
            // factory that also draws from elsewhere (in one process; ranks rely on the seed alone).
            try (NoGradGuard noGrad = new NoGradGuard()) {
                for (int i = 1; i < members.size(); i++) {
                    copy(members.get(0).parameters(), members.get(i).parameters());
                    copy(members.get(0).buffers(), members.get(i).buffers());
                }
            }
        }
        return new Population(members, layout, factory, placement, collective, device);
    }

    private static void copy(List<Tensor> from, List<Tensor> to) {
        for (int l = 0; l < from.size(); l++) {
            to.get(l).copy_(from.get(l));
        }
    }

    /** The members this process holds, in id order. */
    public List<Member> members() {
        return members;
    }

    /** N, the number of members over all ranks. */
    public int size() {
        return placement.members();
    }

    /** Whether this process holds every member. */
    public boolean holdsAll() {
        return members.size() == placement.members();
    }

    public ParameterLayout layout() {
        return layout;
    }

    public Placement placement() {
        return placement;
    }

    public Collective collective() {
        return collective;
    }

    /** Where every member's tensors (parameters, statistics, momentum) live. */
    public ComputeDevice device() {
        return device;
    }

    /** A fresh, untrained model of the population's architecture on its device (the container for a soup). */
    public WashModel newModel() {
        WashModel model = factory.get();
        device.moveModule(model);
        return model;
    }

    /** Parameter tensor l of every local member, indexed by local position. */
    public Tensor[] parameters(int l) {
        return column(m -> m.parameters().get(l));
    }

    /** Momentum buffer of parameter l of every local member. */
    public Tensor[] momenta(int l) {
        return column(m -> m.momentum().get(l));
    }

    /** BatchNorm statistic b of every local member. */
    public Tensor[] buffers(int b) {
        return column(m -> m.buffers().get(b));
    }

    private Tensor[] column(java.util.function.Function<Member, Tensor> pick) {
        Tensor[] out = new Tensor[members.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = pick.apply(members.get(i));
        }
        return out;
    }

    /**
     * Every member, bit for bit, on rank 0 (a population in one process, for the soups, the ensemble
     * and the final metrics); null on the other ranks. Each rank sends its members' full state
     * (parameters and every buffer) once. In one process this is the population itself.
     */
    public Population gatherOnRoot() {
        if (holdsAll()) {
            return this;
        }
        int rank = collective.rank();
        List<Member> all = new ArrayList<>(size());
        if (rank == 0) {
            for (int i = 0; i < size(); i++) {
                all.add(placement.owner(i) == 0 ? members.get(i) : new Member(i, newModel(), layout));
            }
        }
        for (boolean floats : new boolean[] {true, false}) {
            gatherState(all, floats);
        }
        return rank == 0 ? new Population(all, layout, factory, Placement.single(size()), new SingleProcess(),
                device) : null;
    }

    /** Gathers the float (parameters, statistics) or integer (counters) state of every member on rank 0. */
    private void gatherState(List<Member> all, boolean floats) {
        int w = collective.worldSize();
        long perMember = 0;
        for (Tensor t : MemberState.tensors(members.get(0), floats)) {
            perMember += t.numel();
        }
        if (perMember == 0) {
            return; // e.g. no integer buffers in this architecture
        }
        long[] send = new long[w];
        send[0] = perMember * members.size();
        long[] receive = new long[w];
        if (collective.rank() == 0) {
            receive = placement.counts(perMember);
        }
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            TensorVector flat = new TensorVector();
            for (Member m : members) {
                flat.push_back(MemberState.flatten(m, floats));
            }
            Tensor received = collective.allToAll(cat(flat), send, receive);
            if (collective.rank() == 0) {
                for (Member m : all) {
                    if (placement.owner(m.id()) != 0) {
                        MemberState.unflatten(received.narrow(0, m.id() * perMember, perMember), m, floats);
                    }
                }
            }
        }
    }
}
