; A GitHub Actions workflow is read as a whole (`infra/workflows.rs`): triggers, matrices,
; caches, secrets, deployment jobs and the tests before them, and each step's action.

((stream) @_file
  (#set! check "github-actions"))
