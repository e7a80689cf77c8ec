-- Appended to every scenario script: one machine-readable line with what wrk measured.
-- errors.status counts answers with a status of 400 or more.
done = function(summary, latency, requests)
  io.write(string.format(
    'BENCH-SUMMARY {"requests":%d,"durationMicros":%d,"connectErrors":%d,"readErrors":%d,' ..
    '"writeErrors":%d,"timeouts":%d,"non2xx":%d,"p50Micros":%d,"p99Micros":%d,"p999Micros":%d}\n',
    summary.requests, summary.duration, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, summary.errors.status,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
end
