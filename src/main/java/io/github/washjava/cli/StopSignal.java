package io.github.washjava.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C / SIGTERM into a polite stop: the JVM's shutdown hook asks the running experiment to
 * checkpoint after its current step, then waits (up to two minutes) for the command to finish, so the
 * checkpoint is complete before the JVM exits.
 */
final class StopSignal implements AutoCloseable {
    private static volatile boolean signalled;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    /** Installs a hook that calls {@code onStop} when the process is interrupted. */
    StopSignal(Runnable onStop) {
        hook = new Thread(() -> {
            signalled = true;
            onStop.run();
            try {
                finished.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "wash-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether a signal started the JVM's shutdown (then System.exit must not be called). */
    static boolean signalled() {
        return signalled;
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that the command has finished
        }
    }
}
