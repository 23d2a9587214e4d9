package io.github.washjava.train;

import static org.bytedeco.pytorch.global.torch.argmax;
import static org.bytedeco.pytorch.global.torch.log_softmax;

import io.github.washjava.collective.Collective;
import io.github.washjava.collective.WireTraffic;
import io.github.washjava.data.Batch;
import io.github.washjava.exchange.Exchange;
import io.github.washjava.exchange.ExchangeContext;
import io.github.washjava.exchange.IndependentExchange;
import io.github.washjava.model.ComputeDevice;
import io.github.washjava.population.Member;
import io.github.washjava.population.MemberExecutor;
import io.github.washjava.population.Placement;
import io.github.washjava.population.Population;
import io.github.washjava.util.ProcessMemory;
import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;

/**
 * The training loop (docs/design.md, "Data flows one way"): every step, each local member takes one
 * SGD step on its own batch (in parallel threads or one after another), then the exchange runs once
 * over the whole population (across ranks through its collective), then the step is recorded.
 *
 * <p>Listeners and the step hook see every member's loss. In one process that happens after every
 * step. Across ranks the losses are gathered at synchronised steps only — every {@code syncEvery}
 * steps, at epoch ends, and at every step a listener or the hook needs the live state (a consensus
 * record, a checkpoint) — so that recording costs one small collective per group of steps, not per
 * step. A divergence or a stop request anywhere is seen by every rank at the next synchronised step.
 *
 * <pre>{@code
 * Trainer trainer = new Trainer(population, data, schedule).exchange(wash).executor(executor);
 * trainer.fit(epochs);
 * }</pre>
 */
public final class Trainer {
    /** Steps between synchronisations of ranks when nothing else asks for one. */
    public static final int DEFAULT_SYNC_EVERY = 50;

    private final Population population;
    private final TrainingData data;
    private final CosineSchedule schedule;
    private Exchange exchange = new IndependentExchange();
    private Sgd sgd = new Sgd(Sgd.Options.paperDefaults());
    private MemberExecutor executor;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private StepHook hook;
    private int syncEvery = DEFAULT_SYNC_EVERY;
    private TrainerState state;
    private volatile boolean stopRequested;

    /** A trainer with no exchange, SGD with the paper's defaults and members one after another. */
    public Trainer(Population population, TrainingData data, CosineSchedule schedule) {
        this.population = population;
        this.data = data;
        this.schedule = schedule;
        this.state = TrainerState.initial(population.size());
    }

    /** What happens between members after each step (default: nothing). */
    public Trainer exchange(Exchange value) {
        this.exchange = value;
        return this;
    }

    /** The optimizer (default: SGD with momentum 0.9 and weight decay 1e-4). */
    public Trainer optimizer(Sgd value) {
        this.sgd = value;
        return this;
    }

    /** How the local members step: in parallel threads or one after another (default: sequential). */
    public Trainer executor(MemberExecutor value) {
        this.executor = value;
        return this;
    }

    /** Adds listeners, called in the order given. */
    public Trainer listeners(List<? extends TrainingListener> values) {
        listeners.addAll(values);
        return this;
    }

    /** Runs at synchronised steps; checkpoints hook in here. */
    public Trainer hook(StepHook value) {
        this.hook = value;
        return this;
    }

