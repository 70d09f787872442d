import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Starts a real Neo4j 5.26 Community server for tests: Bolt only on 127.0.0.1:PORT, auth off.
 *
 * <pre>
 * java -Xmx1g -cp target/classes:$(cat target/classpath.txt) Main PORT DATADIR [options]
 *
 *   PORT                 Bolt port on 127.0.0.1 (0 = let the OS choose; the real port is printed)
 *   DATADIR              directory that holds the database; reused (not wiped) on the next start
 *   --mode embedded      (default) DatabaseManagementServiceBuilder(DATADIR): everything lives in DATADIR
 *   --mode harness       neo4j-harness in-process builder; the harness puts its home in a random
 *                        folder that it deletes on close, so data_directory is pointed at DATADIR/data
 *   --pagecache SIZE     page cache size in MiB or with suffix k/m/g (default 256m)
 *   --ignore-stdin       do not stop when stdin reaches EOF (stop only on SIGTERM/SIGINT)
 * </pre>
 *
 * When Bolt accepts connections the process prints exactly one line {@code BOLT_URI=bolt://127.0.0.1:PORT}
 * to stdout. It stops cleanly (database shutdown, checkpoint) on SIGTERM/SIGINT or when stdin is closed,
 * then prints {@code STOPPED}.
 */
public final class Main {

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Main PORT DATADIR [--mode embedded|harness] [--pagecache 256m] [--ignore-stdin]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path dataDir = Path.of(args[1]).toAbsolutePath().normalize();
        String mode = "embedded";
        long pageCache = ByteUnit.mebiBytes(256);
        boolean watchStdin = true;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--mode" -> mode = args[++i];
                case "--pagecache" -> pageCache = parseSize(args[++i]);
                case "--ignore-stdin" -> watchStdin = false;
                default -> {
                    System.err.println("unknown argument: " + args[i]);
                    System.exit(2);
                }
            }
        }
        Files.createDirectories(dataDir);
        SocketAddress listen = new SocketAddress("127.0.0.1", port);

        Map<Setting<?>, Object> settings = new LinkedHashMap<>();
        settings.put(GraphDatabaseSettings.auth_enabled, false);
        settings.put(BoltConnector.enabled, true);
        settings.put(BoltConnector.listen_address, listen);
        settings.put(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED);
        settings.put(GraphDatabaseSettings.pagecache_memory, pageCache);
        // Tests create many small databases: no 250 MB preallocated transaction log files.
        settings.put(GraphDatabaseSettings.preallocate_logical_logs, false);
        settings.put(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(32));
        settings.put(GraphDatabaseSettings.udc_enabled, false);
        // Netty waits a 5 s quiet period per Bolt event-loop group on shutdown (10 s total); not needed here.
        settings.put(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);

        final Runnable closer;
        final int boltPort;
        long t0 = System.nanoTime();
        switch (mode) {
            case "embedded" -> {
                DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(dataDir)
                        .setConfig(settings)
                        .build();
                GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
                HostnamePort hp = db.getDependencyResolver()
                        .resolveDependency(ConnectorPortRegister.class)
                        .getLocalAddress(ConnectorType.BOLT);
                boltPort = hp.getPort();
                closer = dbms::shutdown;
            }
            case "harness" -> {
                // The harness always creates <workdir>/<random md5> as neo4j home and deletes it on close();
                // only an absolute data_directory outside that folder survives a restart.
                Path work = dataDir.resolve("harness-home");
                Files.createDirectories(work);
                Neo4jBuilder b = Neo4jBuilders.newInProcessBuilder(work)
                        .withDisabledServer()
                        .withConfig(GraphDatabaseSettings.data_directory, dataDir.resolve("data"));
                for (Map.Entry<Setting<?>, Object> e : settings.entrySet()) {
                    b = withConfig(b, e.getKey(), e.getValue());
                }
                Neo4j neo4j = b.build();
                boltPort = neo4j.boltURI().getPort();
                closer = neo4j::close;
            }
            default -> throw new IllegalArgumentException("unknown --mode " + mode);
        }

        AtomicBoolean closed = new AtomicBoolean(false);
        CountDownLatch done = new CountDownLatch(1);
        Runnable shutdown = () -> {
            if (closed.compareAndSet(false, true)) {
                long s0 = System.nanoTime();
                try {
                    closer.run();
                } catch (Throwable t) {
                    t.printStackTrace();
                } finally {
                    System.err.printf("neo4j shut down in %d ms%n", (System.nanoTime() - s0) / 1_000_000);
                    System.out.println("STOPPED");
                    System.out.flush();
                    done.countDown();
                }
            } else {
                // Another thread (stdin watcher or the signal hook) is already closing the database:
                // wait for it, otherwise the JVM would halt in the middle of the checkpoint.
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        // SIGTERM / SIGINT / System.exit all run shutdown hooks.
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "neo4j-shutdown"));

        System.err.printf("neo4j (%s mode) started in %d ms, data in %s%n", mode, (System.nanoTime() - t0) / 1_000_000, dataDir);
        System.out.println("BOLT_URI=bolt://127.0.0.1:" + boltPort);
        System.out.flush();

        if (watchStdin) {
            Thread watcher = new Thread(() -> {
                try {
                    InputStream in = System.in;
                    byte[] buf = new byte[256];
                    while (in.read(buf) >= 0) {
                        // ignore input; we only care about EOF
                    }
                } catch (IOException ignored) {
                    // treat like EOF
                }
                System.err.println("stdin closed, shutting down");
                shutdown.run();
                System.exit(0);
            }, "stdin-watcher");
            watcher.setDaemon(true);
            watcher.start();
        }
        done.await();
    }

    @SuppressWarnings("unchecked")
    private static <T> Neo4jBuilder withConfig(Neo4jBuilder b, Setting<T> setting, Object value) {
        return b.withConfig(setting, (T) value);
    }

    private static long parseSize(String s) {
        String v = s.trim().toLowerCase();
        long mult = 1024L * 1024L;
        char last = v.charAt(v.length() - 1);
        if (Character.isLetter(last)) {
            v = v.substring(0, v.length() - 1);
            mult = switch (last) {
                case 'k' -> 1024L;
                case 'm' -> 1024L * 1024L;
                case 'g' -> 1024L * 1024L * 1024L;
                default -> throw new IllegalArgumentException("bad size " + s);
            };
        }
        return Long.parseLong(v) * mult;
    }
}
