package io.fastd.pool.mysql;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one pool, written by its worker thread and safe to read from any thread. */
final class PoolStats {
    /** Connections re-opened after a previous one was lost or failed its idle check. */
    final LongAdder reconnects = new LongAdder();
    /** Failed connect attempts plus connections found lost. */
    final LongAdder failures = new LongAdder();
    /** Statements replayed once on a fresh connection after a connection loss. */
    final LongAdder retries = new LongAdder();
    /** Protocol pings sent because a connection was idle longer than its idle window. */
    final LongAdder pings = new LongAdder();
}
