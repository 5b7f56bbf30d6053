package io.marketflow.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What every harness that runs the system locally needs: free ports, pauses between polls, stopping it all, and
 * starting again from an empty directory.
 */
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

    /** Deletes {@code directory} and everything in it, if it exists. */
    public static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + directory, e);
        }
    }

    /** Waits {@code duration} between two polls; an interrupt ends the wait early and stays set for the caller. */
    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
