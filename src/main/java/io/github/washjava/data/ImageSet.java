package io.github.washjava.data;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Labelled images of one shape, read one at a time: held in memory ({@link Dataset}, the built-in
 * datasets) or decoded from files on demand ({@link FolderImages}, an image folder of any size). Pixels
 * come out normalised, channel-major, into a caller's batch array.
 */
public interface ImageSet {
    String name();

    /** Number of images. */
    int size();

    int channels();

    int height();

    int width();

    int classes();

    /** Label of image {@code i}. */
    int label(int i);

    /** Every label, in image order. */
    int[] labels();

    /** Values per image. */
    default int imageSize() {
        return channels() * height() * width();
    }

    /** The images at the given indices, in that order. */
    ImageSet subset(int[] indices);

    /** The first {@code limit} images, or all when {@code limit <= 0} or larger than the set. */
    default ImageSet limit(int limit) {
        return limit <= 0 || limit >= size() ? this : subset(IntStream.range(0, limit).toArray());
    }

    /** Image {@code i} as evaluated (no augmentation), normalised, into {@code out[offset ..]}. */
    void plainImage(int i, Normalization norm, float[] out, int offset);

    /** Image {@code i} as trained on: augmented with draws from {@code rng}, normalised, into {@code out[offset ..]}. */
    void augmentedImage(int i, Normalization norm, Augmentation augmentation, SplittableRandom rng, float[] out,
            int offset);

    /** The augmentation documented for this kind of data (docs/method.md §5). */
    Augmentation defaultAugmentation();

    /** Whether reading an image decodes a file: slow enough that batches are worth preparing ahead in worker threads. */
    default boolean decodesFiles() {
        return false;
    }

    /**
     * Whether the images are views of pictures of any size and colour, resized and centre-cropped to this
     * set's shape for evaluation (image folders), rather than stored at that shape; a model trained on
     * them takes any picture the same way ({@code wash predict}).
     */
    default boolean centreCropped() {
        return false;
    }

    /** The images at {@code indices}, un-augmented and normalised, one after another (decoded in parallel from files). */
    default float[] plainImages(int[] indices, Normalization norm) {
        int per = imageSize();
        float[] out = new float[indices.length * per];
        IntStream slots = IntStream.range(0, indices.length);
        (decodesFiles() ? slots.parallel() : slots).forEach(j -> plainImage(indices[j], norm, out, j * per));
        return out;
    }
}
