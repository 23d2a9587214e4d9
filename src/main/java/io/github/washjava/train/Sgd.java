package io.github.washjava.train;

import io.github.washjava.population.Member;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * Stochastic gradient descent with heavy-ball momentum and coupled L2 weight decay, as PyTorch's
 * {@code torch.optim.SGD} with dampening 0 (docs/method.md §5):
 *
 * <pre>
 *   g_t = ∇f(θ_{t−1}) + λ·θ_{t−1}           (coupled weight decay, on every parameter)
 *   b_t = μ·b_{t−1} + g_t                   (b_0 = 0, so b_1 = g_1 as in PyTorch)
 *   θ_t = θ_{t−1} − γ_t·(nesterov ? g_t + μ·b_t : b_t)
 * </pre>
 *
 * <p>Written here rather than taken from libtorch so that the momentum buffers are plain tensors in
 * layout order, held by each {@link Member}: WASH+Opt shuffles them with the weights, and checkpoints
 * save them.
 */
public final class Sgd {
    /**
     * SGD hyper-parameters (the base learning rate is the schedule's), immutable; start from
     * {@link #paperDefaults()} and change what you need by name.
     */
    public record Options(double momentum, double weightDecay, boolean nesterov) {
        public Options {
            if (momentum < 0 || weightDecay < 0) {
                throw new IllegalArgumentException("momentum and weight decay must be >= 0");
            }
            if (nesterov && momentum <= 0) {
                throw new IllegalArgumentException("Nesterov momentum requires momentum > 0");
            }
        }

        /** docs/method.md §5: momentum 0.9, weight decay 1e-4, no Nesterov. */
        public static Options paperDefaults() {
            return new Options(0.9, 1e-4, false);
        }

        public Options withMomentum(double value) {
            return new Options(value, weightDecay, nesterov);
        }

        public Options withWeightDecay(double value) {
            return new Options(momentum, value, nesterov);
        }

        public Options withNesterov(boolean value) {
            return new Options(momentum, weightDecay, value);
        }
    }

    private final Options options;

    public Sgd(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /**
     * One update of {@code member} with learning rate {@code lr}: its gradients are consumed and
     * zeroed, its momentum buffers (held by the member) updated.
     */
    public void step(Member member, double lr) {
        step(member.parameters(), member.momentum(), lr);
    }

    /** One update of {@code params} with their {@code momentum} buffers (aligned lists). */
    public void step(List<Tensor> params, List<Tensor> momentum, double lr) {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Scalar wd = new Scalar(options.weightDecay());
            Scalar mu = new Scalar(options.momentum());
            Scalar negLr = new Scalar(-lr);
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                Tensor g = p.grad();
                if (!g.defined()) {
                    continue;
                }
                if (options.weightDecay() != 0) {
                    g.add_(p, wd);
                }
                if (options.momentum() != 0) {
                    Tensor buf = momentum.get(i);
                    buf.mul_(mu).add_(g);
                    if (options.nesterov()) {
                        g.add_(buf, mu);
                    } else {
                        g.copy_(buf);
                    }
                }
                p.add_(g, negLr);
                g.zero_();
            }
        }
    }
}
