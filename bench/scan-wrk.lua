-- wrk script of bench/scan-bench.sh: each request takes a random code of the benchmark
-- batch. SCAN_MODE: "page" (/c/SERIAL), "json" (/api/v1/codes/SERIAL) or "pin" (POST the
-- correct PIN to /api/v1/codes/SERIAL/pin). SCAN_FILE: serials.txt or pins.txt.
local mode = os.getenv("SCAN_MODE") or "page"
local codes = {}
for line in io.lines(os.getenv("SCAN_FILE")) do
  local serial, pin = line:match("^([^,]+),?(%d*)$")
  codes[#codes + 1] = { serial, pin }
end

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

-- Every request is formatted once, before the run, so the client spends as little per
-- request as it does on the hello-world route (a fixed request): the comparison then
-- measures the server, not the script.
local requests = {}

function init(args)
  math.randomseed(seed or os.time())
  for i, c in ipairs(codes) do
    if mode == "page" then
      requests[i] = wrk.format("GET", "/c/" .. c[1])
    elseif mode == "json" then
      requests[i] = wrk.format("GET", "/api/v1/codes/" .. c[1])
    else
      requests[i] = wrk.format("POST", "/api/v1/codes/" .. c[1] .. "/pin",
        { ["Content-Type"] = "application/json" }, '{"pin":"' .. c[2] .. '"}')
    end
  end
end

request = function()
  return requests[math.random(#requests)]
end

done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, errors, summary.requests))
end
