package io.github.washjava.data;

import java.util.List;

/**
 * Everything a run needs from its data: the training split, the validation hold-out (used only to
 * rank members for the greedy soup), the test set, the normalisation, the base augmentation and the
 * name of each class (saved with the models, printed by {@code wash predict}).
 */
public record DataBundle(ImageSet train, ImageSet validation, ImageSet test, Normalization normalization,
        Augmentation augmentation, List<String> classNames) {
    public DataBundle {
        classNames = List.copyOf(classNames);
    }
}
