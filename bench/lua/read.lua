-- GET one or more paths (round robin) and check every answer: status 200 and the expected
-- text in the body. Configured by the environment (bench/wrk.py sets it):
--   BENCH_PATHS    paths separated by "|"
--   BENCH_EXPECT   texts every body must contain (plain match), separated by "||"
--   BENCH_COOKIE   Cookie header to send (empty: a guest)
-- done() prints one JSON line: counts of good answers, bad statuses, bad bodies, cache hits.

local paths = {}
for p in string.gmatch(os.getenv("BENCH_PATHS") or "/", "[^|]+") do paths[#paths + 1] = p end
local expect = {}
for e in string.gmatch((os.getenv("BENCH_EXPECT") or "") .. "||", "(.-)||") do
  if e ~= "" then expect[#expect + 1] = e end
end
local cookie = os.getenv("BENCH_COOKIE") or ""
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  ok, bad_status, bad_body, hits, misses, n = 0, 0, 0, 0, 0, id or 0
  if cookie ~= "" then wrk.headers["Cookie"] = cookie end
end

function request()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end

function response(status, headers, body)
  if status ~= 200 then
    bad_status = bad_status + 1
  else
    local good = true
    for _, e in ipairs(expect) do
      if not string.find(body, e, 1, true) then good = false; break end
    end
    if good then ok = ok + 1 else bad_body = bad_body + 1 end
  end
  local cache = headers["X-Cache"] or headers["x-cache"]
  if cache == "HIT" then hits = hits + 1 elseif cache == "MISS" then misses = misses + 1 end
end

function done(summary, latency, requests)
  local t = {ok = 0, bad_status = 0, bad_body = 0, hits = 0, misses = 0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + (thread:get(k) or 0) end
  end
  io.write(string.format(
    'BENCH {"ok": %d, "bad_status": %d, "bad_body": %d, "hits": %d, "misses": %d}\n',
    t.ok, t.bad_status, t.bad_body, t.hits, t.misses))
end
