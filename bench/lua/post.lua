-- POST replies, each with its own idempotency key, and count the answers.
-- One wrk thread per client: thread i signs in as member i and posts into thread i.
--   BENCH_CLIENTS  one entry per wrk thread, separated by "|":
--                  "<path>\t<cookie header>\t<csrf token>" (page form) or
--                  "<path>\t<authorization header>\t" (API, JSON body)
--   BENCH_MODE     "form" or "api"
--   BENCH_RUN      a prefix unique to this run (keys are BENCH_RUN-<thread>-<n>)
--   BENCH_BODY     the reply text (a counter is appended)
-- A form reply is answered 302 (to the new post), an API reply 201.

local clients = {}
for c in string.gmatch(os.getenv("BENCH_CLIENTS") or "", "[^|]+") do clients[#clients + 1] = c end
local mode = os.getenv("BENCH_MODE") or "form"
local run = os.getenv("BENCH_RUN") or "run"
local text = os.getenv("BENCH_BODY") or "A reply."
local threads = {}

local function urlencode(s)
  return (string.gsub(s, "[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  ok, bad_status, n = 0, 0, 0
  local client = clients[((id - 1) % #clients) + 1]
  local fields = {}
  for f in string.gmatch(client .. "\t", "([^\t]*)\t") do fields[#fields + 1] = f end
  path, credential, csrf = fields[1], fields[2], fields[3]
  if mode == "form" then
    wrk.headers["Cookie"] = credential
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  else
    wrk.headers["Authorization"] = credential
    wrk.headers["Content-Type"] = "application/json"
  end
end

function request()
  n = n + 1
  local key = run .. "-" .. id .. "-" .. n
  local body_text = text .. " (" .. key .. ")"
  if mode == "form" then
    local body = "csrfmiddlewaretoken=" .. urlencode(csrf) .. "&idempotency_key=" .. key ..
      "&body=" .. urlencode(body_text)
    return wrk.format("POST", path, nil, body)
  end
  wrk.headers["Idempotency-Key"] = key
  return wrk.format("POST", path, nil, '{"body": "' .. body_text .. '"}')
end

function response(status, headers, body)
  if (mode == "form" and status == 302) or (mode == "api" and status == 201) then
    ok = ok + 1
  else
    bad_status = bad_status + 1
  end
end

function done(summary, latency, requests)
  local t = {ok = 0, bad_status = 0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + (thread:get(k) or 0) end
  end
  io.write(string.format('BENCH {"ok": %d, "bad_status": %d, "bad_body": 0, "hits": 0, "misses": 0}\n',
    t.ok, t.bad_status))
end
