package io.github.washjava.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts {@code wash} commands in JVMs of their own, with the test's classpath. */
public final class Jvm {
    private Jvm() {
    }

    /** Starts {@code wash ARGS} with extra environment variables; output and errors go to {@code log}. */
    public static Process start(Path log, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (java.nio.file.Files.isExecutable(Path.of("/usr/bin/env"))) {
            // A test suite started in the background inherits SIGINT ignored, and so would the JVM, which then
            // never sees a Ctrl-C; reset it to the default a terminal gives (env execs, so the pid is the JVM's).
            cmd.addAll(List.of("/usr/bin/env", "--default-signal=INT"));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.bytedeco.openblas.load=mkl", "-cp", System.getProperty("java.class.path"),
                "io.github.washjava.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("TORCH_CPP_LOG_LEVEL", "FATAL");
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Starts {@code wash ARGS}. */
    public static Process start(Path log, String... args) throws IOException {
        return start(log, Map.of(), args);
    }
}
