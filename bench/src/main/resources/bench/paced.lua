-- Holds each connection to a fixed pace, so that the soak runs at a chosen rate instead of flat out.
-- @DELAY_MS@ is replaced by the benchmark: connections × 1000 / target rate.
delay = function()
  return @DELAY_MS@
end
