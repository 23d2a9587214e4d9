package io.github.washjava.model;

import java.util.List;

/** The built-in architectures (docs/method.md §10), by the names the CLI and config files use. */
public final class Models {
    /** Names accepted by {@code --model}. */
    public static final List<String> NAMES = List.of("mlp", "small-cnn", "resnet20", "resnet18", "vgg16",
            "resnet18-imagenet", "resnet50");

    private Models() {
    }

    /** A freshly initialised model; libtorch's global generator must be seeded by the caller. */
    public static WashModel create(ModelSpec spec) {
        return switch (spec.architecture()) {
            case "mlp" -> new Mlp(spec.channels() * spec.height() * spec.width(), spec.classes());
            case "small-cnn" -> new SmallCnn(spec.channels(), spec.classes());
            case "resnet20" -> new ResNet20(spec.channels(), spec.classes());
            case "resnet18" -> new ResNet18(spec.channels(), spec.classes());
            case "vgg16" -> new Vgg16Bn(spec.channels(), spec.classes());
            case "resnet18-imagenet" -> ImageNetResNet.resnet18(spec.channels(), spec.classes());
            case "resnet50" -> ImageNetResNet.resnet50(spec.channels(), spec.classes());
            default -> throw new IllegalArgumentException(
                    "model: expected one of " + String.join(", ", NAMES) + ", found \"" + spec.architecture() + "\"");
        };
    }

    /**
     * The image side a model is built for, the default {@code image-size} of {@code --dataset folder}:
     * 224 for the ImageNet forms (resnet18-imagenet, resnet50), 32 for the CIFAR-sized ones.
     */
    public static int defaultImageSize(String architecture) {
        return architecture.equals("resnet18-imagenet") || architecture.equals("resnet50") ? 224 : 32;
    }
}