    /** Steps between synchronisations of ranks (ignored in one process, where every step is one). */
    public Trainer syncEvery(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("sync-every: expected an integer >= 1, found " + steps);
        }
        this.syncEvery = steps;
        return this;
    }

    /** Continues from a checkpoint's state instead of step 0. */
    public Trainer resumeFrom(TrainerState restored) {
        this.state = restored;
        return this;
    }

    /** Where training stands: read by checkpoints. */
    public TrainerState state() {
        return state;
    }

    /** Values the exchange has sent so far, summed over members. */
    public long valuesSent() {
        return state.valuesSent();
    }

    public Population population() {
        return population;
    }

    /** Asks the loop to stop (and the hook to checkpoint) at the next synchronised step. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Trains for {@code epochs} epochs of {@link TrainingData#stepsPerEpoch()} steps. */
    public void fit(int epochs) {
        fit(epochs, Long.MAX_VALUE);
    }

    /**
     * Trains for {@code epochs} epochs but stops after {@code maxSteps} steps in total (benchmarks use
     * this to time a few steps; the schedule still spans all epochs).
     */
    public void fit(int epochs, long maxSteps) {
        MemberExecutor members = executor != null ? executor : new MemberExecutor(1, 1);
        try {
            loop(epochs, maxSteps, members);
        } finally {
            if (executor == null) {
                members.close();
            }
        }
    }

    private void loop(int epochs, long maxSteps, MemberExecutor members) {
        List<Member> local = population.members();
        Collective collective = population.collective();
        WireTraffic traffic = collective.traffic();
        int stepsPerEpoch = data.stepsPerEpoch();
        long totalSteps = (long) epochs * stepsPerEpoch;
        long end = Math.min(totalSteps, maxSteps);
        List<TrainingListener.StepRecord> pending = new ArrayList<>();
        long epochStart = System.nanoTime();
        for (long step = state.nextStep(); step < end; step++) {
            final int epoch = (int) (step / stepsPerEpoch);
            final int batch = (int) (step % stepsPerEpoch);
            final long s = step;
            if (batch == 0) {
                epochStart = System.nanoTime();
            }
            double lr = schedule.lr(step);
            long t0 = System.nanoTime();
            List<float[]> results = members.map(local.size(), i -> trainStep(local.get(i), epoch, batch, s, lr));
            long t1 = System.nanoTime();
            long bytesBefore = traffic.bytesSent();
            double commBefore = traffic.seconds();
            boolean endOfEpoch = batch == stepsPerEpoch - 1;
            ExchangeContext context = new ExchangeContext(population, step, epoch, epochs, stepsPerEpoch, lr,
                    schedule.baseLr(), endOfEpoch);
            long sent = exchange.afterStep(context);
            if (endOfEpoch) {
                sent += exchange.afterEpoch(context);
            }
            long t2 = System.nanoTime();
            float[] losses = new float[local.size()];
            int[] correct = new int[local.size()];
            for (int i = 0; i < local.size(); i++) {
                losses[i] = results.get(i)[0];
                correct[i] = (int) results.get(i)[1];
            }
            pending.add(new TrainingListener.StepRecord(step, epoch, lr, losses, correct, data.batchSize(), sent,
                    (t2 - t0) / 1e9, (t2 - t1) / 1e9, traffic.bytesSent() - bytesBefore, traffic.seconds() - commBefore));
            if (needsSync(step, endOfEpoch, end, collective)) {
                boolean stop = synchronise(pending, collective);
                pending.clear();
                if (endOfEpoch) {
                    finishEpoch(epoch, step + 1, stepsPerEpoch, (System.nanoTime() - epochStart) / 1e9);
                }
                if (hook != null) {
                    hook.afterStep(this, endOfEpoch, stop);
                } else if (stop) {
                    throw new TrainingInterruptedException("interrupted after step " + step);
                }
            }
        }
    }

    private boolean needsSync(long step, boolean endOfEpoch, long end, Collective collective) {
        if (!collective.isDistributed() || endOfEpoch || step == end - 1 || (step + 1) % syncEvery == 0) {
            return true;
        }
        if (hook != null && hook.needsStateAfter(step)) {
            return true;
        }
        for (TrainingListener l : listeners) {
            if (l.needsStateAfter(step)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Completes the pending records with every rank's members, checks for divergence, updates the state
     * and tells the listeners; returns whether any rank was asked to stop.
     */
    private boolean synchronise(List<TrainingListener.StepRecord> pending, Collective collective) {
        Placement placement = population.placement();
        int n = population.size();
        boolean stop = stopRequested;
        List<TrainingListener.StepRecord> complete = pending;
        if (collective.isDistributed()) {
            // Per rank: (loss, correct) of each local member for each pending step, then its stop flag.
            int steps = pending.size();
            int local = placement.count(collective.rank());
            double[] mine = new double[2 * steps * local + 1];
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < local; i++) {
                    mine[2 * (t * local + i)] = pending.get(t).losses()[i];
                    mine[2 * (t * local + i) + 1] = pending.get(t).correct()[i];
                }
            }
            mine[mine.length - 1] = stopRequested ? 1 : 0;
            long[] counts = new long[collective.worldSize()];
            for (int q = 0; q < counts.length; q++) {
                counts[q] = 2L * steps * placement.count(q) + 1;
            }
            complete = new ArrayList<>(steps);
            float[][] losses = new float[steps][n];
            int[][] correct = new int[steps][n];
            try (PointerScope scope = new PointerScope()) {
                DoubleBuffer all = collective.allGather(Tensor.create(mine), counts).createBuffer();
                for (int q = 0; q < counts.length; q++) {
                    int first = placement.first(q);
                    int count = placement.count(q);
                    for (int t = 0; t < steps; t++) {
                        for (int i = 0; i < count; i++) {
                            losses[t][first + i] = (float) all.get();
                            correct[t][first + i] = (int) all.get();
                        }
                    }
                    stop |= all.get() != 0;
                }
            }
            for (int t = 0; t < steps; t++) {
                TrainingListener.StepRecord r = pending.get(t);
                complete.add(new TrainingListener.StepRecord(r.step(), r.epoch(), r.lr(), losses[t], correct[t],
                        r.batchSize(), r.valuesSent(), r.stepSeconds(), r.exchangeSeconds(), r.wireBytes(),
                        r.commSeconds()));
            }
        }
        for (TrainingListener.StepRecord r : complete) {
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(r.losses()[i])) {
                    throw new TrainingDivergedException("member " + i + ", step " + r.step() + ": expected a finite loss, "
                            + "found " + r.losses()[i] + "; " + (hook == null ? "no checkpoint" : hook.lastGood())
                            + "; lower --lr or check the data");
                }
            }
        }
        for (TrainingListener.StepRecord r : complete) {
            if (r.step() % data.stepsPerEpoch() == 0) {
                state = state.startEpoch(n);
            }
            state = state.after(r);
            listeners.forEach(l -> l.onStep(r));
        }
        return stop;
    }

    private void finishEpoch(int epoch, long nextStep, int stepsPerEpoch, double seconds) {
        int n = population.size();
        double[] accuracy = new double[n];
        double[] meanLoss = new double[n];
        for (int i = 0; i < n; i++) {
            accuracy[i] = state.epochCorrect()[i] / (double) (stepsPerEpoch * (long) data.batchSize());
            meanLoss[i] = state.epochLossSum()[i] / stepsPerEpoch;
        }
        // Images/s over the part of the epoch this process ran (all of it unless resumed mid-epoch).
        double stepsRun = state.epochStepsRun();
        TrainingListener.EpochRecord record = new TrainingListener.EpochRecord(epoch, nextStep, accuracy, meanLoss,
                state.valuesSent(), n * stepsRun * data.batchSize() / seconds,
                state.epochStepSeconds() > 0 ? state.epochExchangeSeconds() / state.epochStepSeconds() : 0,
                ProcessMemory.rssMb(), ProcessMemory.peakRssMb());
        listeners.forEach(l -> l.onEpoch(record));
    }

    /** One SGD step of one member; returns {loss, correct}. Runs on a member thread. */
    private float[] trainStep(Member member, int epoch, int batchIndex, long step, double lr) {
        Batch batch = data.batch(member.id(), epoch, batchIndex, step);
        float loss;
        long correct;
        try (PointerScope scope = new PointerScope()) {
            // Batches are built on the host and copied to the population's device (no copy on the CPU).
            ComputeDevice device = population.device();
            Tensor x = device.put(Tensor.create(batch.images(), batch.size(), batch.channels(), batch.height(),
                    batch.width()));
            Tensor targets = device.put(Tensor.create(batch.targets(), batch.size(), batch.classes()));
            Tensor labels = device.put(Tensor.create(toLong(batch.labels()), batch.size()));
            member.model().train(true);
            Tensor logits = member.model().forward(x);
            Tensor lossTensor = softTargetCrossEntropy(logits, targets);
            lossTensor.backward();
            // The one host synchronisation of a step on a GPU: the per-step metrics need the loss and the count.
            loss = lossTensor.item_float();
            correct = argmax(logits.detach(), new LongOptional(1), false).eq(labels).sum().item_long();
        }
        sgd.step(member, lr);
        return new float[] {loss, correct};
    }

    /** Cross-entropy against soft targets: mean over the batch of −Σ_c y_c·log softmax(z)_c. */
    public static Tensor softTargetCrossEntropy(Tensor logits, Tensor targets) {
        return log_softmax(logits, 1).mul(targets).sum(new long[] {1}, false, new ScalarTypeOptional()).neg().mean();
    }

    static long[] toLong(int[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
