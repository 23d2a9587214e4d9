package io.github.washjava.eval;

import io.github.washjava.data.Dataset;
import io.github.washjava.data.ImageFiles;
import io.github.washjava.model.ModelArchive;
import io.github.washjava.model.ModelSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Class probabilities of a saved model for image files: each image is read as the model's input —
 * resized and centre-cropped for a model trained on an image folder ({@link ImageFiles#centreView}),
 * otherwise as it is ({@link ImageFiles#forModel}) — normalised as the model was trained, and its
 * softmax ranked.
 */
public final class Predictor {
    /** One class of an image's ranking. */
    public record Guess(String className, int label, double probability) {
    }

    /** An image and its top classes, most probable first. */
    public record Prediction(Path file, List<Guess> top) {
    }

    private final ModelArchive.Loaded model;
    private final boolean resize;

    /**
     * @param resize scale images of another size to the model's input (otherwise they are refused); a
     *     model trained on an image folder takes any size regardless
     */
    public Predictor(ModelArchive.Loaded model, boolean resize) {
        this.model = model;
        this.resize = resize;
    }

    /** The {@code k} most probable classes of each file, in the order given; every file is read before any is run. */
    public List<Prediction> predict(List<Path> files, int k) {
        ModelSpec s = model.spec();
        int per = s.channels() * s.height() * s.width();
        byte[] pixels = new byte[files.size() * per];
        for (int i = 0; i < files.size(); i++) {
            byte[] image = model.centreCrop() ? ImageFiles.centreView(files.get(i), s.height())
                    : ImageFiles.forModel(files.get(i), s.channels(), s.height(), s.width(), resize);
            System.arraycopy(image, 0, pixels, i * per, per);
        }
        Dataset images = new Dataset("images", pixels, new int[files.size()], s.channels(), s.height(), s.width(),
                s.classes());
        float[] logits = new Evaluator(images, model.normalization(), 256).logits(model.model());
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            out.add(new Prediction(files.get(i), top(softmax(logits, i * s.classes(), s.classes()), k)));
        }
        return out;
    }

    private List<Guess> top(double[] p, int k) {
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < p.length; c++) {
            order.add(c);
        }
        order.sort((a, b) -> a.equals(b) ? 0 : p[b] != p[a] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
        List<Guess> guesses = new ArrayList<>();
        for (int c : order.subList(0, Math.min(k, p.length))) {
            guesses.add(new Guess(model.classNames().get(c), c, p[c]));
        }
        return guesses;
    }

    static double[] softmax(float[] logits, int from, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            max = Math.max(max, logits[from + c]);
        }
        double[] p = new double[k];
        double sum = 0;
        for (int c = 0; c < k; c++) {
            p[c] = Math.exp(logits[from + c] - max);
            sum += p[c];
        }
        for (int c = 0; c < k; c++) {
            p[c] /= sum;
        }
        return p;
    }
}
