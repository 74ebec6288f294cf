package io.smartrouting.state.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Byte strings packed into one value, each as {@code <length>:<bytes>} (length in bytes, decimal): a lead's routing
 * facts, kept as one hash field that only Java reads ({@link #split}). One per thread, reused: not thread-safe.
 */
final class Packed {

  private byte[] buf = new byte[512];
  private int n;

  Packed reset() {
    n = 0;
    return this;
  }

  /** Appends {@code s} (null as the empty string). */
  Packed add(@Nullable String s) {
    if (s == null || s.isEmpty()) {
      return digits(0).put((byte) ':');
    }
    int len = s.length();
    boolean ascii = true;
    for (int i = 0; i < len && ascii; i++) {
      ascii = s.charAt(i) < 0x80;
    }
    if (!ascii) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      digits(b.length).put((byte) ':');
      ensure(b.length);
      System.arraycopy(b, 0, buf, n, b.length);
      n += b.length;
      return this;
    }
    digits(len).put((byte) ':');
    ensure(len);
    for (int i = 0; i < len; i++) {
      buf[n++] = (byte) s.charAt(i);
    }
    return this;
  }

  /** Appends field {@code name} and its value. */
  Packed field(String name, @Nullable String value) {
    return add(name).add(value);
  }

  /** Splits packed bytes back into their strings (UTF-8); the inverse of the appends. */
  static java.util.List<String> split(byte[] packed) {
    java.util.List<String> out = new java.util.ArrayList<>();
    int i = 0;
    while (i < packed.length) {
      int len = 0;
      while (packed[i] != ':') {
        len = len * 10 + (packed[i++] - '0');
      }
      out.add(new String(packed, i + 1, len, StandardCharsets.UTF_8));
      i += 1 + len;
    }
    return out;
  }

  /** The packed bytes so far, in an array of their own. */
  byte[] toBytes() {
    return Arrays.copyOf(buf, n);
  }

  private Packed put(byte b) {
    ensure(1);
    buf[n++] = b;
    return this;
  }

  private Packed digits(long v) {
    if (v < 0) {
      put((byte) '-');
      if (v == Long.MIN_VALUE) {
        byte[] b = Long.toString(v).substring(1).getBytes(StandardCharsets.US_ASCII);
        ensure(b.length);
        System.arraycopy(b, 0, buf, n, b.length);
        n += b.length;
        return this;
      }
      v = -v;
    }
    int len = decimalLength(v);
    ensure(len);
    for (int i = n + len - 1; i >= n; i--) {
      buf[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    n += len;
    return this;
  }

  /** Characters of {@code v} in decimal, sign included. */
  static int decimalLength(long v) {
    if (v == Long.MIN_VALUE) {
      return 20;
    }
    int len = v < 0 ? 2 : 1;
    long x = Math.abs(v);
    while (x >= 10) {
      x /= 10;
      len++;
    }
    return len;
  }

  private void ensure(int more) {
    if (n + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
    }
  }
}
