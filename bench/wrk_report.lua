-- wrk script of the load bench (bench/bench_load.py): sends the session cookie given
-- in BENCH_COOKIE (empty for a visitor) and prints one line the bench parses:
-- RESULT requests duration_us p50_us p95_us p99_us max_us non_2xx_3xx socket_errors
local cookie = os.getenv("BENCH_COOKIE") or ""
if cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end
wrk.headers["Accept-Language"] = os.getenv("BENCH_LANGUAGE") or "zh-CN,zh;q=0.9"

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT %d %d %d %d %d %d %d %d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    e.status, e.connect + e.read + e.write + e.timeout
  ))
end
