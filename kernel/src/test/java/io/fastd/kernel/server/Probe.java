package io.fastd.kernel.server;

import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** What one test's pools and handlers did: stands in for a database's connection counter. */
final class Probe {
    /** Open "connections": +1 in initPool, -1 in closePool. */
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger inits = new AtomicInteger();
    /** The most request-worker "connections" ever open at once (exact, unlike a server's processlist). */
    final AtomicInteger peakOpen = new AtomicInteger();
    final AtomicInteger taskOpen = new AtomicInteger();
    final AtomicInteger taskInits = new AtomicInteger();
    /** Threads on which pools were initialized, one entry per init. */
    final Queue<String> initThreads = new ConcurrentLinkedQueue<>();
    /** Worker ids whose pool fails to initialize. */
    final Set<Integer> failFor = ConcurrentHashMap.newKeySet();
    /** While true, every pool init fails ("database away"). */
    final AtomicBoolean failing = new AtomicBoolean();
    /** Per worker id, how many times its pool was initialized. */
    final Map<Integer, AtomicInteger> initsByWorker = new ConcurrentHashMap<>();
    /** Gate the "/wait" handler blocks on. */
    final AtomicReference<CountDownLatch> gate = new AtomicReference<>(new CountDownLatch(0));
    final AtomicInteger waiting = new AtomicInteger();
    /** Paths of the HTTP requests a handler ran, in the order they started. */
    final Queue<String> handled = new ConcurrentLinkedQueue<>();
}
