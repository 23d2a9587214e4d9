package io.github.washjava.model;

/**
 * What a model is built for: the architecture name and the shape of the data.
 *
 * @param architecture one of {@link Models#NAMES}
 * @param channels input channels (1 for grey, 3 for colour)
 * @param height input height in pixels
 * @param width input width in pixels
 * @param classes number of output classes
 */
public record ModelSpec(String architecture, int channels, int height, int width, int classes) {
}
