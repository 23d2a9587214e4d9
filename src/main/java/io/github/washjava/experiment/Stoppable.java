package io.github.washjava.experiment;

/** Work that can be asked to checkpoint and stop (Ctrl-C, SIGTERM). */
public interface Stoppable {
    /** Asks the work to checkpoint and stop soon; safe to call from any thread, any number of times. */
    void requestStop();
}
