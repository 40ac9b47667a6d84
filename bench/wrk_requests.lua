-- wrk script for bench/http_throughput.py: sends the requests listed in the file
-- WRK_REQUESTS names (a line each: method, a tab, path, a tab, JSON body or
-- nothing), in turn, and prints a JSON summary as its last line.
local requests = {}
for line in io.lines(os.getenv("WRK_REQUESTS")) do
  local method, path, body = line:match("^(%u+)\t([^\t]+)\t?(.*)$")
  local headers = {}
  if body ~= "" then headers["Content-Type"] = "application/json" else body = nil end
  requests[#requests + 1] = wrk.format(method, path, headers, body)
end

local turn = 0
request = function()
  turn = turn % #requests + 1
  return requests[turn]
end

done = function(summary, latency, _)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "failed": %d, "non_2xx": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f}\n',
    summary.requests, errors.connect + errors.read + errors.write + errors.status + errors.timeout, errors.status,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000))
end
