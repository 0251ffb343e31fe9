; A Compose file is read as a whole (`infra/compose.rs`): services, volumes, networks,
; healthchecks, and the pitfalls of a service (depends_on without a readiness condition, a
; literal secret in `environment`, an image without a fixed tag).

((stream) @_file
  (#set! check "compose"))
