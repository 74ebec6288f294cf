package io.smartrouting.state.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Connections whose reads first poll for the answer for a short while ({@code spinNanos}) and only then sleep until it
 * comes. On a virtual machine, waking a thread that sleeps on a socket costs tens of microseconds (a {@code PING}
 * had a p50 of 64 µs sleeping and 23 µs polling on this project's machine class, {@code RedisRouteBenchmark}
 * {@code pingSleeping} and {@code pingPolling}); a thread that polls sees the answer as it lands. The
 * price is a busy core while polling, so a thread polls only while it is the one thread using Redis through this
 * store (nobody else waiting, and it was the last to read or the others have been quiet for
 * {@link #QUIET_NANOS}); with more threads at work every thread sleeps as usual, since a poller would take the CPU
 * the others and Redis need.
 *
 * <p>Each socket is a non-blocking {@link SocketChannel} behind a {@link Socket} face, which is all Jedis asks of a
 * socket: streams, a read timeout, open/closed state. A read that outlasts the socket timeout throws
 * {@link SocketTimeoutException}, as a blocking socket's would. Not API: see {@code Builder#spinWait}.
 */
final class SpinningSockets implements JedisSocketFactory {

  private final InetSocketAddress address;
  private final int connectTimeoutMillis;
  private final int soTimeoutMillis;
  private final long spinNanos;
  /** Threads waiting for an answer right now, polling or asleep, across this factory's sockets. */
  private final AtomicInteger waiting = new AtomicInteger();
  /** The thread that last received an answer, and when. */
  private volatile @Nullable Thread lastReader;
  private volatile long lastReadEnd;
  /**
   * Answers already there when their thread came to read, that arrived while it polled, and after it slept: for tests
   * and diagnostics.
   */
  final java.util.concurrent.atomic.LongAdder atOnce = new java.util.concurrent.atomic.LongAdder();
  final java.util.concurrent.atomic.LongAdder polled = new java.util.concurrent.atomic.LongAdder();
  final java.util.concurrent.atomic.LongAdder slept = new java.util.concurrent.atomic.LongAdder();
  /** Times a thread went to sleep on a selector (more than once per answer only when woken early). */
  final java.util.concurrent.atomic.LongAdder selects = new java.util.concurrent.atomic.LongAdder();
  /** How long other threads must have left Redis alone before a thread that was not the last reader polls. */
  static final long QUIET_NANOS = 500_000L;

  SpinningSockets(String host, int port, int connectTimeoutMillis, int soTimeoutMillis, long spinNanos) {
    this.address = new InetSocketAddress(host, port);
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.soTimeoutMillis = soTimeoutMillis;
    this.spinNanos = spinNanos;
  }

  @Override
  public Socket createSocket() {
    SocketChannel ch = null;
    try {
      ch = SocketChannel.open();
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
      // Connect blocking (the adaptor honours the timeout), then switch to polling.
      ch.socket().connect(address, connectTimeoutMillis);
      ch.configureBlocking(false);
      return new SpinSocket(ch, soTimeoutMillis);
    } catch (IOException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // already failing
        }
      }
      throw new JedisConnectionException("Failed to connect to " + address, e);
    }
  }

  /** A connected non-blocking channel behind a {@link Socket}. */
  final class SpinSocket extends Socket {
    private final SocketChannel ch;
    private volatile int soTimeout;
    private @Nullable Selector selector;
    private final In in = new In();
    private final Out out = new Out();
    private final View reads = new View();
    private final View writes = new View();

    SpinSocket(SocketChannel ch, int soTimeout) {
      this.ch = ch;
      this.soTimeout = soTimeout;
    }

    @Override
    public InputStream getInputStream() {
      return in;
    }

    @Override
    public OutputStream getOutputStream() {
      return out;
    }

    @Override
    public void setSoTimeout(int timeout) {
      this.soTimeout = timeout;
    }

    @Override
    public int getSoTimeout() {
      return soTimeout;
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
      option(StandardSocketOptions.TCP_NODELAY, on);
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
      option(StandardSocketOptions.SO_KEEPALIVE, on);
    }

    private <T> void option(java.net.SocketOption<T> name, T value) throws SocketException {
      try {
        ch.setOption(name, value);
      } catch (IOException e) {
        SocketException s = new SocketException(e.getMessage());
        s.initCause(e);
        throw s;
      }
    }

    @Override
    public boolean isConnected() {
      return ch.isConnected();
    }

    @Override
    public boolean isBound() {
      return true;
    }

    @Override
    public boolean isClosed() {
      return !ch.isOpen();
    }

    @Override
    public boolean isInputShutdown() {
      return false;
    }

    @Override
    public boolean isOutputShutdown() {
      return false;
    }

    @Override
    public @Nullable SocketAddress getRemoteSocketAddress() {
      try {
        return ch.getRemoteAddress();
      } catch (IOException e) {
        return null;
      }
    }

    @Override
    public @Nullable SocketAddress getLocalSocketAddress() {
      try {
        return ch.getLocalAddress();
      } catch (IOException e) {
        return null;
      }
    }

    @Override
    public synchronized void close() throws IOException {
      try {
        if (selector != null) {
          selector.close();
        }
      } finally {
        ch.close();
      }
    }

    @Override
    public String toString() {
      return "SpinSocket[" + address + "]";
    }

    /** Waits until the channel is ready for {@code ops}, or throws once the socket timeout has passed. */
    private void await(int ops, long startedNanos) throws IOException {
      Selector sel = selector;
      if (sel == null) {
        sel = Selector.open();
        ch.register(sel, 0);
        selector = sel;
      }
      SelectionKey key = ch.keyFor(sel);
      key.interestOps(ops);
      int timeout = soTimeout;
      long waitMillis;
      if (timeout == 0) {
        waitMillis = 0;
      } else {
        long left = timeout - (System.nanoTime() - startedNanos) / 1_000_000L;
        if (left <= 0) {
          throw new SocketTimeoutException("Read timed out");
        }
        waitMillis = left;
      }
      // As a blocking socket read does, the wait ignores interrupts (keeping the thread's status): an interrupted
      // thread's select would return at once and the wait would spin until the timeout.
      boolean interrupted = Thread.interrupted();
      selects.increment();
      try {
        sel.select(waitMillis);
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      sel.selectedKeys().clear();
    }

    private final class In extends InputStream {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        ByteBuffer bb = reads.over(b, off, len);
        int n = ch.read(bb);
        if (n != 0) {
          atOnce.increment();
          return n;
        }
        long started = System.nanoTime();
        Thread me = Thread.currentThread();
        try {
          // Poll only while this thread is the only one using Redis: alone now, and the last to have read, or the
          // others quiet for a while. Stop as soon as another thread starts waiting.
          if (waiting.incrementAndGet() == 1 && (lastReader == me || started - lastReadEnd > QUIET_NANOS)) {
            while (System.nanoTime() - started < spinNanos && waiting.get() == 1) {
              Thread.onSpinWait();
              n = ch.read(bb);
              if (n != 0) {
                polled.increment();
                return n;
              }
            }
          }
          while (true) {
            await(SelectionKey.OP_READ, started);
            n = ch.read(bb);
            if (n != 0) {
              slept.increment();
              return n;
            }
          }
        } finally {
          waiting.decrementAndGet();
          lastReader = me;
          lastReadEnd = System.nanoTime();
        }
      }

      @Override
      public int available() throws IOException {
        return 0;
      }

      @Override
      public void close() throws IOException {
        SpinSocket.this.close();
      }
    }

    private final class Out extends OutputStream {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer bb = writes.over(b, off, len);
        long started = System.nanoTime();
        while (bb.hasRemaining()) {
          if (ch.write(bb) == 0) {
            await(SelectionKey.OP_WRITE, started);
          }
        }
      }

      @Override
      public void close() throws IOException {
        SpinSocket.this.close();
      }
    }
  }

  /**
   * A buffer over the last array Jedis read into or wrote from, reused while the array is the same (Jedis keeps one
   * array per stream), so a read or write allocates nothing.
   */
  private static final class View {
    private byte @Nullable [] array;
    private @Nullable ByteBuffer buffer;

    ByteBuffer over(byte[] b, int off, int len) {
      ByteBuffer bb = buffer;
      if (array != b || bb == null) {
        bb = ByteBuffer.wrap(b);
        array = b;
        buffer = bb;
      }
      bb.limit(off + len).position(off);
      return bb;
    }
  }
}
