package io.github.washjava.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Tells whether a screenshot of a report shows a chart: text and tables are black and grey, while
 * chart lines and markers are saturated colours, so a page with a visible chart has many saturated
 * pixels. Used by the report test and by {@code bin/check-report}.
 */
public final class ScreenshotCheck {
    /** Pixels with HSB saturation ≥ 0.4 and brightness ≥ 0.3 needed to call it a chart. */
    public static final int MIN_CHART_PIXELS = 500;

    private ScreenshotCheck() {
    }

    /** Number of saturated (chart-coloured) pixels. */
    public static int chartPixels(BufferedImage img) {
        int count = 0;
        float[] hsb = new float[3];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                java.awt.Color.RGBtoHSB((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, hsb);
                if (hsb[1] >= 0.4f && hsb[2] >= 0.3f) {
                    count++;
                }
            }
        }
        return count;
    }

    /** {@code java -cp ... ScreenshotCheck shot.png}: exit 0 when a chart is visible, 1 otherwise. */
    public static void main(String[] args) throws IOException {
        BufferedImage img = ImageIO.read(Path.of(args[0]).toFile());
        int pixels = img == null ? 0 : chartPixels(img);
        if (pixels < MIN_CHART_PIXELS) {
            System.err.println(args[0] + ": expected a visible chart (>= " + MIN_CHART_PIXELS + " chart-coloured pixels), "
                    + "found " + pixels);
            System.exit(1);
        }
        System.out.println(args[0] + ": chart visible (" + pixels + " chart-coloured pixels)");
    }
}
