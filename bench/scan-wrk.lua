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

function init(args)
  math.randomseed(seed or os.time())
end

request = function()
  local c = codes[math.random(#codes)]
  if mode == "page" then
    return wrk.format("GET", "/c/" .. c[1])
  elseif mode == "json" then
    return wrk.format("GET", "/api/v1/codes/" .. c[1])
  else
    return wrk.format("POST", "/api/v1/codes/" .. c[1] .. "/pin",
      { ["Content-Type"] = "application/json" }, '{"pin":"' .. c[2] .. '"}')
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, errors, summary.requests))
end
