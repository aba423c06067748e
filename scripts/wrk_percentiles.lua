-- wrk prints these lines at the end; scripts/bench.py reads them.
done = function(summary, latency, requests)
  io.write(string.format("rps=%.2f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p50=%.2f\np95=%.2f\np99=%.2f\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("non2xx=%d\nerrors=%d\n", summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
