package io.github.washjava.train;

import static org.bytedeco.pytorch.global.torch.argmax;
import static org.bytedeco.pytorch.global.torch.log_softmax;

import io.github.washjava.data.Batch;
import io.github.washjava.exchange.Exchange;
import io.github.washjava.exchange.ExchangeContext;
import io.github.washjava.report.ProcessMemory;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;

/**
 * The training loop (DESIGN.md "Data flows one way"): every step, each member takes one SGD step on
 * its own batch (in parallel threads or one after another), then the exchange runs once over the
 * whole population, then listeners record the step.
 */
public final class Trainer {
    private final Population population;
    private final TrainingData data;
    private final Exchange exchange;
    private final CosineSchedule schedule;
    private final MemberExecutor executor;
    private final List<TrainingListener> listeners;
    private TrainerState state;
    private StepHook hook;

    public Trainer(Population population, TrainingData data, Exchange exchange, CosineSchedule schedule,
            MemberExecutor executor, List<TrainingListener> listeners) {
        this.population = population;
        this.data = data;
        this.exchange = exchange;
        this.schedule = schedule;
        this.executor = executor;
        this.listeners = List.copyOf(listeners);
        this.state = TrainerState.initial(population.size());
    }

    /** Values the exchange has sent so far, summed over members. */
    public long valuesSent() {
        return state.valuesSent();
    }

    /** Where training stands: restored from a checkpoint before {@link #fit}, read by checkpoints. */
    public TrainerState state() {
        return state;
    }

    /** Continues from a checkpoint's state instead of step 0. */
    public void resumeFrom(TrainerState restored) {
        this.state = restored;
    }

    /** Called after every step (and after the epoch listeners at an epoch's end); checkpoints hook in here. */
    public void setStepHook(StepHook hook) {
        this.hook = hook;
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
        int n = population.size();
        int stepsPerEpoch = data.stepsPerEpoch();
        long totalSteps = (long) epochs * stepsPerEpoch;
        long epochStart = System.nanoTime();
        for (long step = state.nextStep(); step < totalSteps && step < maxSteps; step++) {
            final int epoch = (int) (step / stepsPerEpoch);
            final int batch = (int) (step % stepsPerEpoch);
            final long s = step;
            if (batch == 0) {
                state = state.startEpoch(n);
                epochStart = System.nanoTime();
            }
            double lr = schedule.lr(step);
            long t0 = System.nanoTime();
            List<float[]> results = executor.map(n, i -> trainStep(population.members().get(i), epoch, batch, s, lr));
            long t1 = System.nanoTime();
            float[] losses = new float[n];
            int[] right = new int[n];
            for (int i = 0; i < n; i++) {
                losses[i] = results.get(i)[0];
                right[i] = (int) results.get(i)[1];
                if (!Float.isFinite(losses[i])) {
                    throw new TrainingDivergedException("member " + i + ", step " + step + ": expected a finite loss, found "
                            + losses[i] + "; " + (hook == null ? "no checkpoint" : hook.lastGood())
                            + "; lower --lr or check the data");
                }
            }
            boolean endOfEpoch = batch == stepsPerEpoch - 1;
            ExchangeContext context = new ExchangeContext(population, step, epoch, epochs, stepsPerEpoch, lr,
                    schedule.baseLr(), endOfEpoch);
            long sent = exchange.afterStep(context);
            if (endOfEpoch) {
                sent += exchange.afterEpoch(context);
            }
            long t2 = System.nanoTime();
            state = state.afterStep(step, losses, right, sent, (t2 - t0) / 1e9, (t2 - t1) / 1e9);
            TrainingListener.StepRecord record = new TrainingListener.StepRecord(step, epoch, lr, losses, right,
                    data.batchSize(), sent, (t2 - t0) / 1e9, (t2 - t1) / 1e9);
            listeners.forEach(l -> l.onStep(record));
            if (endOfEpoch) {
                finishEpoch(epoch, step + 1, stepsPerEpoch, (System.nanoTime() - epochStart) / 1e9);
            }
            if (hook != null) {
                hook.afterStep(this, endOfEpoch);
            }
        }
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
            Tensor x = Tensor.create(batch.images(), batch.size(), batch.channels(), batch.height(), batch.width());
            Tensor targets = Tensor.create(batch.targets(), batch.size(), batch.classes());
            Tensor labels = Tensor.create(toLong(batch.labels()), batch.size());
            member.model().train(true);
            Tensor logits = member.model().forward(x);
            Tensor lossTensor = softTargetCrossEntropy(logits, targets);
            lossTensor.backward();
            loss = lossTensor.item_float();
            correct = argmax(logits.detach(), new LongOptional(1), false).eq(labels).sum().item_long();
        }
        member.optimizer().step(lr);
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
