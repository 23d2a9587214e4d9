package io.github.washjava.data;

import io.github.washjava.util.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * An image folder read lazily (docs/method.md §11): an index of its files at the start, and each image
 * decoded from disk when a batch asks for it, so memory does not grow with the folder. Images come out
 * as 3 × size × size: training images through the random resized crop and flip, evaluation images through
 * resize and centre crop ({@link ImageTransforms}). Unreadable files follow {@link UnreadableImages}.
 */
public final class FolderImages implements ImageSet {
    private final FileIndex index;
    private final UnreadableImages unreadable;
    /** Positions in the index of this set's images; null: all of them in index order. */
    private final int[] rows;
    private final int size;

    private FolderImages(FileIndex index, UnreadableImages unreadable, int[] rows, int size) {
        this.index = index;
        this.unreadable = unreadable;
        this.rows = rows;
        this.size = size;
    }

    /**
     * Indexes the split {@code dir} ({@code train/}, {@code val/}, {@code test/}) of class folders {@code classes}
     * (null: the folder's own, sorted by name), its images to be cut to {@code size × size}.
     */
    public static FolderImages open(Path dir, List<String> classes, int size) {
        if (size < 8) {
            throw new InvalidInputException("image-size: expected at least 8 pixels, found " + size);
        }
        FileIndex index = FileIndex.of(dir, classes);
        FolderImages images = new FolderImages(index, new UnreadableImages(dir, index.size()), null, size);
        // One decode per class before anything is written: a class with no readable image (a copy that
        // failed, a folder of another format) is an error now rather than in the middle of the run.
        for (int c = 0; c < index.classes().size(); c++) {
            images.decode(index.classStart(c));
        }
        return images;
    }

    /** The class names, in label order. */
    public List<String> classNames() {
        return index.classes();
    }

    @Override
    public String name() {
        return "folder";
    }

    @Override
    public int size() {
        return rows == null ? index.size() : rows.length;
    }

    @Override
    public int channels() {
        return 3;
    }

    @Override
    public int height() {
        return size;
    }

    @Override
    public int width() {
        return size;
    }

    @Override
    public int classes() {
        return index.classes().size();
    }

    @Override
    public int label(int i) {
        return index.label(row(i));
    }

    @Override
    public int[] labels() {
        int[] out = new int[size()];
        Arrays.setAll(out, this::label);
        return out;
    }

    @Override
    public FolderImages subset(int[] indices) {
        int[] picked = new int[indices.length];
        for (int j = 0; j < indices.length; j++) {
            picked[j] = row(indices[j]);
        }
        return new FolderImages(index, unreadable, picked, size);
    }

    @Override
    public boolean decodesFiles() {
        return true;
    }

    @Override
    public boolean centreCropped() {
        return true;
    }

    @Override
    public Augmentation defaultAugmentation() {
        return Augmentation.RESIZED_CROP_AND_FLIP;
    }

    @Override
    public void plainImage(int i, Normalization norm, float[] out, int offset) {
        PadCropFlip.plain(ImageTransforms.centreView(decode(row(i)), size), 0, 3, size * size, norm, out, offset);
    }

    @Override
    public void augmentedImage(int i, Normalization norm, Augmentation augmentation, SplittableRandom rng, float[] out,
            int offset) {
        BufferedImage img = decode(row(i));
        if (augmentation.resizedCrop()) {
            ImageTransforms.Box box = ImageTransforms.randomResized(img.getWidth(), img.getHeight(), rng);
            boolean flip = augmentation.flip() && rng.nextBoolean();
            PadCropFlip.plain(ImageTransforms.cropPlanes(img, box, size, flip), 0, 3, size * size, norm, out, offset);
        } else {
            PadCropFlip.apply(ImageTransforms.centreView(img, size), 0, 3, size, size, norm, augmentation, rng, out, offset);
        }
    }

    private int row(int i) {
        return rows == null ? i : rows[i];
    }

    /** Decodes index file {@code r}, or the next readable file of its class when it does not decode. */
    private BufferedImage decode(int r) {
        int label = index.label(r);
        int first = index.classStart(label);
        int count = index.classStart(label + 1) - first;
        for (int k = 0; k < count; k++) {
            int candidate = first + (r - first + k) % count;
            if (unreadable.isKnownBad(candidate)) {
                continue;
            }
            Path path = index.file(candidate);
            String why;
            try {
                BufferedImage img = ImageIO.read(path.toFile());
                if (img != null && img.getWidth() > 0 && img.getHeight() > 0) {
                    return img;
                }
                why = "not an image ImageIO can decode";
            } catch (IOException | RuntimeException e) {
                why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            unreadable.record(candidate, path, why);
        }
        throw new InvalidInputException(index.root().resolve(index.classes().get(label))
                + ": expected at least one readable image, found none");
    }
}
