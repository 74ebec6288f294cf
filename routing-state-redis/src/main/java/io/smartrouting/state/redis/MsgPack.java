package io.smartrouting.state.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;

/**
 * Writes the two MessagePack values the scripts take as one argument each: an array of strings (rep ids) and an
 * array of doubles (weights, as exact 64-bit floats). The scripts read them with Redis's built-in
 * {@code cmsgpack.unpack}, in C; splitting a length-prefixed argument in Lua cost about half a microsecond an item.
 * Only the formats these values need: fixarray/array 16/array 32, fixstr/str 8/str 16/str 32, float 64. One per
 * thread, reused: not thread-safe.
 */
final class MsgPack {

  private static final ThreadLocal<MsgPack> LOCAL = ThreadLocal.withInitial(MsgPack::new);

  private byte[] buf = new byte[256];
  private int n;

  /** The strings as one MessagePack array (UTF-8). */
  static byte[] strings(Collection<String> values) {
    MsgPack m = LOCAL.get();
    m.n = 0;
    m.arrayHeader(values.size());
    for (String s : values) {
      m.string(s);
    }
    return Arrays.copyOf(m.buf, m.n);
  }

  /** The doubles as one MessagePack array of float 64s. */
  static byte[] doubles(double[] values) {
    MsgPack m = LOCAL.get();
    m.n = 0;
    m.arrayHeader(values.length);
    m.ensure(9 * values.length);
    for (double v : values) {
      m.buf[m.n++] = (byte) 0xcb;
      m.bigEndian(Double.doubleToRawLongBits(v), 8);
    }
    return Arrays.copyOf(m.buf, m.n);
  }

  private void string(String s) {
    int len = s.length();
    boolean ascii = true;
    for (int i = 0; i < len && ascii; i++) {
      ascii = s.charAt(i) < 0x80;
    }
    if (ascii) {
      stringHeader(len);
      ensure(len);
      for (int i = 0; i < len; i++) {
        buf[n++] = (byte) s.charAt(i);
      }
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    stringHeader(b.length);
    ensure(b.length);
    System.arraycopy(b, 0, buf, n, b.length);
    n += b.length;
  }

  private void arrayHeader(int length) {
    ensure(5);
    if (length < 16) {
      buf[n++] = (byte) (0x90 | length);
    } else if (length < 0x10000) {
      buf[n++] = (byte) 0xdc;
      bigEndian(length, 2);
    } else {
      buf[n++] = (byte) 0xdd;
      bigEndian(length, 4);
    }
  }

  private void stringHeader(int length) {
    ensure(5);
    if (length < 32) {
      buf[n++] = (byte) (0xa0 | length);
    } else if (length < 0x100) {
      buf[n++] = (byte) 0xd9;
      buf[n++] = (byte) length;
    } else if (length < 0x10000) {
      buf[n++] = (byte) 0xda;
      bigEndian(length, 2);
    } else {
      buf[n++] = (byte) 0xdb;
      bigEndian(length, 4);
    }
  }

  private void bigEndian(long v, int bytes) {
    for (int i = bytes - 1; i >= 0; i--) {
      buf[n++] = (byte) (v >>> (8 * i));
    }
  }

  private void ensure(int more) {
    if (n + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
    }
  }
}
