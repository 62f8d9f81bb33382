-- wrk script: every request carries one of the ~1,000 distinct RS256 tokens (read from TOKENS_FILE).
local tokens = {}
local path = os.getenv("TOKENS_FILE")
for line in io.lines(path) do
  tokens[#tokens + 1] = line
end
local counter = 0
request = function()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  return wrk.format("GET", "/api/orders/bench", { ["Authorization"] = "Bearer " .. token })
end
