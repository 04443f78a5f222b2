-- wrk script of the chibo HTTP benchmark (bench/run.py): counts the answers that are not 2xx and,
-- when the run is over, prints one JSON line with the figures run.py reads.
--
-- wrk counts only answers >= 400 as errors (summary.errors.status); a 302 to the log-in page (the
-- session broke) would pass unseen, hence `response` below. Each wrk thread has its own Lua state:
-- `setup` keeps every thread so that `done` can add up their counts.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local not_2xx = 0
  for _, thread in ipairs(threads) do
    not_2xx = not_2xx + (thread:get("non2xx") or 0)
  end
  local seconds = summary.duration / 1000000
  local e = summary.errors
  io.write(string.format(
    '{"bench": "chibo", "requests": %d, "duration_s": %.3f, "requests_per_s": %.2f, '
      .. '"bytes": %d, "latency_ms": {"p50": %.3f, "p95": %.3f, "p99": %.3f, '
      .. '"mean": %.3f, "max": %.3f}, "errors": {"connect": %d, "read": %d, "write": %d, '
      .. '"timeout": %d, "status": %d}, "non_2xx": %d}\n',
    summary.requests, seconds, summary.requests / seconds, summary.bytes,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.mean / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.timeout, e.status, not_2xx
  ))
end
