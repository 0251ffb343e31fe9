; Calling other services: HTTP clients, timeouts and retries.

((call function: [(identifier) (attribute)] @http-client)
  (#resolves-match? @http-client
    "^(requests\\.(get|post|put|patch|delete|head|options|request|Session)|httpx\\.(get|post|put|patch|delete|request|stream|Client|AsyncClient)|aiohttp\\.ClientSession)$"))

; No timeout: requests waits forever by default (httpx has a default timeout, so it is exempt).
((call function: [(identifier) (attribute)] @_fn) @missing-timeout
  (#resolves-match? @_fn
    "^requests\\.(Session\\(\\)\\.|session\\(\\)\\.)?(get|post|put|patch|delete|head|options|request)$")
  (#not-has-keyword? @missing-timeout "timeout"))

((decorator [(identifier) (attribute) (call function: [(identifier) (attribute)] @_name)] @_d) @retry
  (#resolves-to? @_name "tenacity.retry" "backoff.on_exception" "backoff.on_predicate"))
((decorator [(identifier) (attribute)] @_name) @retry
  (#resolves-to? @_name "tenacity.retry"))
((call function: [(identifier) (attribute)] @retry)
  (#resolves-to? @retry "urllib3.util.retry.Retry" "urllib3.util.Retry" "urllib3.Retry" "requests.adapters.Retry"
    "requests.packages.urllib3.util.retry.Retry"))
