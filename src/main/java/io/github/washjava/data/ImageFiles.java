package io.github.washjava.data;

import io.github.washjava.util.InvalidInputException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Image files as pixel planes (channel-major, one byte per value): what the readers and {@code wash predict} share. */
public final class ImageFiles {
    private ImageFiles() {
    }

    /** Decodes a PNG, JPEG, BMP or GIF; an unreadable file is a bad input naming it. */
    public static BufferedImage read(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            img = null;
        }
        if (img == null) {
            throw new InvalidInputException(file + ": expected an image ImageIO can read (png, jpg, bmp, gif), found "
                    + "unreadable data");
        }
        return img;
    }

    /** Whether the image has colour components (RGB) rather than one grey one. */
    public static boolean isColour(BufferedImage img) {
        return img.getColorModel().getNumColorComponents() > 1;
    }

    /**
     * The image scaled to {@code width} × {@code height} (bilinear), or itself when it has that size; a
     * greyscale image stays greyscale (no colour conversion of its levels).
     */
    public static BufferedImage scaled(BufferedImage img, int width, int height) {
        if (img.getWidth() == width && img.getHeight() == height) {
            return img;
        }
        BufferedImage out = new BufferedImage(width, height, isColour(img) ? BufferedImage.TYPE_INT_RGB
                : BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    /**
     * {@code channels} planes (3: R, G, B; 1: the grey level) of an image of its own size. A greyscale
     * image's levels are read from its raster as stored ({@code getRGB} would pass them through a
     * linear-to-sRGB conversion and brighten them).
     */
    public static byte[] planes(BufferedImage img, int channels) {
        int w = img.getWidth();
        int h = img.getHeight();
        int plane = w * h;
        byte[] out = new byte[channels * plane];
        if (!isColour(img)) {
            java.awt.image.Raster raster = img.getRaster();
            int shift = Math.max(0, raster.getSampleModel().getSampleSize(0) - 8); // 16-bit grey to 8 bits
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int v = raster.getSample(x, y, 0) >> shift;
                    for (int c = 0; c < channels; c++) {
                        out[c * plane + y * w + x] = (byte) v;
                    }
                }
            }
            return out;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int p = y * w + x;
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (channels == 1) {
                    out[p] = (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b); // a grey image has r = g = b
                } else {
                    out[p] = (byte) r;
                    out[plane + p] = (byte) g;
                    out[2 * plane + p] = (byte) b;
                }
            }
        }
        return out;
    }

    /**
     * The evaluation view of an image folder's model for {@code file}, a picture of any size, grey or
     * colour: resized and centre-cropped to {@code size × size}, as 3 planes (R, G, B).
     */
    public static byte[] centreView(Path file, int size) {
        return ImageTransforms.centreView(read(file), size);
    }

    /**
     * The pixels a model of {@code channels} × {@code height} × {@code width} inputs takes from {@code file}:
     * the image must have the model's kind of channels (grey for 1, colour for 3) and, unless
     * {@code resize}, its size.
     */
    public static byte[] forModel(Path file, int channels, int height, int width, boolean resize) {
        BufferedImage img = read(file);
        boolean colour = isColour(img);
        if (channels == 1 && colour) {
            throw new InvalidInputException(file + ": expected a greyscale image (the model takes 1 channel), found a "
                    + "colour image; convert it to greyscale first");
        }
        if (channels == 3 && !colour) {
            throw new InvalidInputException(file + ": expected a colour image (the model takes 3 channels), found a "
                    + "greyscale image");
        }
        if (!resize && (img.getWidth() != width || img.getHeight() != height)) {
            throw new InvalidInputException(file + ": expected " + width + "×" + height + " pixels (the model's input), "
                    + "found " + img.getWidth() + "×" + img.getHeight() + "; pass --resize to scale it");
        }
        return planes(scaled(img, width, height), channels);
    }
}
