package io.github.washjava.collective;

/**
 * Another rank of the run is gone (killed, crashed, unreachable) or never arrived. The message is one
 * line naming the rank when it is known; the CLI exits with code 1.
 */
public final class PeerLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PeerLostException(String message) {
        super(message);
    }

    public PeerLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
