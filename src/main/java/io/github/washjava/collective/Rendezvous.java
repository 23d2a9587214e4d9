package io.github.washjava.collective;

import io.github.washjava.util.InvalidInputException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.IntOptional;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.StringVector;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;

/**
 * How the ranks of a run find each other, as {@code torch.distributed} does: rank 0 serves a c10d
 * {@code TCPStore} on the master address (bound to that address only), every rank connects to it,
 * and the ranks build a {@code ProcessGroupGloo} over it.
 *
 * <p>Before the process group is built, every rank's {@link RunIdentity} is compared with rank 0's: a
 * process of another run (another run id), a rank started with a different config, code version or
 * world size, or a second process claiming a taken rank is refused, on both sides, with a message
 * naming the difference. A rank that does not arrive within the rendezvous timeout is named.
 */
public final class Rendezvous {
    /** Gloo's own timeout for one collective; a peer that dies is noticed at once (see {@link Heartbeat}). */
    static final Duration COLLECTIVE_TIMEOUT = Duration.ofMinutes(30);
    private static final long POLL_MILLIS = 100;
    private static final Duration VERDICT_MARGIN = Duration.ofSeconds(10);
    private static final List<Object> KEEP_UNTIL_EXIT = java.util.Collections.synchronizedList(new ArrayList<>());

    private Rendezvous() {
    }

    /** Joins the run described by {@code settings} as {@code identity}; every rank calls this. */
    public static GlooCollective join(LaunchSettings settings, RunIdentity identity) {
        String where = settings.masterAddress() + ":" + settings.masterPort();
        int rank = settings.rank();
        int w = settings.worldSize();
        ServerSocketChannel listener = rank == 0 ? listen(settings) : null;
        TCPStore store = connect(settings, listener, where);
        // The store's daemon owns the listening descriptor, so the channel must never be closed by the GC;
        // and destroying a store or process group from Java corrupted the native heap (seen after a few
        // groups in one JVM), so they live until the process exits, also when the rendezvous fails.
        KEEP_UNTIL_EXIT.add(new Object[] {listener, store});
        KeyStore run = new KeyStore(store, "wash/");
        long deadline = System.nanoTime() + settings.rendezvousTimeout().toNanos();
        if (rank == 0) {
            run.set("run", identity.toJson());
            admit(run, identity, w, deadline, where, settings.rendezvousTimeout());
        } else {
            present(run, identity, rank, deadline, where, settings.rendezvousTimeout());
        }
        Store beatStore = store.clone();
        Heartbeat heartbeat = new Heartbeat(beatStore, rank, w, settings.peerTimeout(), where);
        ProcessGroupGloo group;
        ProcessGroupGloo.Options options;
        org.bytedeco.pytorch.gloo.Device device;
        try {
            options = ProcessGroupGloo.Options.create(new Milliseconds(COLLECTIVE_TIMEOUT.toMillis()));
            device = ProcessGroupGloo.createDeviceForHostname(localAddress(settings));
            options.devices().push_back(device);
            // One store per run, so Gloo's own keys need no prefix (a PrefixStore built from Java crashed).
            group = new ProcessGroupGloo(store, rank, w, options);
        } catch (RuntimeException e) {
            heartbeat.close();
            throw new PeerLostException("rendezvous at " + where + ": building the Gloo process group failed ("
                    + firstLine(e) + ")", e);
        }
        heartbeat.start();
        KEEP_UNTIL_EXIT.add(new Object[] {beatStore, options, device, group}); // a process joins one group per run
        return new GlooCollective(group, rank, w, heartbeat::diagnose, heartbeat::reportFailure,
                heartbeat::setResumeHint, heartbeat::close);
    }

    private static boolean rank0(LaunchSettings s) {
        return s.rank() == 0;
    }

    /** Rank 0: the master socket, bound to the given address only. */
    private static ServerSocketChannel listen(LaunchSettings s) {
        try {
            ServerSocketChannel ch = ServerSocketChannel.open();
            ch.bind(new InetSocketAddress(InetAddress.getByName(s.masterAddress()), s.masterPort()), 128);
            return ch;
        } catch (UnknownHostException e) {
            throw new InvalidInputException("master: expected an address of this machine, found unknown host \""
                    + s.masterAddress() + "\"");
        } catch (IOException e) {
            throw new InvalidInputException("master " + s.masterAddress() + ":" + s.masterPort() + ": expected a free "
                    + "address of this machine to listen on, found " + e.getMessage() + " (another run on this port? "
                    + "choose another --master port)");
        }
    }

    private static TCPStore connect(LaunchSettings s, ServerSocketChannel listener, String where) {
        TCPStoreOptions o = new TCPStoreOptions();
        o.port((short) s.masterPort());
        o.isServer(rank0(s));
        o.numWorkers(new SizeTPointer(1).put(s.worldSize()));
        o.waitWorkers(false);
        o.timeout(new Milliseconds(s.rendezvousTimeout().toMillis()));
        if (listener != null) {
            o.masterListenFd(new IntOptional(fileDescriptor(listener)));
        }
        try {
            return new TCPStore(s.masterAddress(), o);
        } catch (RuntimeException e) {
            throw new PeerLostException("rendezvous: expected rank 0 to answer at " + where + " within "
                    + s.rendezvousTimeout().toSeconds() + " s, found no answer (" + firstLine(e) + ")", e);
        }
    }

