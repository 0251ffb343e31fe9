; A Dockerfile is read as a whole, instruction by instruction (`infra/dockerfile.rs`): whether a
; base image is an earlier stage, who the final stage runs as, and what a `RUN` installs depend
; on the instructions before them.
;   docker-multi-stage       COPY --from=<stage>
;   docker-layer-caching     a dependency manifest copied before the code
;   docker-add / docker-add-url, docker-cmd-entrypoint, container-healthcheck, docker-user
;   unpinned-image           FROM without a tag or with :latest (not an earlier stage)
;   runs-as-root             a final stage without USER, or ending on USER root
;   hardcoded-secret         ENV/ARG with a secret's name and a literal value
;   package-cache-in-layer   apt-get install / apk add / pip install that keep their cache

((source_file) @_file
  (#set! check "dockerfile"))
