# sanafeed in a container.
#
#   docker build -t sanafeed .
#   docker run -p 8080:8080 -v sanafeed-data:/data sanafeed
#
# The image's config is packaging/docker.toml: data on the /data volume,
# HTTP on 0.0.0.0:8080, the six sana.sy editions. To use your own, mount it
# over /etc/sanafeed/sanafeed.toml (keep data_dir = "/data" and listen =
# "0.0.0.0:8080"); `docker kill -s HUP` makes serve reload it.

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# Static (no cgo), no local paths, no symbol tables; /out/data becomes the
# volume's mount point, owned by the user the final stage runs as.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/sanafeed ./cmd/sanafeed \
 && mkdir /out/data

# distroless static: CA certificates, tzdata and /etc/passwd, no shell.
FROM gcr.io/distroless/static-debian13:nonroot
COPY --from=build /out/sanafeed /sanafeed
COPY packaging/docker.toml /etc/sanafeed/sanafeed.toml
COPY --from=build --chown=65532:65532 /out/data /data
# nonroot in distroless; numeric, so runtimes can tell it is not root.
USER 65532:65532
WORKDIR /data
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=10s --start-period=1m --retries=3 \
  CMD ["/sanafeed", "healthcheck", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["/sanafeed"]
CMD ["serve", "-config", "/etc/sanafeed/sanafeed.toml"]
