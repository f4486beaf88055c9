-- wrk script for bench/load.py: each request takes the next line of a list file, so every connection
-- rotates through many different logged-in people and URLs.
--
--   wrk -t2 -c32 -d15s -s bench/rotate.lua http://127.0.0.1:PORT -- LIST_FILE HOST [CLOSE_EVERY]
--
-- LIST_FILE has one "path<TAB>cookie" line per request target (the cookie may be empty). Every response that
-- is not a 200 is counted (a redirect to the log-in page would otherwise look like a fast page). done() prints
-- one line "BENCH_JSON {...}" with the numbers load.py reads.
--
-- CLOSE_EVERY (default 0: never): one request in CLOSE_EVERY asks the server to close its connection, so each
-- connection is replaced about every CLOSE_EVERY requests, as people come and go. Without it, the 32
-- connections wrk opens at once may all be accepted by one gunicorn worker and stay there, leaving the other
-- worker (and core) idle for the whole run.

local threads = {}
local requests_list = {}
local closing_list = {}
local close_every = 0
local counter = 0
local bad = 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file, host = args[1], args[2]
  close_every = tonumber(args[3] or "0") or 0
  for line in io.lines(file) do
    local path, cookie = line:match("^([^\t]+)\t?(.*)$")
    if path then
      local headers = {
        ["Host"] = host,
        ["Accept"] = "text/html,application/xhtml+xml",
        ["Accept-Encoding"] = "br, gzip",
        ["Accept-Language"] = "da",
        ["User-Agent"] = "youthvoice-bench (wrk)",
      }
      if cookie ~= "" then headers["Cookie"] = "yv_session=" .. cookie end
      table.insert(requests_list, wrk.format("GET", path, headers))
      headers["Connection"] = "close"
      table.insert(closing_list, wrk.format("GET", path, headers))
    end
  end
  -- threads start at different places in the list
  counter = (id or 0) * math.floor(#requests_list / 2)
end

function request()
  counter = counter + 1
  local index = (counter % #requests_list) + 1
  if close_every > 0 and counter % close_every == 0 then return closing_list[index] end
  return requests_list[index]
end

function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local bad_total = 0
  for _, thread in ipairs(threads) do bad_total = bad_total + (thread:get("bad") or 0) end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
    .. '"mean_us": %.1f, "max_us": %d, "non_200": %d, "connect_errors": %d, "read_errors": %d, '
    .. '"write_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.mean, latency.max, bad_total, e.connect, e.read, e.write, e.timeout))
end
