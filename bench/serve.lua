-- wrk script of bench/serve.sh: POST /v1/query with the articles of $RETRACE_QUERIES (one JSON
-- object per line), each thread starting at another line and going round.
local bodies = {}
local i = 0
function init(args)
  for line in io.lines(os.getenv("RETRACE_QUERIES")) do bodies[#bodies + 1] = line end
  i = math.random(#bodies)
end
function request()
  i = i % #bodies + 1
  return wrk.format("POST", "/v1/query", {["Content-Type"] = "application/json"}, bodies[i])
end
local errors = 0
function response(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end
