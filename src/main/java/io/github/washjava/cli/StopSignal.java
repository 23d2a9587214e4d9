package io.github.washjava.cli;

import io.github.washjava.experiment.Stoppable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C / SIGTERM into a polite stop: the JVM's shutdown hook asks the running experiment to
 * checkpoint after its current step, then waits (up to two minutes) for the command to finish, so the
 * checkpoint is complete before the JVM exits.
 */
final class StopSignal implements AutoCloseable {
    private static volatile boolean signalled;
    /** Released by {@link Main#main} once the command has returned and printed its last message. */
    private static final CountDownLatch FINISHED = new CountDownLatch(1);
    private final Thread hook;

    /** Installs a hook that calls {@code onStop} when the process is interrupted. */
    StopSignal(Runnable onStop) {
        hook = new Thread(() -> {
            signalled = true;
            onStop.run();
            try {
                FINISHED.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "wash-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Installs a hook that asks {@code work} to checkpoint and stop when the process is interrupted. */
    static StopSignal forWork(Stoppable work) {
        return new StopSignal(work::requestStop);
    }

    /** Whether a signal started the JVM's shutdown (then System.exit must not be called). */
    static boolean signalled() {
        return signalled;
    }

    /** Lets a waiting shutdown hook return: the command is done and its output flushed. */
    static void commandFinished() {
        FINISHED.countDown();
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns once Main has printed the outcome
        }
    }
}
