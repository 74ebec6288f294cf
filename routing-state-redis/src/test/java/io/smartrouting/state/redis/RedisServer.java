package io.smartrouting.state.redis;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real redis-server process owned by a test: on a free localhost port, in a temporary directory, with an
 * append-only file fsynced on every write, so that a killed and restarted server comes back with its data. The
 * binary is {@code $REDIS_SERVER}, else {@code redis-server} on the PATH, else the Linux build shipped in the
 * test-scoped {@code com.github.codemonstur:embedded-redis} jar, extracted once per JVM.
 *
 * <p>{@link #close()} stops the server and deletes its directory (append-only file, {@code nodes.conf},
 * {@code redis.log}); with {@code -Dsmartrouting.redis.keepDirs=true} the directories stay, for reading a failed run's
 * logs. Until 5 December 2026 every server kept its directory and a copy of the 9 MB binary in it, so each full build
 * left about a gigabyte in the temporary directory.
 */
public final class RedisServer implements AutoCloseable {

  private static final String BUNDLED = "redis-server-6.2.6-v5-linux-amd64";

  /** The server's port on 127.0.0.1. */
  public final int port;
  private final Path dir;
  private final Path binary;
  private Process process;

  private final String appendfsync;
  private final List<String> extraArgs;

  private RedisServer(Path binary, Path dir, int port, String appendfsync, List<String> extraArgs) {
    this.appendfsync = appendfsync;
    this.extraArgs = extraArgs;
    this.binary = binary;
    this.dir = dir;
    this.port = port;
  }

  /**
   * Starts a server on a free port in a new temporary directory and waits until it answers; every write is fsynced,
   * so a killed server restarts with everything it acknowledged.
   */
  public static RedisServer start() throws IOException {
    return start("always");
  }

  /**
   * Starts a server whose append-only file is fsynced {@code appendfsync} ({@code always}, {@code everysec} — Redis's
   * default and what a benchmark should measure — or {@code no}).
   */
  public static RedisServer start(String appendfsync) throws IOException {
    return start(appendfsync, List.of());
  }

  /** A server that replicates {@code master} ({@code --replicaof}); writes to it are refused. */
  static RedisServer startReplicaOf(RedisServer master) throws IOException {
    return start("everysec", List.of("--replicaof", "127.0.0.1", Integer.toString(master.port)));
  }

  /**
   * A node for a Redis Cluster: cluster mode on, no slots yet (see {@link RedisCluster}). Cluster nodes also listen
   * on {@code port + 10000} for the cluster bus, so the port is one whose bus port is free too.
   */
  static RedisServer startClusterNode() throws IOException {
    return start("everysec", List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
        "--cluster-node-timeout", "2000"));
  }

  private static RedisServer start(String appendfsync, List<String> extraArgs) throws IOException {
    Path dir = Files.createTempDirectory("smartrouting-redis");
    int port = freePort(!extraArgs.isEmpty());
    RedisServer server = new RedisServer(binary(), dir, port, appendfsync, extraArgs);
    server.launch();
    return server;
  }

  /** A free port below 55536; with {@code withBus}, one whose cluster bus port (+10000) is free as well. */
  private static int freePort(boolean withBus) throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket s = new ServerSocket(0)) {
        int port = s.getLocalPort();
        if (!withBus) {
          return port;
        }
        if (port + 10_000 <= 65_535) {
          try (ServerSocket bus = new ServerSocket(port + 10_000)) {
            return port;
          } catch (IOException taken) {
            // try another
          }
        }
      }
    }
    throw new IOException("no free port pair (port, port + 10000) found in 100 tries");
  }

  /** The bundled binary, extracted on first need into a directory of its own that the JVM's exit deletes. */
  private static Path bundled;

  private static synchronized Path binary() throws IOException {
    String env = System.getenv("REDIS_SERVER");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    for (String p : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(p, "redis-server");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    try (InputStream in = RedisServer.class.getClassLoader().getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("no redis-server: set REDIS_SERVER, put redis-server on the PATH, or keep "
            + "the test-scoped embedded-redis artifact (it ships " + BUNDLED + ")");
      }
      if (bundled != null && Files.isExecutable(bundled)) {
        return bundled;
      }
      Path binDir = Files.createTempDirectory("smartrouting-redis-bin");
      Path out = binDir.resolve("redis-server");
      Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
      if (!out.toFile().setExecutable(true)) {
        throw new IOException("cannot make " + out + " executable");
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(binDir), "redis-binary-cleanup"));
      bundled = out;
      return out;
    }
  }

  /** Deletes {@code root} and everything under it, as far as it can (a test's leftovers are not worth failing on). */
  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (java.util.stream.Stream<Path> all = Files.walk(root)) {
      all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // left behind; the next run's temporary directory is another one
        }
      });
    } catch (IOException ignored) {
      // as above
    }
  }

  void launch() throws IOException {
    List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port), "--bind",
        "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", appendfsync,
        "--daemonize", "no", "--protected-mode", "no"));
    cmd.addAll(extraArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile());
    process = pb.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("redis-server exited with " + process.exitValue() + ": "
            + Files.readString(dir.resolve("redis.log")));
      }
      if ("+PONG".equals(command("PING"))) {
        return;
      }
      sleep(20);
    }
    throw new IOException("redis-server did not answer on port " + port + " within 10 s");
  }

  /** Kills the server at once (SIGKILL), as a crash would. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Starts the server again on the same port and directory (its append-only file restores the data). */
  void restart() throws IOException {
    launch();
  }

  /** The server's version, from INFO. */
  public String version() {
    String info = command("INFO server");
    for (String line : info.split("\r\n")) {
      if (line.startsWith("redis_version:")) {
        return line.substring("redis_version:".length());
      }
    }
    return "unknown";
  }

  /** Sends one inline command and returns the raw first reply (simple replies) or the bulk body. */
  String command(String cmd) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(2000);
      s.getOutputStream().write((cmd + "\r\n").getBytes(StandardCharsets.UTF_8));
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        line.append((char) c);
      }
      String first = line.toString().trim();
      if (first.startsWith("$")) {
        int n = Integer.parseInt(first.substring(1));
        if (n < 0) {
          return "";
        }
        byte[] body = in.readNBytes(n);
        return new String(body, StandardCharsets.UTF_8);
      }
      return first;
    } catch (IOException e) {
      return "";
    }
  }

  /** A store builder for {@code tenant} on this server, with short timeouts. */
  public RedisStateStore.Builder store(String tenant) {
    return RedisStateStore.builder(tenant).endpoint("127.0.0.1", port).timeout(Duration.ofMillis(200))
        .retryAfter(Duration.ofMillis(200));
  }

  /**
   * A store builder for tests that load the server from many threads at once: as {@link #store} but waiting up to
   * five seconds for a reply, so that a stall of a busy 2-core machine (16 routing threads, the server and the
   * collector on two cores) is not taken for an outage. Tests of outages use {@link #store}.
   */
  public RedisStateStore.Builder patientStore(String tenant) {
    return store(tenant).timeout(Duration.ofSeconds(5));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The server's directory: append-only file, {@code nodes.conf}, {@code redis.log}. */
  Path dir() {
    return dir;
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      // A server refuses SIGTERM while it writes its first append-only file (a replica right after its sync does).
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor();
      }
    }
    if (!Boolean.getBoolean("smartrouting.redis.keepDirs")) {
      deleteTree(dir);
    }
  }

}
