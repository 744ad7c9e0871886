-- wrk script: POSTs the sign-in server function as a hydrated page would.
--   BENCH_EMAIL, BENCH_PASSWORD: the credentials sent;
--   BENCH_UNIQUE_EMAIL=1: a new unknown address for every request (no account, never locked).
local email = os.getenv("BENCH_EMAIL") or "bench@example.org"
local password = os.getenv("BENCH_PASSWORD") or "wrong"
local unique = os.getenv("BENCH_UNIQUE_EMAIL") == "1"
local counter = 0

local function encode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

request = function()
  counter = counter + 1
  local address = email
  if unique then
    address = "personne-" .. counter .. "-" .. math.random(1000000000) .. "@example.org"
  end
  local body = "email=" .. encode(address) .. "&password=" .. encode(password)
  return wrk.format("POST", "/api/account/sign-in", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
    ["Sec-Fetch-Site"] = "same-origin",
  }, body)
end
