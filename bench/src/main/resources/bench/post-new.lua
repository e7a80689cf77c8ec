-- POST /api/values with an index no request of the run has sent before: each wrk thread counts up from a
-- start of its own, 100,000,000 apart. @FIRST@ is replaced by the benchmark with the first thread's start.
local threads = 0
local headers = { ["Content-Type"] = "application/json" }
local next_index

-- Runs in wrk's main state, once per thread, before the threads start.
setup = function(thread)
  thread:set("first_index", @FIRST@ + threads * 100000000)
  threads = threads + 1
end

init = function(args)
  next_index = first_index
end

request = function()
  local body = '{"index":' .. next_index .. '}'
  next_index = next_index + 1
  return wrk.format("POST", "/api/values", headers, body)
end
