-- wrk script: picks a tier's API key for each request by a mix, and counts
-- 200s, 429s and other statuses per tier, printed by done().
--
-- Run it with as many connections as threads (wrk -t4 -c4, as wrk.sh does).
-- Each thread then owns one connection with one request in flight, so the
-- tier of the latest request() call is the tier of the next response. With
-- more connections than threads the counts per tier would be mixed up.
-- A queue would not do: wrk 4 calls request() once more on the first
-- thread, to check the script, and never sends that request.
--
-- Environment:
--   MIX        tier shares, default enterprise=0.2,professional=0.3,free=0.4,anonymous=0.1
--   TIER_KEYS  "label=key ..." pairs; an empty key sends no x-api-key header

local function split(text, separator)
  local parts = {}
  for part in string.gmatch(text, "[^" .. separator .. "]+") do
    table.insert(parts, part)
  end
  return parts
end

local keys = {}
local key_text = os.getenv("TIER_KEYS")
  or "enterprise=ent-acme-key professional=pro-initech-key free=free-alice-key anonymous="
for _, pair in ipairs(split(key_text, " ")) do
  local label, key = string.match(pair, "^([^=]+)=(.*)$")
  keys[label] = key
end

-- tiers[i] = {label, cumulative share}; the shares are weights.
local tiers = {}
local total_share = 0
local mix_text = os.getenv("MIX") or "enterprise=0.2,professional=0.3,free=0.4,anonymous=0.1"
for _, pair in ipairs(split(mix_text, ",")) do
  local label, share = string.match(pair, "^%s*([^=]+)=([%d.]+)%s*$")
  if label == nil or keys[label] == nil then
    error("invalid MIX entry '" .. pair .. "': use label=share with a label from TIER_KEYS")
  end
  total_share = total_share + tonumber(share)
  table.insert(tiers, {label, total_share})
end

local function counter(label, class)
  return "count_" .. label .. "_" .. class
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

function init(args)
  math.randomseed(os.time() + 7919 * thread_number)
  in_flight = nil
  for _, tier in ipairs(tiers) do
    for _, class in ipairs({"ok", "limited", "other"}) do
      _G[counter(tier[1], class)] = 0
    end
  end
end

local function pick()
  local point = math.random() * total_share
  for _, tier in ipairs(tiers) do
    if point < tier[2] then
      return tier[1]
    end
  end
  return tiers[#tiers][1]
end

function request()
  local label = pick()
  in_flight = label
  local headers = {["x-loadtest-run"] = label}
  if keys[label] ~= "" then
    headers["x-api-key"] = keys[label]
  end
  return wrk.format("GET", nil, headers)
end

function response(status, headers, body)
  local label = in_flight
  if label == nil then
    return
  end
  in_flight = nil
  local class = status == 200 and "ok" or (status == 429 and "limited" or "other")
  local name = counter(label, class)
  _G[name] = _G[name] + 1
end

function done(summary, latency, requests)
  io.write(string.format("%-14s %8s %8s %8s %8s\n", "tier", "200", "429", "other", "total"))
  for _, tier in ipairs(tiers) do
    local ok, limited, other = 0, 0, 0
    for _, thread in ipairs(threads) do
      ok = ok + thread:get(counter(tier[1], "ok"))
      limited = limited + thread:get(counter(tier[1], "limited"))
      other = other + thread:get(counter(tier[1], "other"))
    end
    io.write(string.format("%-14s %8d %8d %8d %8d\n", tier[1], ok, limited, other,
      ok + limited + other))
  end
end
