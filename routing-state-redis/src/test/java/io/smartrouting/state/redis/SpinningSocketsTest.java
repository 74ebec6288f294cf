package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The polling sockets of {@code spinWait} against a server whose answers come exactly as late as the test says: an
 * answer within the polling time is caught polling, a later one after sleeping, a second thread waiting at the same
 * time makes both sleep, and the socket timeout holds.
 */
class SpinningSocketsTest {

  private ServerSocket listener;
  /** How long the server holds each answer, in nanoseconds; negative: never answers. */
  private final AtomicLong delayNanos = new AtomicLong();
  private Thread acceptor;

  @BeforeEach
  void startServer() throws Exception {
    listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      while (!listener.isClosed()) {
        try {
          Socket s = listener.accept();
          Thread echo = new Thread(() -> echo(s));
          echo.setDaemon(true);
          echo.start();
        } catch (Exception e) {
          return;
        }
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Answers each byte with the same byte, {@link #delayNanos} later (never when negative). */
  private void echo(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      int b;
      while ((b = in.read()) >= 0) {
        long delay = delayNanos.get();
        if (delay < 0) {
          continue;
        }
        long until = System.nanoTime() + delay;
        while (System.nanoTime() < until) {
          LockSupport.parkNanos(until - System.nanoTime());
        }
        out.write(b);
        out.flush();
      }
    } catch (Exception e) {
      // the client closed
    }
  }

  @AfterEach
  void stopServer() throws Exception {
    listener.close();
  }

  private SpinningSockets sockets(long spinNanos, int soTimeoutMillis) {
    return new SpinningSockets("127.0.0.1", listener.getLocalPort(), 1_000, soTimeoutMillis, spinNanos);
  }

  private static void roundTrip(Socket s, int b) throws Exception {
    s.getOutputStream().write(new byte[] {(byte) b}, 0, 1);
    byte[] answer = new byte[1];
    assertThat(s.getInputStream().read(answer, 0, 1)).isEqualTo(1);
    assertThat(answer[0]).isEqualTo((byte) b);
  }

  @Test
  void anAnswerWithinThePollingTimeIsCaughtPolling() throws Exception {
    delayNanos.set(TimeUnit.MILLISECONDS.toNanos(2));
    SpinningSockets f = sockets(TimeUnit.MILLISECONDS.toNanos(200), 5_000);
    try (Socket s = f.createSocket()) {
      for (int i = 0; i < 20; i++) {
        roundTrip(s, i);
      }
    }
    // An answer may also be there already when the client comes to read (its thread not scheduled for the 2 ms the
    // server waits, on a loaded machine: a run once counted 19 polled of 20); none is slept for.
    assertThat(f.polled.sum() + f.atOnce.sum()).as("caught polling or at once").isEqualTo(20);
    assertThat(f.polled.sum()).as("caught polling").isPositive();
    assertThat(f.slept.sum()).as("slept").isZero();
  }

  @Test
  void anAnswerLaterThanThePollingTimeComesAfterSleeping() throws Exception {
    delayNanos.set(TimeUnit.MILLISECONDS.toNanos(30));
    SpinningSockets f = sockets(TimeUnit.MILLISECONDS.toNanos(1), 5_000);
    try (Socket s = f.createSocket()) {
      for (int i = 0; i < 5; i++) {
        roundTrip(s, i);
      }
    }
    assertThat(f.polled.sum()).as("caught polling").isZero();
    assertThat(f.slept.sum() + f.atOnce.sum()).as("slept, or there when the client came to read").isEqualTo(5);
    assertThat(f.slept.sum()).as("slept").isPositive();
    assertThat(f.selects.sum()).as("one sleep an answer").isLessThanOrEqualTo(10);
  }

  @Test
  void whenASecondThreadWaitsAsWellBothSleep() throws Exception {
    delayNanos.set(TimeUnit.MILLISECONDS.toNanos(300));
    SpinningSockets f = sockets(TimeUnit.SECONDS.toNanos(5), 5_000);
    CountDownLatch firstWaiting = new CountDownLatch(1);
    Thread first = new Thread(() -> {
      try (Socket s = f.createSocket()) {
        firstWaiting.countDown();
        roundTrip(s, 1);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    first.start();
    firstWaiting.await();
    Thread.sleep(100); // the first thread is polling for its answer, 200 ms away
    try (Socket s = f.createSocket()) {
      roundTrip(s, 2);
    }
    first.join();
    // The first stopped polling when the second began to wait; the second never polled.
    assertThat(f.polled.sum()).as("caught polling").isZero();
    assertThat(f.slept.sum()).as("slept").isEqualTo(2);
  }

  @Test
  void noAnswerWithinTheSocketTimeoutThrowsAsABlockingReadWould() throws Exception {
    delayNanos.set(-1);
    SpinningSockets f = sockets(TimeUnit.MILLISECONDS.toNanos(1), 100);
    try (Socket s = f.createSocket()) {
      s.getOutputStream().write(new byte[] {7}, 0, 1);
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> s.getInputStream().read(new byte[1], 0, 1))
          .isInstanceOf(SocketTimeoutException.class);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(90L, 1_000L);
      assertThat(s.getSoTimeout()).isEqualTo(100);
      assertThat(s.isConnected()).isTrue();
    }
  }
}
