-- POST /api/values with a fixed rotation of bodies.
-- @BODIES@ is replaced by the benchmark with a Lua list of JSON bodies.
local bodies = @BODIES@
local next_body = 0
local headers = { ["Content-Type"] = "application/json" }

request = function()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", "/api/values", headers, bodies[next_body])
end