    /** Rank 0 waits for every other rank to present itself, and tells them all whether the run goes ahead. */
    private static void admit(KeyStore run, RunIdentity mine, int w, long deadline, String where, Duration timeout) {
        List<Integer> missing = new ArrayList<>();
        for (int r = 1; r < w; r++) {
            missing.add(r);
        }
        String verdict = "ok";
        while (!missing.isEmpty() && verdict.equals("ok")) {
            for (int r : List.copyOf(missing)) {
                if (run.has("refused/" + r)) {
                    verdict = "rank " + r + " was refused: " + run.get("refused/" + r);
                } else if (run.has("joined/" + r)) {
                    missing.remove(Integer.valueOf(r));
                }
            }
            if (!missing.isEmpty() && verdict.equals("ok")) {
                if (System.nanoTime() > deadline) {
                    verdict = "rank" + (missing.size() > 1 ? "s " : " ") + join(missing) + " of " + w
                            + " did not arrive at " + where + " within " + timeout.toSeconds() + " s";
                    break;
                }
                sleep();
            }
        }
        run.set("verdict", verdict);
        if (!verdict.equals("ok")) {
            awaitReadersOfVerdict(run, w);
            throw new PeerLostException("rendezvous: " + verdict);
        }
    }

    /**
     * Rank 0 serves the store, so when it refuses the run it stays until the ranks that joined have read
     * why (bounded), rather than leaving them a closed connection to report.
     */
    private static void awaitReadersOfVerdict(KeyStore run, int w) {
        long until = System.nanoTime() + VERDICT_MARGIN.toNanos();
        for (int r = 1; r < w; r++) {
            while (run.has("joined/" + r) && !run.has("seen/" + r) && System.nanoTime() < until) {
                sleep();
            }
        }
    }

    /** A rank other than 0 compares itself with rank 0 and waits for the verdict. */
    private static void present(KeyStore run, RunIdentity mine, int rank, long deadline, String where, Duration timeout) {
        RunIdentity theirs;
        try {
            run.await("run", deadline);
            theirs = RunIdentity.parse(run.get("run"));
        } catch (RuntimeException e) {
            throw new PeerLostException("rendezvous: expected rank 0 of run " + mine.runId() + " at " + where + " within "
                    + timeout.toSeconds() + " s, found none", e);
        }
        if (theirs == null || !mine.runId().equals(theirs.runId())) {
            throw new PeerLostException("rendezvous at " + where + ": expected run " + mine.runId() + ", found "
                    + (theirs == null ? "something that is not a WASH run" : "run " + theirs.runId())
                    + " there; refused (another run uses this address: choose another --master port or --run-id)");
        }
        List<String> differences = RunIdentity.differences(mine, theirs);
        if (run.add("claim/" + rank, 1) > 1) {
            differences.add(0, "rank " + rank + " is already taken by another process");
        }
        if (!differences.isEmpty()) {
            String reason = String.join("; ", differences);
            run.set("refused/" + rank, reason);
            throw new PeerLostException("rendezvous: rank " + rank + " refused: " + reason);
        }
        run.set("joined/" + rank, mine.toJson());
        String verdict;
        try {
            run.await("verdict", deadline + VERDICT_MARGIN.toNanos()); // rank 0 decides at the deadline itself
            verdict = run.get("verdict");
            run.set("seen/" + rank, "1");
        } catch (RuntimeException e) {
            throw new PeerLostException("rendezvous: expected rank 0's go-ahead within " + timeout.toSeconds()
                    + " s, found none (" + firstLine(e) + ")", e);
        }
        if (!verdict.equals("ok")) {
            throw new PeerLostException("rendezvous: " + verdict);
        }
    }

    /**
     * The address this rank's Gloo connections use: the local end of a route to the master (no packet is
     * sent), or GLOO_SOCKET_IFNAME's address when set, as with PyTorch.
     */
    static String localAddress(LaunchSettings s) {
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket()) {
            probe.connect(InetAddress.getByName(s.masterAddress()), s.masterPort());
            InetAddress local = probe.getLocalAddress();
            return local.isAnyLocalAddress() ? s.masterAddress() : local.getHostAddress();
        } catch (IOException e) {
            return s.masterAddress();
        }
    }

    /**
     * The file descriptor of a listening socket, found through /proc (Linux): the socket's inode from
     * /proc/net/tcp{,6} for its port, then the descriptor that links to that inode.
     */
    static int fileDescriptor(ServerSocketChannel channel) {
        try {
            int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            String hexPort = String.format(":%04X", port);
            String inode = null;
            for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A")) { // 0A: LISTEN
                        inode = f[9];
                    }
                }
            }
            String target = "socket:[" + inode + "]";
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                for (Path fd : fds.toList()) {
                    try {
                        if (Files.readSymbolicLink(fd).toString().equals(target)) {
                            return Integer.parseInt(fd.getFileName().toString());
                        }
                    } catch (IOException vanished) {
                        // a descriptor closed while listing
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot find the master socket's descriptor: " + e.getMessage(), e);
        }
        throw new IllegalStateException("cannot find the master socket's descriptor in /proc/self/fd");
    }

    static StringVector keys(String... names) {
        StringVector v = new StringVector();
        for (String n : names) {
            v.push_back(n);
        }
        return v;
    }

    private static String join(List<Integer> ranks) {
        return String.join(", ", ranks.stream().map(String::valueOf).toList());
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerLostException("rendezvous interrupted");
        }
    }

    static String firstLine(Throwable e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
    }
}
