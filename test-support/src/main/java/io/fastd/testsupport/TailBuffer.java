package io.fastd.testsupport;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An in-memory output stream that keeps at most its last {@code capacity} bytes, so a test that
 * logs without end cannot exhaust the heap; what was dropped is counted and said. Thread-safe.
 */
final class TailBuffer extends OutputStream {

    private final byte[] ring;
    private long written;

    TailBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.ring = new byte[capacity];
    }

    @Override
    public synchronized void write(int b) {
        ring[(int) (written % ring.length)] = (byte) b;
        written++;
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = 0; i < length; i++) {
            ring[(int) (written % ring.length)] = bytes[offset + i];
            written++;
        }
    }

    /** Forgets everything written so far. */
    synchronized void clear() {
        written = 0;
    }

    /** Whether nothing was written since the last {@link #clear()}. */
    synchronized boolean isEmpty() {
        return written == 0;
    }

    /** What was kept, in order, preceded by a line saying how many bytes were dropped, if any. */
    synchronized String text() {
        int kept = (int) Math.min(written, ring.length);
        byte[] copy = new byte[kept];
        long start = written - kept;
        for (int i = 0; i < kept; i++) {
            copy[i] = ring[(int) ((start + i) % ring.length)];
        }
        String body = new String(copy, StandardCharsets.UTF_8);
        return start == 0 ? body : "[... " + start + " earlier bytes dropped ...]\n" + body;
    }
}
