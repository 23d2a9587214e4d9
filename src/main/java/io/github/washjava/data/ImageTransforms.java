package io.github.washjava.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.SplittableRandom;

/**
 * ImageNet's image transforms (docs/method.md §5, as torchvision's): for training a random resized crop — a
 * box of 8–100% of the image's area with aspect ratio in [3/4, 4/3] (log-uniform), scaled to the input
 * size — then a random horizontal flip; for evaluation the shorter side resized to {@code size / 0.875}
 * (256 for 224) and the centre {@code size × size} cut out. Scaling is bilinear. The result is 3 channel
 * planes (R, G, B); a greyscale image's levels are copied into the three.
 */
final class ImageTransforms {
    static final double MIN_AREA = 0.08;
    static final double MIN_RATIO = 3.0 / 4;
    static final double MAX_RATIO = 4.0 / 3;
    /** Evaluation resizes to size / CROP_FRACTION and keeps the centre size × size. */
    static final double CROP_FRACTION = 0.875;

    /** A source box in pixels. */
    record Box(int x, int y, int width, int height) {
    }

    private ImageTransforms() {
    }

    /** The evaluation box: the centre square that the resize-then-crop keeps, in source pixels. */
    static Box centre(int width, int height) {
        int shorter = Math.min(width, height);
        int side = Math.max(1, (int) Math.round(shorter * CROP_FRACTION));
        return new Box((width - side) / 2, (height - side) / 2, side, side);
    }

    /** A random resized crop's box (10 tries, then the centre box with the ratio clamped, as torchvision). */
    static Box randomResized(int width, int height, SplittableRandom rng) {
        double area = (double) width * height;
        double logLow = Math.log(MIN_RATIO);
        double logHigh = Math.log(MAX_RATIO);
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * rng.nextDouble(MIN_AREA, 1.0);
            double ratio = Math.exp(rng.nextDouble(logLow, logHigh));
            int w = (int) Math.round(Math.sqrt(target * ratio));
            int h = (int) Math.round(Math.sqrt(target / ratio));
            if (w > 0 && h > 0 && w <= width && h <= height) {
                return new Box(rng.nextInt(width - w + 1), rng.nextInt(height - h + 1), w, h);
            }
        }
        double inRatio = (double) width / height;
        int w = width;
        int h = height;
        if (inRatio < MIN_RATIO) {
            h = (int) Math.round(width / MIN_RATIO);
        } else if (inRatio > MAX_RATIO) {
            w = (int) Math.round(height * MAX_RATIO);
        }
        return new Box((width - w) / 2, (height - h) / 2, w, h);
    }

    /** The evaluation view of {@code img}: resized and centre-cropped to {@code size × size}, as 3 planes. */
    static byte[] centreView(BufferedImage img, int size) {
        return cropPlanes(img, centre(img.getWidth(), img.getHeight()), size, false);
    }

    /**
     * The box of {@code img} scaled to {@code size × size} as 3 planes (R, G, B), mirrored left-right when
     * {@code flip}.
     */
    static byte[] cropPlanes(BufferedImage img, Box box, int size, boolean flip) {
        boolean colour = ImageFiles.isColour(img);
        // A grey image is drawn onto a grey canvas: drawn onto RGB its levels would pass through Java's
        // linear-grey to sRGB conversion and come out brighter.
        BufferedImage canvas = new BufferedImage(size, size, colour ? BufferedImage.TYPE_3BYTE_BGR
                : BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, size, size, box.x(), box.y(), box.x() + box.width(), box.y() + box.height(), null);
        g.dispose();
        byte[] px = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
        int plane = size * size;
        byte[] out = new byte[3 * plane];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int sx = flip ? size - 1 - x : x;
                int p = y * size + x;
                if (colour) {
                    int q = 3 * (y * size + sx); // TYPE_3BYTE_BGR stores B, G, R
                    out[p] = px[q + 2];
                    out[plane + p] = px[q + 1];
                    out[2 * plane + p] = px[q];
                } else {
                    byte v = px[y * size + sx];
                    out[p] = v;
                    out[plane + p] = v;
                    out[2 * plane + p] = v;
                }
            }
        }
        return out;
    }
}
