package dev.ratewise.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings every closed-loop benchmark shares.
 *
 * @param streams calls in flight at once
 * @param connections HTTP/2 connections the gRPC benchmarks spread the streams over
 * @param warmup time run before measuring, so the JIT has compiled the hot path
 * @param duration the measured time of one target in one benchmark
 * @param slices the turns the measured time is split into when targets are interleaved
 * @param output the folder the JSON reports go to
 */
record BenchOptions(
    int streams, int connections, Duration warmup, Duration duration, int slices,
    Path output) {}
