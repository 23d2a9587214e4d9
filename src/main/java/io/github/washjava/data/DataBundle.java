package io.github.washjava.data;

/**
 * Everything a run needs from its data: the training split, the validation hold-out (used only to
 * rank members for the greedy soup), the test set, the normalisation and the base augmentation.
 */
public record DataBundle(Dataset train, Dataset validation, Dataset test, Normalization normalization,
        Augmentation augmentation) {
}
