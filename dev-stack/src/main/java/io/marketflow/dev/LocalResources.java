package io.marketflow.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;

/** What every harness that runs the system locally needs: free ports, and stopping what it started. */
public final class LocalResources {

    private LocalResources() {
    }

    /** A TCP port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops {@code components}: the side processes together first (so that one's graceful stop never holds back
     * another's), then the rest in order. A component that fails to stop is reported and the others still are.
     */
    public static void stopAll(List<? extends AutoCloseable> components) {
        SideProcess.closeTogether(components.stream().filter(SideProcess.class::isInstance)
                .map(SideProcess.class::cast).toList());
        for (AutoCloseable component : components) {
            if (component instanceof SideProcess) {
                continue;
            }
            try {
                component.close();
            } catch (Exception e) {
                System.err.println("Could not stop " + component + ": " + e);
            }
        }
    }
}
