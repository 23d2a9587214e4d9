package io.github.washjava.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Checks that a chart file is a real picture, not an empty image. */
public final class Images {
    private Images() {
    }

    /** The PNG decodes, and at least 1% of its pixels are neither white nor the most common colour. */
    public static void assertNonTrivialChart(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).as(png + " decodes").isNotNull();
        Set<Integer> colours = new HashSet<>();
        long inked = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                if (rgb != 0xFFFFFF) {
                    inked++;
                }
            }
        }
        assertThat(colours.size()).as(png + " colours").isGreaterThan(8);
        assertThat(inked).as(png + " non-white pixels").isGreaterThan((long) img.getWidth() * img.getHeight() / 100);
    }

    /** The SVG exists and holds drawing elements. */
    public static void assertSvg(Path svg) throws IOException {
        String text = Files.readString(svg);
        assertThat(text).as(svg.toString()).contains("<svg").containsPattern("<(path|line|polyline)");
    }
}
