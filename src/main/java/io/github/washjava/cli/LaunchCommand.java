package io.github.washjava.cli;

import io.github.washjava.util.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wash launch --nproc N -- COMMAND ...}: N ranks of one run on this machine, like
 * {@code torchrun --standalone --nproc-per-node N}. Each rank is a JVM started with the usual
 * variables (MASTER_ADDR, MASTER_PORT, WORLD_SIZE, RANK, LOCAL_RANK, LOCAL_WORLD_SIZE, WASH_RUN_ID);
 * rank 0's output passes through, the others' is prefixed with {@code [rank r]}. When a rank fails
 * the others get a few seconds to stop by themselves (they notice the lost rank) and are then killed;
 * the launcher exits with the first failing rank's code.
 */
@Command(name = "launch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a command on N processes of this machine, as one distributed run (ranks over loopback).",
                "Example: wash launch --nproc 4 -- train --method wash --population 8 --out runs/w4"})
public final class LaunchCommand implements Callable<Integer> {
    /** How long the other ranks get to stop by themselves after one failed. */
    static final long GRACE_SECONDS = 15;

    @Spec
    CommandSpec spec;

    @Option(names = "--nproc", required = true, paramLabel = "N", description = "Processes (ranks) to start.")
    int nproc;
    @Option(names = "--master-port", paramLabel = "PORT", description = "Port rank 0 listens on at 127.0.0.1 "
            + "(default: a free port).")
    Integer port;
    @Option(names = "--run-id", paramLabel = "ID", description = "The run's id (default: a random one).")
    String runId;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The wash command and its options, after --.")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        if (nproc < 1) {
            throw new InvalidInputException("nproc: expected an integer >= 1, found " + nproc);
        }
        if (!List.of("train", "compare", "sweep").contains(command.get(0))) {
            throw new InvalidInputException("launch: expected a distributed command (train, compare or sweep) after --, "
                    + "found \"" + command.get(0) + "\"");
        }
        // Several JVMs unpacking the natives into one cache at once crashed: unpack them here, once.
        org.bytedeco.javacpp.Loader.load(org.bytedeco.pytorch.global.torch.class);
        int masterPort = port != null ? port : freePort();
        String id = runId != null ? runId : UUID.randomUUID().toString().substring(0, 8);
        int cores = Runtime.getRuntime().availableProcessors();
        List<Process> ranks = new ArrayList<>();
        List<Thread> pumps = new ArrayList<>();
        // Ctrl-C or SIGTERM: the ranks checkpoint and stop at their next synchronised step; wait for them
        // (and for their last words) before this JVM goes.
        Thread hook = new Thread(() -> stopRanks(ranks, pumps), "wash-launch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            for (int r = 0; r < nproc; r++) {
                ProcessBuilder pb = new ProcessBuilder(javaCommand());
                Map<String, String> env = pb.environment();
                env.put("MASTER_ADDR", "127.0.0.1");
                env.put("MASTER_PORT", Integer.toString(masterPort));
                env.put("WORLD_SIZE", Integer.toString(nproc));
                env.put("RANK", Integer.toString(r));
                env.put("LOCAL_RANK", Integer.toString(r));
                env.put("LOCAL_WORLD_SIZE", Integer.toString(nproc));
                env.put("WASH_RUN_ID", id);
                env.putIfAbsent("OMP_NUM_THREADS", Integer.toString(Math.max(1, cores / nproc)));
                env.putIfAbsent("TORCH_CPP_LOG_LEVEL", "FATAL");
                Process p = pb.start();
                ranks.add(p);
                pumps.add(pump(p.getInputStream(), r == 0 ? System.out : System.err, r == 0 ? "" : "[rank " + r + "] "));
                pumps.add(pump(p.getErrorStream(), System.err, r == 0 ? "" : "[rank " + r + "] "));
            }
            int code = waitFor(ranks);
            for (Thread t : pumps) {
                t.join(5000);
            }
            return code;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
    }

    private static void stopRanks(List<Process> ranks, List<Thread> pumps) {
        ranks.forEach(Process::destroy); // SIGTERM, as Ctrl-C would
        try {
            for (Process p : ranks) {
                p.waitFor(2, TimeUnit.MINUTES);
            }
            for (Thread t : pumps) {
                t.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for every rank; after the first failure, gives the others a grace period, then kills them. */
    private static int waitFor(List<Process> ranks) throws InterruptedException {
        int first = 0;
        long deadline = Long.MAX_VALUE;
        while (true) {
            boolean allDone = true;
            for (Process p : ranks) {
                if (p.isAlive()) {
                    allDone = false;
                } else if (p.exitValue() != 0 && first == 0) {
                    first = p.exitValue();
                    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GRACE_SECONDS);
                }
            }
            if (allDone) {
                return first;
            }
            if (System.nanoTime() > deadline) {
                ranks.forEach(Process::destroyForcibly);
                deadline = Long.MAX_VALUE;
            }
            Thread.sleep(100);
        }
    }

    /** The java command that started this JVM, for the same main class with the ranks' arguments. */
    private List<String> javaCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(command);
        return cmd;
    }

    private static Thread pump(InputStream in, PrintStream out, String prefix) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                if (prefix.isEmpty()) {
                    in.transferTo(out); // rank 0: as it comes (progress bars redraw with \r)
                } else {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        out.println(prefix + line);
                    }
                }
                out.flush();
            } catch (IOException e) {
                // the rank is gone
            }
        }, "wash-launch-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
