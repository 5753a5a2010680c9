-- wrk script: requests the paths listed in the file named by the WRK_PATHS environment
-- variable, one per line, in turn (each connection starts at its own offset).
local paths = {}
local file = os.getenv("WRK_PATHS")
for line in io.lines(file) do
  if #line > 0 then paths[#paths + 1] = line end
end
local i = 0
function setup(thread)
  thread:set("offset", math.random(#paths))
end
function request()
  i = i + 1
  local p = paths[((i + (offset or 0)) % #paths) + 1]
  return wrk.format("GET", p)
end
