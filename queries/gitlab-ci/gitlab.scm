; A GitLab CI file is read as a whole (`infra/workflows.rs`): images, caches, matrices and
; deployment jobs.

((stream) @_file
  (#set! check "gitlab-ci"))
