# concepts: docker-multi-stage, docker-layer-caching, docker-add, docker-add-url, docker-cmd-entrypoint, docker-user, container-healthcheck, runs-as-root, unpinned-image, package-cache-in-layer, hardcoded-secret
# A tools image: archives and downloads, comments that only mention instructions.
FROM debian:bookworm-slim AS fetch
ADD https://example.com/tool.tar.gz /tmp/
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ docker-add-url
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d http://example.com/x /x
#                                                                                      ^^^^^^^^^^^^^^^^^^^^ docker-add-url
ADD rootfs.tar.xz /
# <- docker-add
ADD --chown=1000 config/ /etc/tool/
# <- docker-add
#                ^^^^^^^ !docker-add-url
COPY entrypoint.sh /usr/local/bin/
#    ^^^^^^^^^^^^^ !docker-add
# USER root and CMD here are words in a comment, not instructions.
# ^^^^^^^^^ !docker-user !runs-as-root
#               ^^^ !docker-cmd-entrypoint
RUN echo "copy --from=fetch" > /notes.txt
#         ^^^^^^^^^^^^^^^^^ !docker-multi-stage
FROM debian:bookworm-slim
# <- runs-as-root
COPY --from=fetch /x /usr/local/bin/x
#    ^^^^^^^^^^^^ docker-multi-stage
COPY --from=busybox:1.36 /bin/busybox /bin/busybox
#    ^^^^^^^^^^^^^^^^^^^ docker-multi-stage
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
# <- docker-cmd-entrypoint
