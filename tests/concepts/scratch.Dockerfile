# concepts: docker-multi-stage, docker-layer-caching, docker-add, docker-add-url, docker-cmd-entrypoint, docker-user, container-healthcheck, runs-as-root, unpinned-image, package-cache-in-layer, hardcoded-secret
# A static binary copied into an empty image, and a stage that inherits its user.
FROM golang:1.23 AS build
#    ^^^^^^^^^^^ !unpinned-image
COPY go.mod go.sum ./
#    ^^^^^^ docker-layer-caching
RUN go build -o /bin/server ./cmd/server
USER 1000:1000
#    ^^^^ docker-user

FROM build AS test
#    ^^^^^ !unpinned-image
RUN go test ./...

FROM gcr.io/distroless/static:nonroot
#    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ !unpinned-image
# <- !runs-as-root
COPY --from=build /bin/server /server
#    ^^^^^^^^^^^^ docker-multi-stage
HEALTHCHECK CMD ["/server", "-healthcheck"]
# <- container-healthcheck
ENTRYPOINT ["/server"]
# <- docker-cmd-entrypoint
