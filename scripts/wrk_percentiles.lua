-- wrk prints these lines at the end; scripts/bench.py reads them.
-- With a file argument (wrk ... -s this.lua URL -- paths.txt), each request takes the
-- next path from the file, one per line, so a cached single answer can't stand for the page.
local paths = {}
local next_path = 0

init = function(args)
  if args[1] then
    for line in io.lines(args[1]) do
      if line ~= "" then paths[#paths + 1] = line end
    end
    -- Threads start at different places in the list.
    next_path = math.random(#paths)
  end
end

request = function()
  if #paths == 0 then
    return wrk.request()
  end
  next_path = next_path % #paths + 1
  return wrk.format(nil, paths[next_path])
end

done = function(summary, latency, requests)
  io.write(string.format("rps=%.2f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p50=%.2f\np95=%.2f\np99=%.2f\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("non2xx=%d\nerrors=%d\n", summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
