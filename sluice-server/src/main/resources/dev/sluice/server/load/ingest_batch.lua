-- wrk script: POST /api/scores/batch with 100 fresh score events per request.
-- Env: SLUICE_TOKEN (bearer token), SLUICE_BATCH (events per request, default 100).
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
function init(args)
  token = os.getenv("SLUICE_TOKEN")
  batch = tonumber(os.getenv("SLUICE_BATCH") or "100")
  run = tostring(os.time())
  counter = 0
  math.randomseed(os.time() + tid)
end
function request()
  counter = counter + 1
  local parts = {}
  for i = 1, batch do
    parts[i] = string.format('{"eventId":"%s-%d-%d-%d","playerId":"p%d","score":%d}',
      run, tid, counter, i, math.random(1, 100000), math.random(1, 1000000))
  end
  return wrk.format("POST", "/api/scores/batch",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token },
    "[" .. table.concat(parts, ",") .. "]")
end
