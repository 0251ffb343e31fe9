; Caching: Redis clients and pub/sub, functools caches, cache-aside, invalidation and TTLs,
; Memcached, and rate limiting with INCR + EXPIRE.

((call function: [(identifier) (attribute)] @redis-client)
  (#resolves-to? @redis-client "redis.Redis" "redis.StrictRedis" "redis.from_url" "redis.Redis.from_url"
    "redis.asyncio.Redis" "redis.asyncio.from_url" "redis.asyncio.Redis.from_url"))
((call function: (attribute) @redis-client)
  (#resolves-match? @redis-client
    "^redis\\.(asyncio\\.)?(Strict)?(Redis|from_url)(\\.from_url)?\\(\\)\\.(get|set|setex|incr|decr|expire|hset|hget|hgetall|lpush|rpush|lpop|brpop|zadd|zrange|xadd|delete|exists|pipeline)$"))

; Method names alone (`publish`, `subscribe`) are pub/sub only in a module that uses Redis.
((call function: (attribute attribute: (identifier) @redis-pubsub))
  (#any-of? @redis-pubsub "pubsub" "publish" "subscribe" "psubscribe" "xadd" "xread" "xreadgroup")
  (#imports? "redis" "aioredis" "django_redis"))

((decorator [(identifier) (attribute) (call function: [(identifier) (attribute)] @_name)] @_d) @lru-cache
  (#resolves-to? @_name "functools.lru_cache" "functools.cache"))
((decorator [(identifier) (attribute)] @_name) @lru-cache
  (#resolves-to? @_name "functools.lru_cache" "functools.cache"))

((function_definition body: (block)) @_def
  (#set! check "cache-patterns"))

((call function: (attribute object: (_) @_recv attribute: (identifier) @cache-invalidation))
  (#any-of? @cache-invalidation "delete" "delete_many" "clear" "invalidate" "delete_pattern")
  (#set! check "cache-only-receiver"))
((call function: (attribute object: (_) @_recv attribute: (identifier) @cache-invalidation))
  (#eq? @cache-invalidation "expire")
  (#set! check "cache-receiver"))
((call
   function: (attribute object: (_) @_recv attribute: (identifier) @_set)
   arguments: (argument_list (keyword_argument name: (identifier) @_kw) @cache-invalidation))
  (#any-of? @_set "set" "add" "get_or_set" "set_many" "setex")
  (#any-of? @_kw "timeout" "ex" "px" "ttl")
  (#set! check "cache-receiver"))

((import_statement name: (dotted_name) @memcached)
  (#match? @memcached "^(pymemcache|pylibmc|memcache)(\\.|$)"))
((import_from_statement module_name: (dotted_name) @memcached)
  (#match? @memcached "^(pymemcache|pylibmc)(\\.|$)"))
((string (string_content) @memcached)
  (#match? @memcached "^django\\.core\\.cache\\.backends\\.memcached\\."))
((call function: [(identifier) (attribute)] @memcached)
  (#resolves-to? @memcached "pymemcache.*" "pylibmc.*" "memcache.Client"))
; `cache_clear` is the functools cache's own name, and the cached function usually lives in
; another module (Django's test signals clear a dozen of them): no import required here.
((call function: (attribute attribute: (identifier) @cache-invalidation))
  (#eq? @cache-invalidation "cache_clear"))
