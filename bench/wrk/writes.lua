-- wrk script for the bench's write rows: every request is a POST from another signed-in resident.
--
-- BENCH_REQUESTS names a file with one request per line, tab-separated:
--   path <TAB> session cookie value <TAB> CSRF token <TAB> form body
-- Thread n of N takes lines n, n+N, n+2N, ... so no two connections send the same line; a thread
-- that runs out of lines starts again from its first (the bench then counts the repeats as errors,
-- since a resident cannot cast the same vote twice).

-- BENCH_THREADS must equal wrk's -t.

local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_number", counter)
end

function init(args)
  local total = tonumber(os.getenv("BENCH_THREADS") or "1")
  lines = {}
  local number = 0
  for line in io.lines(os.getenv("BENCH_REQUESTS")) do
    if number % total == thread_number - 1 then
      local path, session, token, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      if path then
        table.insert(lines, {path = path, session = session, token = token, body = body})
      end
    end
    number = number + 1
  end
  index = 0
end

function request()
  index = index % #lines + 1
  local item = lines[index]
  local headers = {
    ["Cookie"] = os.getenv("BENCH_SESSION_COOKIE") .. "=" .. item.session .. "; "
      .. os.getenv("BENCH_CSRF_COOKIE") .. "=" .. item.token,
    ["X-CSRFToken"] = item.token,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept-Language"] = "nl",
  }
  return wrk.format("POST", item.path, headers, item.body)
end
